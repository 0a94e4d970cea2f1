// The permission names Parley understands: what an administrator may put into a role. Pure data.
import { BUILT_IN_ROLES } from './roles.js';

/** Checked by the server but held by no built-in role, so a role can only gain them by being edited. */
const GRANTABLE_ONLY = ['read_other_users_drafts', 'read_deleted_posts'] as const;

export const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set([
  ...Object.values(BUILT_IN_ROLES).flatMap((r) => r.permissions),
  ...GRANTABLE_ONLY,
]);

/**
 * Permissions no role edit may add or remove (Mattermost's notAllowedPermissions): whoever could grant
 * them could grant themselves everything.
 */
export const NOT_PATCHABLE_PERMISSIONS: ReadonlySet<string> = new Set([
  'manage_roles',
  'sysconsole_read_user_management_system_roles',
  'sysconsole_write_user_management_system_roles',
]);

/** Roles Mattermost edits on the Permissions page (scheme roles) rather than as system roles. */
export const SCHEME_ROLE_NAMES: ReadonlySet<string> = new Set([
  'system_user',
  'system_guest',
  'team_admin',
  'team_user',
  'team_guest',
  'channel_admin',
  'channel_user',
  'channel_guest',
]);

export const GUEST_ROLE_NAMES: ReadonlySet<string> = new Set(['system_guest', 'team_guest', 'channel_guest']);
