import { useEffect, useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useIntl } from 'react-intl';
import { useAppDispatch, useAppSelector, useAppStore } from '../store/hooks';
import { lastOwnPostId, sendPost, sendTyping } from '../store/post-thunks';
import { saveDraft } from '../store/draft-actions';
import { draftKey } from '../store/drafts-slice';
import { editStarted } from '../store/ui-slice';
import { suggest, type Suggestion } from '../store/autocomplete-actions';
import { applyCompletion, findTrigger, type Trigger } from '../app/autocomplete';
import { SuggestionList } from './SuggestionList';
import { uploadFiles } from '../store/file-actions';
import { uploadErrorDismissed, uploadKey, uploadRemoved, uploadsCleared, type Upload, type UploadError } from '../store/uploads-slice';
import { formatFileSize } from '../app/file-size';
import { useMessageText, useT } from '../i18n/use-t';
import { CloseIcon, FileIcon, PaperclipIcon, SendIcon } from './Icons';

const MAX_HEIGHT = 240;
const NO_UPLOADS: Upload[] = [];

/** On a phone, focusing the box on every channel switch would pop up the keyboard. */
function hasFinePointer(): boolean {
  return typeof window.matchMedia !== 'function' || window.matchMedia('(pointer: fine)').matches;
}

/** Something dragged over the page is files (not text or a link from the page itself). */
function carriesFiles(e: DragEvent): boolean {
  return [...e.dataTransfer.types].includes('Files');
}

/** The composer for a channel or thread, to give focus back to after editing a post. */
export function focusComposer(channelId: string, rootId: string): void {
  document.querySelector<HTMLTextAreaElement>(`textarea[data-composer="${channelId}:${rootId}"]`)?.focus();
}

/**
 * The message box: Enter sends, Shift+Enter starts a new line, Up in an empty box edits your last message;
 * @, ~ and : offer people, channels and emoji; typing is announced to the channel and kept as a draft.
 * Files come from the attach button, a drop or a paste, upload at once and go with the next message.
 */
