import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useAppDispatch } from '../store/hooks';
import { sendPost, sendTyping } from '../store/post-thunks';
import { useT } from '../i18n/use-t';
import { SendIcon } from './Icons';

// Unsent text per channel and thread survives switching away and back (not reloads).
const drafts = new Map<string, string>();
const MAX_HEIGHT = 240;

/** On a phone, focusing the box on every channel switch would pop up the keyboard. */
function hasFinePointer(): boolean {
  return typeof window.matchMedia !== 'function' || window.matchMedia('(pointer: fine)').matches;
}

/** The message box: Enter sends, Shift+Enter starts a new line; typing is announced to the channel. */
export function Composer({ channelId, rootId, placeholder, autoFocus = hasFinePointer() }: { channelId: string; rootId: string; placeholder: string; autoFocus?: boolean }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const key = `${channelId}:${rootId}`;
  const [text, setText] = useState(() => drafts.get(key) ?? '');
  const ref = useRef<HTMLTextAreaElement>(null);

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
    if (text.trim() === '') return;
    void dispatch(sendPost(channelId, rootId, text));
    update('');
    ref.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // While an input method is composing (Japanese, Chinese …), Enter confirms the composition.
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }

  return (
    <form className="composer" onSubmit={send}>
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
      />
      <button type="submit" className="composer__send" aria-label={t('composer.send')} title={t('composer.send')} disabled={text.trim() === ''}>
        <SendIcon size={18} />
      </button>
    </form>
  );
}
