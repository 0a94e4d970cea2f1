// Roles (Mattermost's app/role.go and api4/role.go): the built-in roles, readable by everyone signed in and
// editable by system admins. Edits are stored per role name (store/roles.ts) and held here as the role table
// every permission check reads (authorize.ts), swapped whole on a change so a check never sees half of one.
// Other nodes re-read the table when the role_updated event passes through their hub.
// The roles of permission schemes (app/schemes.ts) are held here too, with the scheme assignments
// (SchemeIndex), and are read and edited through the same routes.
import { makeEvent } from '../events/event.js';
import { GUEST_ROLE_NAMES, KNOWN_PERMISSIONS, NOT_PATCHABLE_PERMISSIONS, SCHEME_ROLE_NAMES } from '../permissions/catalog.js';
import { buildRoleTable, DEFAULT_ROLE_TABLE, type RoleTable } from '../permissions/check.js';
import { BUILT_IN_ROLES, type RoleDefinition } from '../permissions/roles.js';
import { AppError, badRequest, invalidParam, notFound } from '../platform/errors.js';
import { presentRole, type WireRole } from '../presenters/role.js';
import type { SchemeAssignments, StoredRole, StoredScheme } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import { SCHEME_ROLE_SLOTS, SchemeIndex } from './scheme-index.js';
import type { AuthSession } from './session.js';

/** Mattermost's IsValidRoleName. */
const ROLE_NAME = /^[a-z0-9_]{1,64}$/;

const roleNotFound = (id: string) => notFound('app.role.get.app_error', 'Unable to get role.', `id=${id}`);
const roleNameNotFound = (name: string) => notFound('app.role.get_by_name.app_error', 'Unable to get role.', `name=${name.slice(0, 64)}`);

export interface RolePatch {
  permissions?: string[];
}

export class RoleService {
  /** The current role table; read by every permission check. */
  table: RoleTable = DEFAULT_ROLE_TABLE;
  /** The permission schemes and where they apply; swapped together with the table. */
  schemes = new SchemeIndex();
  private byName = new Map<string, WireRole>();
  private byId = new Map<string, WireRole>();
  /** Scheme role name → its definition (the built-in role it started from, for the guest rule and defaults). */
  private schemeRoles = new Map<string, { def: RoleDefinition; base: string }>();
  /** Loads run one after another, so an older read can never replace a newer one. */
  private loading: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {
    this.install([], [], { teams: [], channels: [] });
  }

  /**
   * Reads the stored edits, schemes and scheme assignments and installs them: at start, on another node's
   * role_updated or schemes_changed, after a bus gap.
   */
  load(): Promise<void> {
    const next = this.loading.then(async () => {
      const { roles, schemes } = this.ctx.store;
      const [stored, all, assignments] = await Promise.all([roles.getAll(), schemes.getAll(), schemes.assignments()]);
      this.install(stored, all, assignments);
    });
    this.loading = next.catch(() => {});
    return next;
  }

  private install(stored: readonly StoredRole[], schemes: readonly StoredScheme[], assignments: SchemeAssignments): void {
    const rows = new Map(stored.map((s) => [s.name, s]));
    const edits = new Map([...rows].filter(([name]) => BUILT_IN_ROLES[name]));
    const roles = Object.values(BUILT_IN_ROLES).map((def) => presentRole(def, edits.get(def.name)));
    const schemeRoles = new Map<string, { def: RoleDefinition; base: string }>();
    for (const scheme of schemes) {
      for (const slot of SCHEME_ROLE_SLOTS) {
        const name = scheme[slot.field];
        if (!name) continue;
        // A role without a row (not expected) starts from the built-in role's defaults.
        const def: RoleDefinition = {
          name,
          display_name: `${slot.label} for Scheme ${scheme.name}`,
          description: '',
          permissions: BUILT_IN_ROLES[slot.base]!.permissions,
          scheme_managed: true,
        };
        schemeRoles.set(name, { def, base: slot.base });
        roles.push(presentRole(def, rows.get(name), false));
      }
    }
    const extra = new Map([...schemeRoles].map(([name, { def }]) => [name, rows.get(name)?.permissions ?? def.permissions]));
    this.byName = new Map(roles.map((r) => [r.name, r]));
    this.byId = new Map(roles.map((r) => [r.id, r]));
    this.schemeRoles = schemeRoles;
    this.table = buildRoleTable(new Map([...edits].map(([name, s]) => [name, s.permissions])), extra);
    this.schemes = new SchemeIndex(schemes, assignments);
  }

