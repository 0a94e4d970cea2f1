// Mattermost's built-in roles and their default permissions (server/public/model/role.go, MakeDefaultRoles,
// plus the defaults that Mattermost's own permission migrations add on a fresh install). Pure data.

export const SYSTEM_USER_PERMISSIONS = [
  'list_public_teams',
  'join_public_teams',
  'create_direct_channel',
  'create_group_channel',
  'view_members',
  'create_team',
  'create_emojis',
  'delete_emojis',
] as const;

export const SYSTEM_GUEST_PERMISSIONS = ['create_direct_channel', 'create_group_channel'] as const;

export const SYSTEM_USER_ACCESS_TOKEN_PERMISSIONS = [
  'create_user_access_token',
  'read_user_access_token',
  'revoke_user_access_token',
] as const;

export const TEAM_USER_PERMISSIONS = [
  'list_team_channels',
  'join_public_channels',
  'read_public_channel',
  'view_team',
  'create_public_channel',
  'create_private_channel',
  'invite_user',
  'add_user_to_team',
  // Mattermost's channel roles carried use_slash_commands; current Mattermost checks only create_post when
  // a command runs, so a team member posting in a channel they have not joined (a team admin) keeps it here.
  'use_slash_commands',
] as const;

export const TEAM_GUEST_PERMISSIONS = ['view_team'] as const;

export const TEAM_ADMIN_PERMISSIONS = [
  'remove_user_from_team',
  'manage_team',
  'import_team',
  'manage_team_roles',
  'manage_channel_roles',
  'manage_own_incoming_webhooks',
  'manage_others_incoming_webhooks',
  'manage_own_outgoing_webhooks',
  'manage_others_outgoing_webhooks',
  'manage_own_slash_commands',
  'manage_others_slash_commands',
  'bypass_incoming_webhook_channel_lock',
  'convert_public_channel_to_private',
  'convert_private_channel_to_public',
  'delete_post',
  'delete_others_posts',
  // Added on a fresh install by Mattermost's channel-moderation permissions migration (and the later
  // ones that follow create_post with upload_file and use_group_mentions).
  'create_post',
  'add_reaction',
  'remove_reaction',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'use_channel_mentions',
  'upload_file',
  'use_group_mentions',
] as const;

export const CHANNEL_USER_PERMISSIONS = [
  'read_channel',
  'read_channel_content',
  'add_reaction',
  'remove_reaction',
  'manage_public_channel_members',
  'upload_file',
  'get_public_link',
  'create_post',
  'use_channel_mentions',
  'manage_public_channel_properties',
  'delete_public_channel',
  'manage_private_channel_properties',
  'delete_private_channel',
  'manage_private_channel_members',
  'delete_post',
  'edit_post',
  'use_slash_commands',
] as const;

export const CHANNEL_GUEST_PERMISSIONS = [
  'read_channel',
  'read_channel_content',
  'add_reaction',
  'remove_reaction',
  'upload_file',
  'edit_post',
  'create_post',
  'use_channel_mentions',
  'use_slash_commands',
] as const;

export const CHANNEL_ADMIN_PERMISSIONS = ['manage_channel_roles', 'use_group_mentions'] as const;

/** Permissions held only by system admins (on top of every team and channel permission). */
const SYSTEM_ADMIN_ONLY = [
  'manage_system',
  'edit_others_posts',
  'manage_roles',
  'edit_other_users',
  'list_private_teams',
  'join_private_teams',
  'read_other_users_teams',
  'create_post_public',
  'create_post_ephemeral',
  'delete_others_emojis',
  'remove_others_reactions',
  'get_analytics',
  'get_logs',
  'read_audits',
  'reload_config',
  'promote_guest',
  'demote_to_guest',
  'create_bot',
  'read_bots',
  'read_others_bots',
  'manage_bots',
  'manage_others_bots',
  'assign_bot',
  'manage_incoming_webhooks',
  'manage_outgoing_webhooks',
  'manage_slash_commands',
  'manage_oauth',
  'manage_system_wide_oauth',
  'sysconsole_read_user_management_users',
  'sysconsole_write_user_management_users',
  // Editing roles (PUT /roles/{id}/patch): scheme roles need the first, the other system roles the second.
  'sysconsole_read_user_management_permissions',
  'sysconsole_write_user_management_permissions',
  'sysconsole_read_user_management_system_roles',
  'sysconsole_write_user_management_system_roles',
  // The System Console's channel list and search (GET /channels, POST /channels/search).
  'sysconsole_read_user_management_channels',
  'sysconsole_write_user_management_channels',
  // The teams of a permission scheme (GET /schemes/{id}/teams).
  'sysconsole_read_user_management_teams',
] as const;

export interface RoleDefinition {
  name: string;
  display_name: string;
  description: string;
  permissions: readonly string[];
  scheme_managed: boolean;
}

const unique = (...lists: ReadonlyArray<readonly string[]>) => [...new Set(lists.flat())];

const role = (name: string, display: string, permissions: readonly string[], schemeManaged = true): RoleDefinition => ({
  name,
  display_name: `authentication.roles.${display}.name`,
  description: `authentication.roles.${display}.description`,
  permissions,
  scheme_managed: schemeManaged,
});

export const BUILT_IN_ROLES: Readonly<Record<string, RoleDefinition>> = Object.fromEntries(
  [
    role('system_admin', 'global_admin', unique(
      SYSTEM_USER_PERMISSIONS, SYSTEM_USER_ACCESS_TOKEN_PERMISSIONS, TEAM_USER_PERMISSIONS, TEAM_ADMIN_PERMISSIONS,
      CHANNEL_USER_PERMISSIONS, CHANNEL_ADMIN_PERMISSIONS, SYSTEM_ADMIN_ONLY,
    )),
    role('system_user', 'global_user', SYSTEM_USER_PERMISSIONS),
    role('system_guest', 'global_guest', SYSTEM_GUEST_PERMISSIONS),
    role('system_user_access_token', 'system_user_access_token', SYSTEM_USER_ACCESS_TOKEN_PERMISSIONS, false),
    role('system_post_all', 'system_post_all', ['create_post', 'use_channel_mentions'], false),
    role('system_post_all_public', 'system_post_all_public', ['create_post_public', 'use_channel_mentions'], false),
    role('team_admin', 'team_admin', TEAM_ADMIN_PERMISSIONS),
    role('team_user', 'team_user', TEAM_USER_PERMISSIONS),
    role('team_guest', 'team_guest', TEAM_GUEST_PERMISSIONS),
    role('team_post_all', 'team_post_all', ['create_post', 'use_channel_mentions'], false),
    role('team_post_all_public', 'team_post_all_public', ['create_post_public', 'use_channel_mentions'], false),
    role('channel_admin', 'channel_admin', CHANNEL_ADMIN_PERMISSIONS),
    role('channel_user', 'channel_user', CHANNEL_USER_PERMISSIONS),
    role('channel_guest', 'channel_guest', CHANNEL_GUEST_PERMISSIONS),
  ].map((r) => [r.name, r]),
);
