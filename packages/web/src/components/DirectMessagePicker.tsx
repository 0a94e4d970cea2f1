import { useEffect, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { useAppDispatch } from '../store/hooks';
import { openDirectMessage, searchUsers } from '../store/team-thunks';
import { userFullName } from '../store/selectors';
import { errorInfo } from '../store/errors';
import { useT } from '../i18n/use-t';
import { Avatar } from './Avatar';
import { SearchIcon } from './Icons';

export function DirectMessagePicker({ onDone }: { onDone: () => void }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const [term, setTerm] = useState('');
  const [users, setUsers] = useState<UserProfile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    // A short pause so typing a name sends one search, not one per key.
    const timer = window.setTimeout(() => {
      dispatch(searchUsers(term)).then(
        (list) => live && setUsers(list),
        (err: unknown) => live && setError(errorInfo(err).message),
      );
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [dispatch, term]);

  async function open(userId: string) {
    try {
      await dispatch(openDirectMessage(userId));
      onDone();
    } catch (err) {
      setError(errorInfo(err).message);
    }
  }

  return (
    <div className="browse">
      <label className="search-field">
        <SearchIcon size={16} />
        <input className="input input--bare" autoFocus value={term} placeholder={t('dm.search')} aria-label={t('dm.search')} onChange={(e) => setTerm(e.target.value)} />
      </label>
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
        <ul className="list list--scroll">
          {users.map((u) => (
            <li key={u.id}>
              <button type="button" className="list__row list__row--button" onClick={() => void open(u.id)}>
                <Avatar userId={u.id} size={28} />
                <span className="list__main">
                  <span className="list__title">@{u.username}</span>
                  {userFullName(u) && <span className="list__sub">{userFullName(u)}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
