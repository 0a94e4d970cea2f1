// The Permissions screen: each editable role's permissions as a checklist, and what saving sends; the
// permission schemes whose roles replace the built-in ones on the teams and channels assigned to them.
import type { Role } from '@mattermost/types/roles';
import type { Scheme, SchemeScope } from '@mattermost/types/schemes';

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

/** The roles of a scheme the console edits; null is the built-in scheme (its guest roles are not offered). */
export function schemeRoles(scheme: Pick<Scheme, 'scope'> | null): readonly EditableRole[] {
  if (!scheme) return EDITABLE_ROLES;
  return scheme.scope === 'team' ? ['team_user', 'team_admin', 'channel_user', 'channel_admin'] : ['channel_user', 'channel_admin'];
}

const SCHEME_ROLE_FIELD = {
  team_user: 'default_team_user_role',
  team_admin: 'default_team_admin_role',
  channel_user: 'default_channel_user_role',
  channel_admin: 'default_channel_admin_role',
} as const;

/** The name of the role that plays `role` in the scheme (the built-in role itself without one). */
export function roleNameIn(scheme: Pick<Scheme, 'default_team_user_role' | 'default_team_admin_role' | 'default_channel_user_role' | 'default_channel_admin_role'> | null, role: EditableRole): string {
  if (!scheme || role === 'system_user') return role;
  return scheme[SCHEME_ROLE_FIELD[role]];
}

/**
 * A scheme name (Mattermost: 2-64 of a-z, 0-9, _) made from the display name, with a suffix so that two
 * schemes of the same display name do not collide.
 */
export function schemeNameFor(displayName: string, suffix: string): string {
  const base = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return `${base || 'scheme'}_${suffix.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12) || '0'}`;
}

export interface SchemeDraft {
  displayName: string;
  description: string;
  scope: SchemeScope;
}

/** What POST /schemes receives for a draft; null while the display name is empty or too long. */
export function schemeToCreate(draft: SchemeDraft, suffix: string): { name: string; display_name: string; description: string; scope: SchemeScope } | null {
  const displayName = draft.displayName.trim();
  if (displayName.length === 0 || displayName.length > 128 || draft.description.length > 1024) return null;
  return { name: schemeNameFor(displayName, suffix), display_name: displayName, description: draft.description.trim(), scope: draft.scope };
}

/** The items not yet on the scheme, for the picker that adds one; sorted by label. */
export function assignable<T extends { id: string; label: string }>(all: readonly T[], assigned: readonly { id: string }[]): T[] {
  const on = new Set(assigned.map((a) => a.id));
  return all.filter((x) => !on.has(x.id)).sort((a, b) => a.label.localeCompare(b.label));
}
