import { useEffect, useState, type FormEvent } from 'react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { UserProfile } from '@mattermost/types/users';
import { useAppSelector } from '../../store/hooks';
import { isActive, isSystemAdmin, matchesFilter, profileOptions, replaceUser, statsOptions, withSystemAdmin, type UserFilter } from '../../store/console-users';
import { userFullName } from '../../store/selectors';
import { useT } from '../../i18n/use-t';
import { ConfirmDialog } from '../ConfirmDialog';
import { Modal } from '../Modal';
import { DotsIcon, SearchIcon } from '../Icons';
import { Feedback } from './Feedback';
import { ConsoleTable } from './ConsoleTable';
import { useAction, useClientRequest } from './use-console';

const PER_PAGE = 50;
const FILTERS: UserFilter[] = ['all', 'active', 'inactive', 'admins'];

type Pending = { kind: 'deactivate' | 'revoke' | 'password'; user: UserProfile } | { kind: 'create' } | null;

/** Every account: find one, and activate, promote, sign out or give a new password to it. */
export function UsersPanel() {
  const t = useT();
  const request = useClientRequest();
  const myId = useAppSelector((s) => s.session.me?.id ?? '');
  const action = useAction();
  const [filter, setFilter] = useState<UserFilter>('all');
  const [term, setTerm] = useState('');
  const [users, setUsers] = useState<UserProfile[] | null>(null);
  const [page, setPage] = useState(0);
  const [more, setMore] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [total, setTotal] = useState<number | null>(null);
  // Bumped by every change, so the count follows activations and new accounts.
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    let live = true;
    const options = statsOptions(filter);
    if (!options) {
      setTotal(null);
      return;
    }
    request((c) => c.getFilteredUsersStats(options)).then(
      (stats) => live && setTotal(stats.total_users_count),
      () => live && setTotal(null),
    );
    return () => {
      live = false;
    };
  }, [filter, changes, request]);

  // A search waits for a pause in typing; the list reloads when the filter changes.
  useEffect(() => {
    let live = true;
    const q = term.trim();
    const load = () => {
      const list = q ? request((c) => c.searchUsers(q, { allow_inactive: true, limit: 100 })).then((found) => found.filter((u) => matchesFilter(u, filter))) : request((c) => c.getProfiles(0, PER_PAGE, profileOptions(filter)));
      list.then(
        (found) => {
          if (!live) return;
          setUsers(found);
          setPage(0);
          setMore(!q && found.length === PER_PAGE);
        },
        () => live && setUsers([]),
      );
    };
    const timer = q ? window.setTimeout(load, 300) : undefined;
    if (!q) load();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [term, filter, request]);

  async function loadMore() {
    const next = page + 1;
    await action.run(async () => {
      const list = await request((c) => c.getProfiles(next, PER_PAGE, profileOptions(filter)));
      setUsers((old) => [...(old ?? []), ...list.filter((u) => !old?.some((o) => o.id === u.id))]);
      setPage(next);
      setMore(list.length === PER_PAGE);
    });
  }

  /** Does one change, then shows the user as the server now has them. */
  const change = (user: UserProfile, work: () => Promise<unknown>, done: string) =>
    action.run(async () => {
      await work();
      const fresh = await request((c) => c.getUser(user.id));
      setUsers((old) => (old ? replaceUser(old, fresh) : old));
      setChanges((n) => n + 1);
    }, done);

  const setActive = (user: UserProfile, active: boolean) =>
    change(user, () => request((c) => c.updateUserActive(user.id, active)), t(active ? 'console.users.activated' : 'console.users.deactivated', { username: user.username }));
  const setAdmin = (user: UserProfile, on: boolean) =>
    change(user, () => request((c) => c.updateUserRoles(user.id, withSystemAdmin(user.roles, on))), t('console.users.rolesUpdated', { username: user.username }));
  const revoke = (user: UserProfile) => action.run(() => request((c) => c.revokeAllSessionsForUser(user.id)), t('console.users.revoked', { username: user.username }));

  return (
    <section className="console__panel" aria-labelledby="console-users-list">
      <div className="console__toolbar">
        <label className="search-field console__search">
          <SearchIcon size={16} />
          <input className="input input--bare" type="search" value={term} placeholder={t('console.users.search')} aria-label={t('console.users.search')} onChange={(e) => setTerm(e.target.value)} />
        </label>
        <label className="console__filter">
          <span>{t('console.users.filter')}</span>
          <select className="input" value={filter} onChange={(e) => setFilter(e.target.value as UserFilter)}>
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t('console.users.filterOption', { filter: f })}
              </option>
            ))}
          </select>
        </label>
        {total !== null && <span className="muted">{t('console.users.count', { count: total })}</span>}
        <button type="button" className="button button--primary" onClick={() => setPending({ kind: 'create' })}>
          {t('console.users.create')}
        </button>
      </div>
      <Feedback status={action.status} error={action.error} />
      <h2 className="visually-hidden" id="console-users-list">
        {t('console.users.list')}
      </h2>
      <ConsoleTable
        columns={[
          { label: t('console.users.user') },
          { label: t('console.users.email') },
          { label: t('console.users.role') },
          { label: t('console.users.status') },
          { label: t('console.actions'), hidden: true },
        ]}
        rows={users}
        empty={t('console.users.none')}
        rowKey={(u) => u.id}
        cells={(u) => {
          const active = isActive(u);
          const admin = isSystemAdmin(u);
          const self = u.id === myId;
          return (
            <>
              <td>
                <span className="console-table__name">@{u.username}</span>
                {userFullName(u) && <span className="console-table__sub">{userFullName(u)}</span>}
              </td>
              <td>{u.email}</td>
              <td>{t('console.users.roleName', { admin: admin ? 'yes' : 'no' })}</td>
              <td>
                <span className={`console-state${active ? '' : ' console-state--off'}`}>{t('console.users.state', { active: active ? 'yes' : 'no' })}</span>
              </td>
              <td className="console-table__actions">
                <DropdownMenu.Root>
                  <DropdownMenu.Trigger className="icon-button" aria-label={t('console.users.actionsFor', { username: u.username })} disabled={action.busy}>
                    <DotsIcon size={18} />
                  </DropdownMenu.Trigger>
                  <DropdownMenu.Portal>
                    <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
                      {active ? (
                        !self && (
                          <DropdownMenu.Item className="menu__item menu__item--danger" onSelect={() => setPending({ kind: 'deactivate', user: u })}>
                            {t('console.users.deactivate')}
                          </DropdownMenu.Item>
                        )
                      ) : (
                        <DropdownMenu.Item className="menu__item" onSelect={() => void setActive(u, true)}>
                          {t('console.users.activate')}
                        </DropdownMenu.Item>
                      )}
                      {!self && (
                        <DropdownMenu.Item className="menu__item" onSelect={() => void setAdmin(u, !admin)}>
                          {t(admin ? 'console.users.removeAdmin' : 'console.users.makeAdmin')}
                        </DropdownMenu.Item>
                      )}
                      <DropdownMenu.Item className="menu__item" onSelect={() => setPending({ kind: 'password', user: u })}>
                        {t('console.users.resetPassword')}
                      </DropdownMenu.Item>
                      <DropdownMenu.Item className="menu__item" onSelect={() => setPending({ kind: 'revoke', user: u })}>
                        {t('console.users.revoke')}
                      </DropdownMenu.Item>
                    </DropdownMenu.Content>
                  </DropdownMenu.Portal>
                </DropdownMenu.Root>
              </td>
            </>
          );
        }}
      />
      {more && !term.trim() && (
        <button type="button" className="button console__more" disabled={action.busy} onClick={() => void loadMore()}>
          {t('console.more')}
        </button>
      )}

      <ConfirmDialog
        open={pending?.kind === 'deactivate'}
        title={t('console.users.deactivate')}
        message={pending?.kind === 'deactivate' ? t('console.users.deactivateConfirm', { username: pending.user.username }) : ''}
        confirmLabel={t('console.users.deactivate')}
        onConfirm={() => pending?.kind === 'deactivate' && void setActive(pending.user, false)}
        onClose={() => setPending(null)}
      />
      <ConfirmDialog
        open={pending?.kind === 'revoke'}
        title={t('console.users.revoke')}
        message={pending?.kind === 'revoke' ? t('console.users.revokeConfirm', { username: pending.user.username }) : ''}
        confirmLabel={t('console.users.revoke')}
        onConfirm={() => pending?.kind === 'revoke' && void revoke(pending.user)}
        onClose={() => setPending(null)}
      />
      <Modal open={pending?.kind === 'password'} onClose={() => setPending(null)} title={t('console.users.resetPassword')}>
        {pending?.kind === 'password' && (
          <PasswordForm
            user={pending.user}
            onDone={(saved) => {
              if (saved) action.report(t('console.users.passwordSet', { username: pending.user.username }));
              setPending(null);
            }}
          />
        )}
      </Modal>
      <Modal open={pending?.kind === 'create'} onClose={() => setPending(null)} title={t('console.users.create')}>
        {pending?.kind === 'create' && (
          <CreateUserForm
            onCreated={(user) => {
              setPending(null);
              setUsers((old) => [user, ...(old ?? [])]);
              setChanges((n) => n + 1);
              action.report(t('console.users.created', { username: user.username }));
            }}
          />
        )}
      </Modal>
    </section>
  );
}

