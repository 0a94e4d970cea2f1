import { useEffect, useState } from 'react';
import type { Channel } from '../store/channels-slice';
import { useAppDispatch } from '../store/hooks';
import { joinChannel, listBrowsableChannels } from '../store/team-thunks';
import { useErrorText, useT } from '../i18n/use-t';
import { HashIcon, SearchIcon } from './Icons';

export function BrowseChannels({ onDone }: { onDone: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    dispatch(listBrowsableChannels()).then(
      (list) => live && setChannels(list),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [dispatch]);

  const q = filter.trim().toLowerCase();
  const shown = (channels ?? []).filter((c) => !q || c.display_name.toLowerCase().includes(q) || c.name.includes(q) || c.purpose.toLowerCase().includes(q));

  async function join(id: string) {
    setBusy(true);
    try {
      await dispatch(joinChannel(id));
      onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <div className="browse">
      <label className="search-field">
        <SearchIcon size={16} />
        <input className="input input--bare" autoFocus value={filter} placeholder={t('browse.filter')} aria-label={t('browse.filter')} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      {channels === null ? (
        <span className="spinner" />
      ) : shown.length === 0 ? (
        <p className="muted empty-state">{channels.length === 0 ? t('browse.none') : t('browse.noMatch')}</p>
      ) : (
        <ul className="list list--scroll">
          {shown.map((c) => (
            <li key={c.id} className="list__row">
              <HashIcon size={16} />
              <span className="list__main">
                <span className="list__title">{c.display_name}</span>
                {c.purpose && <span className="list__sub">{c.purpose}</span>}
              </span>
              <button type="button" className="button" disabled={busy} onClick={() => void join(c.id)}>
                {t('browse.join')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="browse__count muted">{t('browse.count', { count: shown.length })}</p>
    </div>
  );
}
