import { useT } from '../i18n/use-t';

/** Marks where the posts the reader has not seen yet begin. */
export function NewMessagesLine() {
  const t = useT();
  return (
    <div className="new-messages" role="separator" aria-label={t('posts.newMessages')}>
      <span>{t('posts.newMessages')}</span>
    </div>
  );
}
