import { useLayoutEffect, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useIntl } from 'react-intl';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { sendPost, sendTyping } from '../store/post-thunks';
import { uploadFiles } from '../store/file-actions';
import { uploadErrorDismissed, uploadKey, uploadRemoved, uploadsCleared, type Upload, type UploadError } from '../store/uploads-slice';
import { formatFileSize } from '../app/file-size';
import { useT } from '../i18n/use-t';
import { CloseIcon, FileIcon, PaperclipIcon, SendIcon } from './Icons';

// Unsent text per channel and thread survives switching away and back (not reloads); attached files are
// kept in the store (uploads) for the same reason.
const drafts = new Map<string, string>();
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

/**
 * The message box: Enter sends, Shift+Enter starts a new line; typing is announced to the channel. Files
 * come from the attach button, a drop or a paste, upload at once and go with the next message.
 */
export function Composer({ channelId, rootId, placeholder, autoFocus = hasFinePointer() }: { channelId: string; rootId: string; placeholder: string; autoFocus?: boolean }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const key = uploadKey(channelId, rootId);
  const [text, setText] = useState(() => drafts.get(key) ?? '');
  const uploads = useAppSelector((s) => s.uploads.byKey[key] ?? NO_UPLOADS);
  const uploadError = useAppSelector((s) => s.uploads.errors[key]);
  const [dropping, setDropping] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploading = uploads.some((u) => u.file === null);
  const attached = uploads.flatMap((u) => (u.file ? [u.file] : []));
  // A message waits for its files: sending without them would post something other than what was meant.
  const canSend = !uploading && (text.trim() !== '' || attached.length > 0);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
  }, [text]);

  function update(value: string) {
    setText(value);
    if (value) drafts.set(key, value);
    else drafts.delete(key);
    if (value.trim()) dispatch(sendTyping(channelId, rootId));
  }

  function send(e?: FormEvent) {
    e?.preventDefault();
    if (!canSend) return;
    void dispatch(sendPost(channelId, rootId, text, attached));
    dispatch(uploadsCleared(key));
    update('');
    ref.current?.focus();
  }

  function attach(files: FileList | null) {
    if (files && files.length > 0) void dispatch(uploadFiles(channelId, rootId, [...files]));
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // While an input method is composing (Japanese, Chinese …), Enter confirms the composition.
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
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
            onChange={(e) => update(e.target.value)}
            onKeyDown={onKeyDown}
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
  const intl = useIntl();
  switch (error.kind) {
    case 'tooLarge':
      return <span>{t('upload.tooLarge', { name: error.name, max: formatFileSize(error.max, intl.locale) })}</span>;
    case 'tooMany':
      return <span>{t('upload.tooMany', { max: error.max })}</span>;
    case 'server':
      return <span>{t('upload.failed', { name: error.name, message: error.message })}</span>;
  }
}