export function Composer({ channelId, rootId, placeholder, autoFocus = hasFinePointer() }: { channelId: string; rootId: string; placeholder: string; autoFocus?: boolean }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const key = uploadKey(channelId, rootId);
  const [text, setText] = useState(() => store.getState().drafts.byKey[draftKey(channelId, rootId)] ?? '');
  const storedDraft = useAppSelector((s) => s.drafts.byKey[draftKey(channelId, rootId)]);
  const uploads = useAppSelector((s) => s.uploads.byKey[key] ?? NO_UPLOADS);
  const uploadError = useAppSelector((s) => s.uploads.errors[key]);
  const [dropping, setDropping] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  /** Where the caret goes once a completion has been rendered. */
  const pendingCaret = useRef<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const asked = useRef(0);
  const uploading = uploads.some((u) => u.file === null);
  const attached = uploads.flatMap((u) => (u.file ? [u.file] : []));
  // A message waits for its files: sending without them would post something other than what was meant.
  const canSend = !uploading && (text.trim() !== '' || attached.length > 0);
  const open = trigger !== null && suggestions.length > 0;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
  }, [text]);

  // A draft that arrives after the box opened (the server's copy, typed on another device) fills an empty box.
  useEffect(() => {
    if (storedDraft) setText((now) => (now === '' ? storedDraft : now));
  }, [storedDraft]);

  // Suggestions follow what is typed at the caret; a slow answer to an older question is dropped.
  useEffect(() => {
    if (!trigger) {
      setSuggestions([]);
      return;
    }
    const n = ++asked.current;
    const timer = window.setTimeout(
      () => {
        dispatch(suggest(trigger, channelId)).then(
          (list) => {
            if (n !== asked.current) return;
            setSuggestions(list);
            setActive(0);
          },
          () => n === asked.current && setSuggestions([]),
        );
      },
      trigger.kind === 'emoji' ? 0 : 120,
    );
    return () => window.clearTimeout(timer);
  }, [dispatch, trigger, channelId]);

  function findTriggerAtCaret(value: string) {
    const el = ref.current;
    const caret = el?.selectionStart ?? value.length;
    const next = el && el.selectionEnd !== el.selectionStart ? null : findTrigger(value, caret);
    setTrigger((prev) => (prev && next && prev.kind === next.kind && prev.term === next.term && prev.start === next.start ? prev : next));
  }

  function update(value: string) {
    setText(value);
    dispatch(saveDraft(channelId, rootId, value));
    if (value.trim()) dispatch(sendTyping(channelId, rootId));
    findTriggerAtCaret(value);
  }

  function complete(s: Suggestion) {
    if (!trigger) return;
    const next = applyCompletion(text, trigger, s.completion);
    setText(next.text);
    dispatch(saveDraft(channelId, rootId, next.text));
    setTrigger(null);
    pendingCaret.current = next.caret;
  }

  // The caret goes after the completion in the same commit that shows it: set any later (a frame later),
  // it would move back over characters typed in between.
  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null) return;
    pendingCaret.current = null;
    ref.current?.focus();
    ref.current?.setSelectionRange(caret, caret);
  }, [text]);

  function send(e?: FormEvent) {
    e?.preventDefault();
    if (!canSend) return;
    void dispatch(sendPost(channelId, rootId, text, attached));
    dispatch(uploadsCleared(key));
    setText('');
    setTrigger(null);
    // Posting deletes the server's copy of the draft; only the local one needs clearing.
    dispatch(saveDraft(channelId, rootId, '', { sync: false }));
    ref.current?.focus();
  }

  function attach(files: FileList | null) {
    if (files && files.length > 0) void dispatch(uploadFiles(channelId, rootId, [...files]));
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // While an input method is composing (Japanese, Chinese …), keys belong to it.
    if (e.nativeEvent.isComposing) return;
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        const s = suggestions[active];
        if (s) complete(s);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setTrigger(null);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      send();
      return;
    }
    if (e.key === 'ArrowUp' && text === '' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      const id = dispatch(lastOwnPostId(channelId, rootId));
      if (id) {
        e.preventDefault();
        dispatch(editStarted({ postId: id, inThread: rootId !== '' }));
      }
    }
  }

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    if (e.clipboardData.files.length === 0) return;
    e.preventDefault();
    attach(e.clipboardData.files);
  }

  function onDragOver(e: DragEvent<HTMLFormElement>) {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  }

  function onDragLeave(e: DragEvent<HTMLFormElement>) {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
  }

  function onDrop(e: DragEvent<HTMLFormElement>) {
    setDropping(false);
    if (e.dataTransfer.files.length === 0) return;
    e.preventDefault();
    attach(e.dataTransfer.files);
  }

  return (
    <>
      <form className={`composer${dropping ? ' composer--dropping' : ''}`} onSubmit={send} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
        {open && <SuggestionList id={listId} items={suggestions} active={active} onPick={complete} onHover={setActive} />}
        {uploads.length > 0 && (
          <ul className="composer__files">
            {uploads.map((u) => (
              <UploadChip key={u.clientId} upload={u} onRemove={() => dispatch(uploadRemoved({ key, clientId: u.clientId }))} />
            ))}
          </ul>
        )}
        <div className="composer__row">
          <button type="button" className="icon-button composer__attach" aria-label={t('composer.attach')} title={t('composer.attach')} onClick={() => fileInput.current?.click()}>
            <PaperclipIcon size={18} />
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            onChange={(e) => {
              attach(e.target.files);
              // The same file chosen again is a new attachment.
              e.target.value = '';
            }}
          />
          <textarea
            ref={ref}
            className="composer__input"
            rows={1}
            value={text}
            placeholder={placeholder}
            aria-label={placeholder}
            autoFocus={autoFocus}
            dir="auto"
            data-composer={`${channelId}:${rootId}`}
            aria-autocomplete="list"
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open ? `${listId}-${active}` : undefined}
            onChange={(e) => update(e.target.value)}
            onKeyDown={onKeyDown}
            onSelect={(e) => findTriggerAtCaret(e.currentTarget.value)}
            onBlur={() => setTrigger(null)}
            onPaste={onPaste}
          />
          <button type="submit" className="composer__send" aria-label={t('composer.send')} title={t('composer.send')} disabled={!canSend}>
            <SendIcon size={18} />
          </button>
        </div>
        {dropping && (
          <div className="composer__drop-hint" aria-hidden="true">
            {t('composer.dropHint')}
          </div>
        )}
      </form>
      {uploadError && (
        <p className="composer__error" role="alert">
          <UploadErrorText error={uploadError} />
          <button type="button" className="icon-button icon-button--small" aria-label={t('common.dismiss')} onClick={() => dispatch(uploadErrorDismissed(key))}>
            <CloseIcon size={14} />
          </button>
        </p>
      )}
    </>
  );
}

function UploadChip({ upload, onRemove }: { upload: Upload; onRemove: () => void }) {
  const t = useT();
  const intl = useIntl();
  const pending = upload.file === null;
  return (
    <li className={`upload${pending ? ' upload--pending' : ''}`}>
      {pending ? <span className="spinner spinner--small" role="status" aria-label={t('composer.uploading', { name: upload.name })} /> : <FileIcon size={16} />}
      <span className="upload__name" title={upload.name}>
        {upload.name}
      </span>
      <span className="upload__size">{formatFileSize(upload.size, intl.locale)}</span>
      <button type="button" className="icon-button icon-button--small" aria-label={t('composer.removeFile', { name: upload.name })} onClick={onRemove}>
        <CloseIcon size={14} />
      </button>
    </li>
  );
}

function UploadErrorText({ error }: { error: UploadError }) {
  const t = useT();
  const text = useMessageText();
  const intl = useIntl();
  switch (error.kind) {
    case 'tooLarge':
      return <span>{t('upload.tooLarge', { name: error.name, max: formatFileSize(error.max, intl.locale) })}</span>;
    case 'tooMany':
      return <span>{t('upload.tooMany', { max: error.max })}</span>;
    case 'server':
      return <span>{t('upload.failed', { name: error.name, message: text(error.message) })}</span>;
  }
}
