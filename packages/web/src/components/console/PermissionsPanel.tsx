import { useEffect, useId, useState } from 'react';
import type { Role } from '@mattermost/types/roles';
import { EDITABLE_ROLES, REFERENCE_ROLE, filterPermissions, permissionUniverse, samePermissions, toggled, type EditableRole } from '../../store/console-permissions';
import { useT } from '../../i18n/use-t';
import { SearchIcon } from '../Icons';
import { Feedback } from './Feedback';
import { useAction, useClientRequest } from './use-console';

/** Each role of the default scheme as a checklist of permissions; saving patches that role. */
export function PermissionsPanel() {
  const t = useT();
  const id = useId();
  const request = useClientRequest();
  const action = useAction();
  const [roles, setRoles] = useState<Record<string, Role> | null>(null);
  const [universe, setUniverse] = useState<string[]>([]);
  const [current, setCurrent] = useState<EditableRole>('system_user');
  const [draft, setDraft] = useState<string[]>([]);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    void action.run(async () => {
      const list = await request((c) => c.getRolesByNames([...EDITABLE_ROLES, REFERENCE_ROLE]));
      const byName = Object.fromEntries(list.map((r) => [r.name, r]));
      setRoles(byName);
      setUniverse(permissionUniverse(list));
      setDraft(byName.system_user?.permissions ?? []);
    }).then((ok) => !ok && setRoles({}));
    // Loaded once per visit.
  }, []);

  const role = roles?.[current];
  const changed = role ? !samePermissions(role.permissions, draft) : false;

  function choose(name: EditableRole) {
    setCurrent(name);
    setDraft(roles?.[name]?.permissions ?? []);
    action.clear();
  }

  async function save() {
    if (!role) return;
    await action.run(async () => {
      const saved = await request((c) => c.patchRole(role.id, { permissions: draft }));
      setRoles((old) => ({ ...old, [saved.name]: saved }));
      setDraft(saved.permissions);
    }, t('console.permissions.saved', { role: t('console.permissions.roleName', { role: current }) }));
  }

  return (
    <section className="console__panel">
      <div className="console__toolbar">
        <label className="console__filter">
          <span>{t('console.permissions.role')}</span>
          <select className="input" value={current} onChange={(e) => choose(e.target.value as EditableRole)}>
            {EDITABLE_ROLES.map((r) => (
              <option key={r} value={r} disabled={roles !== null && !roles[r]}>
                {t('console.permissions.roleName', { role: r })}
              </option>
            ))}
          </select>
        </label>
        <label className="search-field console__search">
          <SearchIcon size={16} />
          <input className="input input--bare" type="search" value={filter} placeholder={t('console.permissions.filter')} aria-label={t('console.permissions.filter')} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <button type="button" className="button button--primary" disabled={action.busy || !changed} onClick={() => void save()}>
          {t('common.save')}
        </button>
      </div>
      <Feedback status={action.status} error={action.error} />
      {roles === null ? (
        <span className="spinner" />
      ) : !role ? (
        <p className="muted empty-state">{t('console.permissions.none')}</p>
      ) : (
        <fieldset className="settings__section">
          <legend className="settings__legend" id={`${id}-legend`}>
            {t('console.permissions.granted', { role: t('console.permissions.roleName', { role: current }), count: draft.length })}
          </legend>
          <ul className="console-permissions">
            {filterPermissions(universe, filter).map((p) => (
              <li key={p}>
                <label className="radio">
                  <input type="checkbox" checked={draft.includes(p)} onChange={(e) => setDraft((d) => toggled(d, p, e.target.checked))} />
                  <span className="console-table__code">{p}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </section>
  );
}
