import { useAppSelector } from '../store/hooks';
import { selectNameFormat, selectTypingUserIds, userDisplayName } from '../store/selectors';
import { useT } from '../i18n/use-t';

export function TypingIndicator({ channelId, parentId }: { channelId: string; parentId: string }) {
  const t = useT();
  const ids = useAppSelector((s) => selectTypingUserIds(s, channelId, parentId));
  const users = useAppSelector((s) => s.users.byId);
  const format = useAppSelector(selectNameFormat);
  const names = ids.map((id) => userDisplayName(users[id], format));
  let text = '';
  if (names.length === 1) {
    const g = users[ids[0]!]?.props?.gender;
    text = t('typing.one', { name: names[0], gender: g === 'female' || g === 'male' ? g : 'other' });
  } else if (names.length === 2) text = t('typing.two', { first: names[0], second: names[1] });
  else if (names.length > 2) text = t('typing.many', { count: names.length });
  return (
    <div className="typing" aria-live="polite">
      {text && (
        <>
          <span className="typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {text}
        </>
      )}
    </div>
  );
}
