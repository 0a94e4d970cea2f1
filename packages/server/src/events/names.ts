// Every event Parley sends, by Mattermost's name. makeEvent accepts only these, and
// scripts/check-events.mjs keeps docs/EVENTS.md in step with this list.
export const EVENT_NAMES = [
  'hello',
  'posted',
  'post_edited',
  'post_deleted',
  'post_unread',
  'post_acknowledgement_added',
  'post_acknowledgement_removed',
  'reaction_added',
  'reaction_removed',
  'emoji_added',
  'typing',
  'status_change',
  'preferences_changed',
  'preferences_deleted',
  'new_user',
  'user_updated',
  'user_role_updated',
  'channel_created',
  'channel_updated',
  'channel_deleted',
  'channel_restored',
  'channel_converted',
  'channel_member_updated',
  'direct_added',
  'group_added',
  'user_added',
  'user_removed',
  'multiple_channels_viewed',
  'added_to_team',
  'leave_team',
  'update_team',
  'delete_team',
  'memberrole_updated',
  'thread_updated',
  'thread_read_changed',
  'thread_follow_changed',
  'draft_created',
  'draft_updated',
  'draft_deleted',
  'ephemeral_message',
  'open_dialog',
  'config_changed',
  'role_updated',
  'update_team_scheme',
  // Internal: tells every node's hub to drop the sockets of revoked sessions. Never sent to clients.
  'sessions_revoked',
  // Internal: a new configuration was saved; every node re-reads it from the database. Never sent to clients.
  'config_saved',
  // Internal: a permission scheme or a scheme assignment changed; every node re-reads roles and schemes.
  'schemes_changed',
] as const;

/** Events the hub acts on itself instead of delivering. */
export const INTERNAL_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['sessions_revoked', 'config_saved', 'schemes_changed']);

export type EventName = (typeof EVENT_NAMES)[number];
