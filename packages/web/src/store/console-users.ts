// Roles and state of users as the Users screen shows and changes them (Mattermost's roles string:
// space-separated role names, "system_user" for everyone, plus "system_admin" for administrators).
import type { UserProfile } from '@mattermost/types/users';

export const SYSTEM_ADMIN = 'system_admin';
export const SYSTEM_USER = 'system_user';

export function roleNames(roles: string | undefined): string[] {
  return (roles ?? '').split(/\s+/).filter(Boolean);
}

export function isSystemAdmin(user: Pick<UserProfile, 'roles'> | null | undefined): boolean {
  return roleNames(user?.roles).includes(SYSTEM_ADMIN);
}

/** The roles string with system_admin added or taken away, the other roles kept in their order. */
export function withSystemAdmin(roles: string, on: boolean): string {
  const rest = roleNames(roles).filter((r) => r !== SYSTEM_ADMIN);
  if (!rest.includes(SYSTEM_USER)) rest.unshift(SYSTEM_USER);
  return (on ? [...rest, SYSTEM_ADMIN] : rest).join(' ');
}

export function isActive(user: Pick<UserProfile, 'delete_at'>): boolean {
  return !user.delete_at;
}

export type UserFilter = 'all' | 'active' | 'inactive' | 'admins';

/** getProfiles options for a filter (Mattermost's query parameters). */
export function profileOptions(filter: UserFilter): Record<string, string | boolean> {
  if (filter === 'active') return { active: true };
  if (filter === 'inactive') return { inactive: true };
  if (filter === 'admins') return { role: SYSTEM_ADMIN };
  return {};
}

/** Search results do not take the list's filters, so they are applied here. */
export function matchesFilter(user: UserProfile, filter: UserFilter): boolean {
  if (filter === 'active') return isActive(user);
  if (filter === 'inactive') return !isActive(user);
  if (filter === 'admins') return isSystemAdmin(user);
  return true;
}

/** A listed user replaced by a fresher copy, in place. */
export function replaceUser(list: UserProfile[], user: UserProfile): UserProfile[] {
  return list.map((u) => (u.id === user.id ? user : u));
}

/**
 * getFilteredUsersStats options counting what a filter lists (bots are not listed), or null when the
 * count cannot say it (there is no "deactivated only" count).
 */
export function statsOptions(filter: UserFilter): { include_deleted: boolean; include_bots: boolean; roles?: string[] } | null {
  if (filter === 'inactive') return null;
  if (filter === 'admins') return { include_deleted: false, include_bots: false, roles: [SYSTEM_ADMIN] };
  return { include_deleted: filter === 'all', include_bots: false };
}
