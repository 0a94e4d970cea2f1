import { useEffect, useState, type KeyboardEvent } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { MAX_GROUP_OTHERS, openConversation, searchUsers } from '../store/team-thunks';
import { selectNameFormat, userDisplayName, userFullName } from '../store/selectors';
import { useErrorText, useT } from '../i18n/use-t';
import { Avatar } from './Avatar';
import { CheckIcon, CloseIcon, SearchIcon } from './Icons';

/**
 * Starting a conversation: pick one person for a direct message, or two to seven for a group message.
 * People are found by name as you type; picked ones show as chips above the list.
 */
export function DirectMessagePicker({ onDone }: { onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const format = useAppSelector(selectNameFormat);
  const [term, setTerm] = useState('');
  const [users, setUsers] = useState<UserProfile[] | null>(null);
  const [picked, setPicked] = useState<UserProfile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const full = picked.length >= MAX_GROUP_OTHERS;

  useEffect(() => {
    let live = true;
    // A short pause so typing a name sends one search, not one per key.
    const timer = window.setTimeout(() => {
      dispatch(searchUsers(term)).then(
        (list) => live && setUsers(list),
        (err: unknown) => live && setError(errorText(err)),
      );
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [dispatch, term, errorText]);

  function toggle(user: UserProfile) {
    setPicked((now) => (now.some((u) => u.id === user.id) ? now.filter((u) => u.id !== user.id) : now.length >= MAX_GROUP_OTHERS ? now : [...now, user]));
    setTerm('');
  }

  async function go() {
    if (picked.length === 0 || busy) return;
    setBusy(true);
    try {
      await dispatch(openConversation(picked.map((u) => u.id)));
      onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    // Backspace in the empty field takes back the last pick, as in Mattermost and most mail clients.
    if (e.key === 'Backspace' && term === '' && picked.length > 0) setPicked((now) => now.slice(0, -1));
    if (e.key === 'Enter' && term === '' && picked.length > 0) {
      e.preventDefault();
      void go();
    }
  }

  return (
    <div className="browse">
      <div className="search-field search-field--chips">
        <SearchIcon size={16} />
        {picked.map((u) => (
          <span key={u.id} className="chip">
            <Avatar userId={u.id} size={18} status={false} />
            {userDisplayName(u, format)}
            <button type="button" className="chip__remove" aria-label={t('dm.remove', { name: userDisplayName(u, format) })} onClick={() => toggle(u)}>
              <CloseIcon size={12} />
            </button>
          </span>
        ))}
        <input className="input input--bare" autoFocus value={term} placeholder={picked.length === 0 ? t('dm.search') : ''} aria-label={t('dm.search')} onChange={(e) => setTerm(e.target.value)} onKeyDown={onKeyDown} />
      </div>
      <p className="field__hint" aria-live="polite">
        {full ? t('dm.full', { max: MAX_GROUP_OTHERS }) : t('dm.hint', { max: MAX_GROUP_OTHERS })}
      </p>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      {users === null ? (
        <span className="spinner" />
      ) : users.length === 0 ? (
        <p className="muted empty-state">{t('dm.none')}</p>
      ) : (
        <ul className="list list--scroll" aria-label={t('dm.results')}>
          {users.map((u) => {
            const chosen = picked.some((p) => p.id === u.id);
            return (
              <li key={u.id}>
                <button type="button" className={`list__row list__row--button${chosen ? ' list__row--chosen' : ''}`} aria-pressed={chosen} disabled={!chosen && full} onClick={() => toggle(u)}>
                  <Avatar userId={u.id} size={28} />
                  <span className="list__main">
                    <span className="list__title">@{u.username}</span>
                    {userFullName(u) && <span className="list__sub">{userFullName(u)}</span>}
                  </span>
                  {chosen && <CheckIcon size={16} />}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="modal__actions">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--primary" disabled={picked.length === 0 || busy} onClick={() => void go()}>
          {picked.length > 1 ? t('dm.startGroup', { count: picked.length + 1 }) : t('dm.go')}
        </button>
      </div>
    </div>
  );
}
