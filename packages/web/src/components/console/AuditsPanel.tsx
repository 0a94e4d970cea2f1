import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { Audit } from '@mattermost/types/audits';
import type { UserProfile } from '@mattermost/types/users';
import { useT } from '../../i18n/use-t';
import { SearchIcon } from '../Icons';
import { Feedback } from './Feedback';
import { ConsoleTable } from './ConsoleTable';
import { useAction, useClientRequest } from './use-console';

const PER_PAGE = 100;

/** Filters that narrow what is loaded: who did it and what was done (the API pages, it does not filter). */
export function matchesAudit(audit: Audit, user: UserProfile | undefined, who: string, what: string): boolean {
  const w = who.trim().toLowerCase().replace(/^@/, '');
  const a = what.trim().toLowerCase();
  if (w && !audit.user_id.includes(w) && !(user?.username ?? '').toLowerCase().includes(w)) return false;
  if (a && !audit.action.toLowerCase().includes(a) && !audit.extra_info.toLowerCase().includes(a)) return false;
  return true;
}

/** The server's audit trail, newest first, with who did what from where. */
export function AuditsPanel() {
  const t = useT();
  const intl = useIntl();
  const request = useClientRequest();
  const action = useAction();
  const [audits, setAudits] = useState<Audit[] | null>(null);
  const [users, setUsers] = useState<Record<string, UserProfile>>({});
  const [page, setPage] = useState(0);
  const [more, setMore] = useState(false);
  const [who, setWho] = useState('');
  const [what, setWhat] = useState('');

  async function load(next: number) {
    const list = await request((c) => c.getAudits(next, PER_PAGE));
    const ids = [...new Set(list.map((a) => a.user_id).filter((id) => id && !users[id]))];
    if (ids.length > 0) {
      const found = await request((c) => c.getProfilesByIds(ids)).catch(() => []);
      setUsers((old) => ({ ...old, ...Object.fromEntries(found.map((u) => [u.id, u])) }));
    }
    setAudits((old) => (next === 0 ? list : [...(old ?? []), ...list]));
    setPage(next);
    setMore(list.length === PER_PAGE);
  }

  useEffect(() => {
    void action.run(() => load(0)).then((ok) => !ok && setAudits([]));
    // Loads once; "Load more" and "Refresh" ask again.
  }, []);

  const shown = (audits ?? []).filter((a) => matchesAudit(a, users[a.user_id], who, what));

  return (
    <section className="console__panel">
      <div className="console__toolbar">
        <label className="search-field console__search">
          <SearchIcon size={16} />
          <input className="input input--bare" type="search" value={who} placeholder={t('console.audits.user')} aria-label={t('console.audits.user')} onChange={(e) => setWho(e.target.value)} />
        </label>
        <label className="search-field console__search">
          <SearchIcon size={16} />
          <input className="input input--bare" type="search" value={what} placeholder={t('console.audits.action')} aria-label={t('console.audits.action')} onChange={(e) => setWhat(e.target.value)} />
        </label>
        <button type="button" className="button" disabled={action.busy} onClick={() => void action.run(() => load(0))}>
          {t('console.refresh')}
        </button>
      </div>
      <Feedback status="" error={action.error} />
      <ConsoleTable
        columns={[
          { label: t('console.audits.time') },
          { label: t('console.users.user') },
          { label: t('console.audits.what') },
          { label: t('console.audits.details') },
          { label: t('console.audits.ip') },
        ]}
        rows={audits === null ? null : shown}
        empty={t('console.audits.none')}
        rowKey={(a) => a.id}
        cells={(a) => (
          <>
            <td>
              <time dateTime={new Date(a.create_at).toISOString()}>{intl.formatDate(a.create_at, { dateStyle: 'medium', timeStyle: 'medium' })}</time>
            </td>
            <td>{users[a.user_id] ? `@${users[a.user_id]!.username}` : a.user_id || '—'}</td>
            <td className="console-table__code">{a.action}</td>
            <td className="console-table__code">{a.extra_info}</td>
            <td>{a.ip_address}</td>
          </>
        )}
        dense
      />
      {more && (
        <button type="button" className="button console__more" disabled={action.busy} onClick={() => void action.run(() => load(page + 1))}>
          {t('console.more')}
        </button>
      )}
    </section>
  );
}
