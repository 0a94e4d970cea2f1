// Pure permission resolution: the cascade system → team → channel, as Mattermost's
// SessionHasPermissionTo / ToTeam / ToChannel. Callers pass role-name lists; no I/O here.
import { BUILT_IN_ROLES } from './roles.js';

const permissionSets = new Map<string, ReadonlySet<string>>(
  Object.values(BUILT_IN_ROLES).map((r) => [r.name, new Set(r.permissions)]),
);

export function splitRoles(roles: string): string[] {
  return roles.split(' ').filter(Boolean);
}

export function rolesGrant(roleNames: readonly string[], permission: string): boolean {
  return roleNames.some((r) => permissionSets.get(r)?.has(permission) ?? false);
}

export interface RoleContext {
  /** System roles from the user (or session). */
  system: readonly string[];
  /** Roles from the team membership, if any. */
  team?: readonly string[];
  /** Roles from the channel membership, if any. */
  channel?: readonly string[];
}

export function hasPermission(ctx: RoleContext, permission: string): boolean {
  return (
    rolesGrant(ctx.system, permission) ||
    (ctx.team !== undefined && rolesGrant(ctx.team, permission)) ||
    (ctx.channel !== undefined && rolesGrant(ctx.channel, permission))
  );
}

export function isSystemAdmin(systemRoles: readonly string[]): boolean {
  return systemRoles.includes('system_admin');
}

/** The role string Mattermost returns for a member: explicit roles plus roles implied by scheme flags. */
export function memberRoles(
  scope: 'team' | 'channel',
  m: { roles: string; scheme_guest: boolean; scheme_user: boolean; scheme_admin: boolean },
): string {
  const implied: string[] = [];
  if (m.scheme_guest) implied.push(`${scope}_guest`);
  if (m.scheme_user) implied.push(`${scope}_user`);
  if (m.scheme_admin) implied.push(`${scope}_admin`);
  const explicit = splitRoles(m.roles).filter((r) => !implied.includes(r));
  return [...explicit, ...implied].join(' ');
}
