import { useEffect, useId, useState } from 'react';
import type { Role } from '@mattermost/types/roles';
import type { Scheme, SchemeScope } from '@mattermost/types/schemes';
import {
  EDITABLE_ROLES,
  REFERENCE_ROLE,
  assignable,
  filterPermissions,
  permissionUniverse,
  roleNameIn,
  samePermissions,
  schemeRoles,
  schemeToCreate,
  toggled,
  type EditableRole,
  type SchemeDraft,
} from '../../store/console-permissions';
import { useT } from '../../i18n/use-t';
import { ConfirmDialog } from '../ConfirmDialog';
import { SearchIcon } from '../Icons';
import { Feedback } from './Feedback';
import { useAction, useClientRequest } from './use-console';

const PER_PAGE = 200;
const NO_DRAFT: SchemeDraft = { displayName: '', description: '', scope: 'team' };

interface Target {
  id: string;
  label: string;
}

/**
 * The built-in scheme's roles and each permission scheme's as checklists of permissions (saving patches
 * that role); creating and deleting schemes, and which teams (channels) a scheme applies to.
 */
export function PermissionsPanel() {
  const t = useT();
  const id = useId();
  const request = useClientRequest();
  const action = useAction();
  const [roles, setRoles] = useState<Record<string, Role> | null>(null);
  const [universe, setUniverse] = useState<string[]>([]);
  const [schemes, setSchemes] = useState<Scheme[]>([]);
  const [schemeId, setSchemeId] = useState('');
  const [current, setCurrent] = useState<EditableRole>('system_user');
  const [draft, setDraft] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState<SchemeDraft | null>(null);
  const [deleting, setDeleting] = useState<Scheme | null>(null);
  const [assigned, setAssigned] = useState<Target[]>([]);
  const [targets, setTargets] = useState<Target[]>([]);
  const [adding, setAdding] = useState('');

  const scheme = schemes.find((s) => s.id === schemeId) ?? null;
  const roleName = roleNameIn(scheme, current);
  const role = roles?.[roleName];
  const changed = role ? !samePermissions(role.permissions, draft) : false;

  useEffect(() => {
    void action.run(async () => {
      const [list, all] = await Promise.all([
        request((c) => c.getRolesByNames([...EDITABLE_ROLES, REFERENCE_ROLE])),
        request((c) => c.getSchemes('', 0, PER_PAGE)),
      ]);
      const byName = Object.fromEntries(list.map((r) => [r.name, r]));
      setRoles(byName);
      setUniverse(permissionUniverse(list));
      setSchemes(all);
      setDraft(byName.system_user?.permissions ?? []);
    }).then((ok) => !ok && setRoles({}));
    // Loaded once per visit.
  }, []);

  /** Shows a scheme (or the built-in one): loads its roles and where it applies. */
  async function openScheme(next: Scheme | null) {
    const first = schemeRoles(next)[0]!;
    setSchemeId(next?.id ?? '');
    setCurrent(first);
    setAssigned([]);
    setAdding('');
    if (!next) {
      setDraft(roles?.[first]?.permissions ?? []);
      return;
    }
    await action.run(async () => {
      const names = schemeRoles(next).map((r) => roleNameIn(next, r));
      const [list, on, all] = await Promise.all([
        request((c) => c.getRolesByNames(names)),
        next.scope === 'team'
          ? request((c) => c.getSchemeTeams(next.id, 0, PER_PAGE)).then((ts) => ts.map((x) => ({ id: x.id, label: x.display_name })))
          : request((c) => c.getSchemeChannels(next.id, 0, PER_PAGE)).then((cs) => cs.map((x) => ({ id: x.id, label: x.display_name }))),
        next.scope === 'team'
          ? request((c) => c.getTeams(0, PER_PAGE)).then((ts) => (ts as { id: string; display_name: string }[]).map((x) => ({ id: x.id, label: x.display_name })))
          : request((c) => c.getAllChannels(0, PER_PAGE, undefined, false, false, false, undefined, undefined, undefined)).then((cs) =>
              cs.map((x) => ({ id: x.id, label: `${x.team_display_name} / ${x.display_name}` })),
            ),
      ]);
      setRoles((old) => ({ ...old, ...Object.fromEntries(list.map((r) => [r.name, r])) }));
      setDraft(list.find((r) => r.name === roleNameIn(next, first))?.permissions ?? []);
      setAssigned(on);
      setTargets(all);
    });
  }

  function choose(name: EditableRole) {
    setCurrent(name);
    setDraft(roles?.[roleNameIn(scheme, name)]?.permissions ?? []);
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

  async function create(d: SchemeDraft) {
    const body = schemeToCreate(d, Date.now().toString(36));
    if (!body) return;
    await action.run(async () => {
      const made = await request((c) => c.createScheme(body as Scheme));
      setSchemes((old) => [...old, made]);
      setCreating(null);
      await openScheme(made);
    }, t('console.schemes.created', { name: body.display_name }));
  }

  async function remove(s: Scheme) {
    await action.run(async () => {
      await request((c) => c.deleteScheme(s.id));
      setSchemes((old) => old.filter((x) => x.id !== s.id));
      await openScheme(null);
    }, t('console.schemes.deleted', { name: s.display_name }));
  }

  async function assign(target: Target, on: boolean) {
    if (!scheme) return;
    const value = on ? scheme.id : '';
    await action.run(async () => {
      if (scheme.scope === 'team') await request((c) => c.updateTeamScheme(target.id, value));
      else await request((c) => c.updateChannelScheme(target.id, value));
      setAssigned((old) => (on ? [...old, target] : old.filter((x) => x.id !== target.id)));
      setAdding('');
    }, t(on ? 'console.schemes.assigned' : 'console.schemes.unassigned', { name: target.label }));
  }

  const addable = scheme ? assignable(targets, assigned) : [];
  const draftBody = creating ? schemeToCreate(creating, 'x') : null;

  return (
    <section className="console__panel">
      <div className="console__toolbar">
        <label className="console__filter">
          <span>{t('console.schemes.scheme')}</span>
          <select className="input" value={schemeId} onChange={(e) => void openScheme(schemes.find((s) => s.id === e.target.value) ?? null)}>
            <option value="">{t('console.schemes.system')}</option>
            {schemes.map((s) => (
              <option key={s.id} value={s.id}>
                {t('console.schemes.option', { name: s.display_name, scope: s.scope })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" disabled={action.busy} onClick={() => setCreating(creating ? null : NO_DRAFT)} aria-expanded={creating !== null}>
          {t('console.schemes.new')}
        </button>
        {scheme && (
          <button type="button" className="button button--danger" disabled={action.busy} onClick={() => setDeleting(scheme)}>
            {t('console.schemes.delete')}
          </button>
        )}
      </div>
      {creating && (
        <form
          className="console__toolbar"
          aria-label={t('console.schemes.new')}
          onSubmit={(e) => {
            e.preventDefault();
            void create(creating);
          }}
        >
          <label className="console__filter">
            <span>{t('console.schemes.displayName')}</span>
            <input className="input" value={creating.displayName} maxLength={128} required onChange={(e) => setCreating({ ...creating, displayName: e.target.value })} />
          </label>
          <label className="console__filter">
            <span>{t('console.schemes.description')}</span>
            <input className="input" value={creating.description} maxLength={1024} onChange={(e) => setCreating({ ...creating, description: e.target.value })} />
          </label>
          <label className="console__filter">
            <span>{t('console.schemes.scope')}</span>
            <select className="input" value={creating.scope} onChange={(e) => setCreating({ ...creating, scope: e.target.value as SchemeScope })}>
              <option value="team">{t('console.schemes.scopeName', { scope: 'team' })}</option>
              <option value="channel">{t('console.schemes.scopeName', { scope: 'channel' })}</option>
            </select>
          </label>
          <button type="submit" className="button button--primary" disabled={action.busy || !draftBody}>
            {t('console.schemes.create')}
          </button>
        </form>
      )}
      <div className="console__toolbar">
        <label className="console__filter">
          <span>{t('console.permissions.role')}</span>
          <select className="input" value={current} onChange={(e) => choose(e.target.value as EditableRole)}>
            {schemeRoles(scheme).map((r) => (
              <option key={r} value={r} disabled={roles !== null && !roles[roleNameIn(scheme, r)]}>
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
      {scheme && (
        <fieldset className="settings__section">
          <legend className="settings__legend">{t('console.schemes.appliesTo', { scope: scheme.scope, count: assigned.length })}</legend>
          <ul className="console-permissions">
            {assigned.map((x) => (
              <li key={x.id}>
                <span>{x.label}</span>{' '}
                <button type="button" className="button" disabled={action.busy} onClick={() => void assign(x, false)} aria-label={t('console.schemes.unassignNamed', { name: x.label })}>
                  {t('console.schemes.unassign')}
                </button>
              </li>
            ))}
          </ul>
          <div className="console__toolbar">
            <label className="console__filter">
              <span>{t('console.schemes.add', { scope: scheme.scope })}</span>
              <select className="input" value={adding} onChange={(e) => setAdding(e.target.value)}>
                <option value="" />
                {addable.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.label}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button"
              disabled={action.busy || !adding}
              onClick={() => {
                const target = addable.find((x) => x.id === adding);
                if (target) void assign(target, true);
              }}
            >
              {t('console.schemes.assign')}
            </button>
          </div>
        </fieldset>
      )}
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
      <ConfirmDialog
        open={deleting !== null}
        title={t('console.schemes.delete')}
        message={deleting ? t('console.schemes.deleteConfirm', { name: deleting.display_name }) : ''}
        confirmLabel={t('console.schemes.delete')}
        onConfirm={() => deleting && void remove(deleting)}
        onClose={() => setDeleting(null)}
      />
    </section>
  );
}
