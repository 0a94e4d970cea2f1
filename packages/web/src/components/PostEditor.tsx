import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Post } from '../store/model';
import { useAppDispatch } from '../store/hooks';
import { editPost } from '../store/post-thunks';
import { useT } from '../i18n/use-t';

/** In-place editing: Enter saves, Shift+Enter adds a line, Escape cancels. */
export function PostEditor({ post, onDone }: { post: Post; onDone: () => void }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const [text, setText] = useState(post.message);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  async function save() {
    if (text.trim() === '' || text === post.message) {
      onDone();
      return;
    }
    setBusy(true);
    if (await dispatch(editPost(post.id, text))) onDone();
    else setBusy(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onDone();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  }

  return (
    <div className="post-editor">
      <textarea ref={ref} dir="auto" className="input post-editor__input" aria-label={t('post.edit')} value={text} rows={Math.min(10, text.split('\n').length + 1)} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
      <div className="post-editor__actions">
        <span className="muted">{t('post.edit.hint')}</span>
        <button type="button" className="button button--small" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void save()}>
          {t('common.save')}
        </button>
      </div>
    </div>
  );
}