  /** GET /roles: every role, for the System Console. */
  getAllRoles(session: AuthSession): WireRole[] {
    this.app.authz.requireSystem(session, 'manage_system');
    return [...this.byName.values()];
  }

  /** GET /roles/{id}. */
  getRole(id: string): WireRole {
    const role = this.byId.get(id);
    if (!role) throw roleNotFound(id);
    return role;
  }

  /** GET /roles/name/{name}. */
  getRoleByName(name: string): WireRole {
    const role = ROLE_NAME.test(name) ? this.byName.get(name) : undefined;
    if (!role) throw roleNameNotFound(name);
    return role;
  }

  /**
   * POST /roles/names: the roles that exist among the names, from memory — every web client asks this on
   * start-up for the current user's roles. Names are trimmed; an empty list or an invalid name is a 400.
   */
  getRolesByNames(names: readonly string[]): WireRole[] {
    if (names.length === 0) throw invalidParam('rolenames');
    const out: WireRole[] = [];
    const seen = new Set<string>();
    for (const raw of names) {
      const name = raw.trim();
      if (!ROLE_NAME.test(name)) throw invalidParam('rolename');
      const role = this.byName.get(name);
      if (role && !seen.has(name)) out.push(role);
      seen.add(name);
    }
    return out;
  }

  /** PUT /roles/{id}/patch: replaces the role's permission list. */
  async patchRole(session: AuthSession, id: string, patch: RolePatch): Promise<WireRole> {
    const old = this.getRole(id);
    // As Mattermost: system_admin needs manage_system; scheme roles are edited on the Permissions pages,
    // the other system roles on System Roles.
    this.app.authz.requireSystem(session, old.name === 'system_admin' ? 'manage_system' : 'sysconsole_write_user_management_permissions');
    const schemeRole = this.schemeRoles.get(old.name);
    if (!SCHEME_ROLE_NAMES.has(old.name) && !schemeRole) this.app.authz.requireSystem(session, 'sysconsole_write_user_management_system_roles');
    if (patch.permissions === undefined) return old;
    if (GUEST_ROLE_NAMES.has(schemeRole?.base ?? old.name)) {
      // Guest permissions are a licensed feature in Mattermost; Parley reports no license.
      throw new AppError('api.roles.patch_roles.license.error', 'Your license does not support updating guest permissions.', 501);
    }
    const next = [...new Set(patch.permissions)];
    const unknown = next.filter((p) => !KNOWN_PERMISSIONS.has(p));
    if (unknown.length > 0) {
      throw badRequest('app.role.save.invalid_role.app_error', 'The role was not valid.', `unknown permissions: ${unknown.slice(0, 10).join(', ').slice(0, 500)}`);
    }
    const before = new Set(old.permissions);
    const after = new Set(next);
    const changed = [...next.filter((p) => !before.has(p)), ...old.permissions.filter((p) => !after.has(p))];
    for (const p of changed) {
      if (NOT_PATCHABLE_PERMISSIONS.has(p)) {
        throw new AppError('api.roles.patch_roles.not_allowed_permission.error', 'One or more of the following permissions are not allowed to be added or removed.', 501, `Cannot add or remove permission: ${p}`);
      }
    }
    if (old.name === 'system_admin' && !after.has('manage_system')) {
      // Without it nobody could edit roles or the configuration again.
      throw badRequest('api.roles.patch_roles.not_allowed_permission.error', 'The system admin role must keep manage_system.', 'Cannot remove permission: manage_system');
    }
    if (changed.length === 0) return old;
    const now = this.ctx.clock.now();
    const stored: StoredRole = { name: old.name, permissions: next, create_at: old.create_at || now, update_at: now };
    const role = schemeRole ? presentRole(schemeRole.def, stored, false) : presentRole(BUILT_IN_ROLES[old.name]!, stored);
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.roles.save(stored);
      emit(makeEvent('role_updated', { role: JSON.stringify(role) }, { all: true }));
    });
    // This node applies the change before answering; the others re-read when the event reaches them.
    await this.load();
    return role;
  }
}