function PasswordForm({ user, onDone }: { user: UserProfile; onDone: (saved: boolean) => void }) {
  const t = useT();
  const request = useClientRequest();
  const action = useAction();
  const [password, setPassword] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    // An administrator sets another user's password without knowing the current one.
    if (await action.run(() => request((c) => c.updateUserPassword(user.id, '', password)))) onDone(true);
  }

  return (
    <form className="form" onSubmit={submit}>
      <p>{t('console.users.passwordFor', { username: user.username })}</p>
      <label className="field">
        <span className="field__label">{t('console.users.newPassword')}</span>
        <input className="input" type="password" autoComplete="new-password" required autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <Feedback status="" error={action.error} />
      <div className="modal__actions">
        <button type="button" className="button" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={action.busy || !password}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (user: UserProfile) => void }) {
  const t = useT();
  const request = useClientRequest();
  const action = useAction();
  const [fields, setFields] = useState({ username: '', email: '', password: '', first_name: '', last_name: '' });
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    let created: UserProfile | null = null;
    const ok = await action.run(async () => {
      created = await request((c) => c.createUser({ ...fields, username: fields.username.trim().toLowerCase(), email: fields.email.trim() } as UserProfile, '', ''));
    });
    if (ok && created) onCreated(created);
  }

  return (
    <form className="form" onSubmit={submit}>
      <label className="field">
        <span className="field__label">{t('console.users.username')}</span>
        <input className="input" required autoFocus autoComplete="off" value={fields.username} onChange={set('username')} />
      </label>
      <label className="field">
        <span className="field__label">{t('console.users.email')}</span>
        <input className="input" type="email" required autoComplete="off" value={fields.email} onChange={set('email')} />
      </label>
      <div className="field-row">
        <label className="field">
          <span className="field__label">{t('settings.firstName')}</span>
          <input className="input" autoComplete="off" value={fields.first_name} onChange={set('first_name')} />
        </label>
        <label className="field">
          <span className="field__label">{t('settings.lastName')}</span>
          <input className="input" autoComplete="off" value={fields.last_name} onChange={set('last_name')} />
        </label>
      </div>
      <label className="field">
        <span className="field__label">{t('console.users.password')}</span>
        <input className="input" type="password" required autoComplete="new-password" value={fields.password} onChange={set('password')} />
      </label>
      <Feedback status="" error={action.error} />
      <div className="modal__actions">
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {t('console.users.create')}
        </button>
      </div>
    </form>
  );
}
