// The Permissions screen: each editable role's permissions as a checklist, and what saving sends.
import type { Role } from '@mattermost/types/roles';

/** The roles the console edits, as Mattermost's default permission scheme names them. */
export const EDITABLE_ROLES = ['system_user', 'team_user', 'team_admin', 'channel_user', 'channel_admin'] as const;
export type EditableRole = (typeof EDITABLE_ROLES)[number];

/** Read only for the list of permissions there are: the system admin holds every one. */
export const REFERENCE_ROLE = 'system_admin';

/**
 * Every permission a checklist offers: what the system admin and the editable roles hold, without the
 * console's own sysconsole_* permissions (those gate screens of Mattermost's console, not actions).
 */
export function permissionUniverse(roles: readonly Pick<Role, 'permissions'>[]): string[] {
  const all = new Set<string>();
  for (const r of roles) for (const p of r.permissions) if (!p.startsWith('sysconsole_')) all.add(p);
  return [...all].sort();
}

export function toggled(permissions: readonly string[], name: string, on: boolean): string[] {
  const rest = permissions.filter((p) => p !== name);
  return (on ? [...rest, name] : rest).sort();
}

export function samePermissions(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((p, i) => p === y[i]);
}

/** The permissions whose names contain the filter text (case-insensitive, "_" and " " alike). */
export function filterPermissions(names: readonly string[], filter: string): string[] {
  const f = filter.trim().toLowerCase().replace(/\s+/g, '_');
  return f ? names.filter((n) => n.includes(f)) : [...names];
}
