// Pure permission resolution: the cascade system → team → channel, as Mattermost's
// SessionHasPermissionTo / ToTeam / ToChannel. Callers pass role-name lists; no I/O here.
import { BUILT_IN_ROLES } from './roles.js';

/** Role name → the permissions it grants: the built-in defaults with an administrator's changes applied. */
export type RoleTable = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The table for the built-in roles; a role named in `overrides` gets that permission list instead. `extra`
 * adds roles that are not built in (the roles of permission schemes).
 */
export function buildRoleTable(
  overrides: ReadonlyMap<string, readonly string[]> = new Map(),
  extra: ReadonlyMap<string, readonly string[]> = new Map(),
): RoleTable {
  const table = new Map<string, ReadonlySet<string>>([...extra].map(([name, perms]) => [name, new Set(perms)]));
  for (const r of Object.values(BUILT_IN_ROLES)) table.set(r.name, new Set(overrides.get(r.name) ?? r.permissions));
  return table;
}

/** Every role with its default permissions. */
export const DEFAULT_ROLE_TABLE: RoleTable = buildRoleTable();

export function splitRoles(roles: string): string[] {
  return roles.split(' ').filter(Boolean);
}

export function rolesGrant(table: RoleTable, roleNames: readonly string[], permission: string): boolean {
  return roleNames.some((r) => table.get(r)?.has(permission) ?? false);
}

export interface RoleContext {
  /** System roles from the user (or session). */
  system: readonly string[];
  /** Roles from the team membership, if any. */
  team?: readonly string[];
  /** Roles from the channel membership, if any. */
  channel?: readonly string[];
}

export function hasPermission(table: RoleTable, ctx: RoleContext, permission: string): boolean {
  return (
    rolesGrant(table, ctx.system, permission) ||
    (ctx.team !== undefined && rolesGrant(table, ctx.team, permission)) ||
    (ctx.channel !== undefined && rolesGrant(table, ctx.channel, permission))
  );
}

export function isSystemAdmin(systemRoles: readonly string[]): boolean {
  return systemRoles.includes('system_admin');
}

/** The roles a member's scheme flags stand for: the built-in ones, or those of a permission scheme. */
export interface SchemeRoleNames {
  guest: string;
  user: string;
  admin: string;
}

/**
 * The role string Mattermost returns for a member: explicit roles plus roles implied by scheme flags, named
 * by the scheme that applies to the member's team or channel (the built-in roles when none does).
 */
export function memberRoles(
  scope: 'team' | 'channel',
  m: { roles: string; scheme_guest: boolean; scheme_user: boolean; scheme_admin: boolean },
  names?: SchemeRoleNames,
): string {
  const implied: string[] = [];
  if (m.scheme_guest) implied.push(names?.guest ?? `${scope}_guest`);
  if (m.scheme_user) implied.push(names?.user ?? `${scope}_user`);
  if (m.scheme_admin) implied.push(names?.admin ?? `${scope}_admin`);
  const explicit = splitRoles(m.roles).filter((r) => !implied.includes(r));
  return [...explicit, ...implied].join(' ');
}
