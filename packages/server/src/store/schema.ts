// Row types as stored. Column names follow Mattermost's wire names (snake_case) so rows map to the wire
// with little code. Booleans are stored as 0/1 integers and JSON as text on both engines, which keeps one
// schema and one set of queries for SQLite and PostgreSQL.

type Bool = number; // 0 | 1
type Json = string;

export interface UsersTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  password: string;
  auth_data: string | null;
  auth_service: string;
  email: string;
  email_verified: Bool;
  nickname: string;
  first_name: string;
  last_name: string;
  position: string;
  roles: string;
  props: Json;
  notify_props: Json;
  timezone: Json;
  locale: string;
  last_password_update: number;
  last_picture_update: number;
  failed_attempts: number;
  mfa_active: Bool;
  mfa_secret: string;
  last_activity_at: number;
  is_bot: Bool;
  bot_description: string;
  last_login: number;
  /** Derived from notify_props and first_name on every write (migrations/0013). */
  custom_mentions: Bool;
}

export interface SessionsTable {
  id: string;
  token: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
  user_id: string;
  device_id: string;
  roles: string;
  is_oauth: Bool;
  expired_notify: Bool;
  props: Json;
}

export interface UserAccessTokensTable {
  id: string;
  token: string;
  user_id: string;
  description: string;
  is_active: Bool;
  expires_at: number;
}

export interface TeamsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  display_name: string;
  name: string;
  description: string;
  email: string;
  type: string;
  company_name: string;
  allowed_domains: string;
  invite_id: string;
  allow_open_invite: Bool;
  last_team_icon_update: number;
  scheme_id: string | null;
  group_constrained: Bool | null;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  roles: string;
  delete_at: number;
  scheme_guest: Bool;
  scheme_user: Bool;
  scheme_admin: Bool;
  create_at: number;
}

export interface ChannelsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: string;
  display_name: string;
  name: string;
  header: string;
  purpose: string;
  last_post_at: number;
  last_root_post_at: number;
  total_msg_count: number;
  total_msg_count_root: number;
  extra_update_at: number;
  creator_id: string;
  scheme_id: string | null;
  group_constrained: Bool | null;
  shared: Bool | null;
  props: Json | null;
}

export interface ChannelMembersTable {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  msg_count: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  msg_count_root: number;
  notify_props: Json;
  last_update_at: number;
  scheme_guest: Bool;
  scheme_user: Bool;
  scheme_admin: Bool;
  /** Derived from notify_props on every write (migrations/0013). */
  auto_follow_threads: Bool;
}

export interface PostsTable {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: Bool;
  user_id: string;
  channel_id: string;
  root_id: string;
  original_id: string;
  message: string;
  type: string;
  props: Json;
  hashtags: string;
  file_ids: Json;
  has_reactions: Bool;
  remote_id: string | null;
  /** The client's dedup key ("<user_id>:<ms>"); '' when none. Unique per user when set. */
  pending_post_id: string;
}

export interface ReactionsTable {
  user_id: string;
  post_id: string;
  emoji_name: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  channel_id: string;
  remote_id: string | null;
}

export interface FileInfoTable {
  id: string;
  creator_id: string;
  post_id: string;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  path: string;
  thumbnail_path: string;
  preview_path: string;
  name: string;
  extension: string;
  size: number;
  mime_type: string;
  width: number;
  height: number;
  has_preview_image: Bool;
  mini_preview: string | null;
  remote_id: string;
  archived: Bool;
}

export interface EmojiTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  name: string;
}

export interface PreferencesTable {
  user_id: string;
  category: string;
  name: string;
  value: string;
}

export interface StatusTable {
  user_id: string;
  status: string;
  manual: Bool;
  last_activity_at: number;
  dnd_end_time: number;
  prev_status: string;
}

export interface ThreadsTable {
  post_id: string;
  channel_id: string;
  reply_count: number;
  last_reply_at: number;
  participants: Json;
  thread_delete_at: number;
  thread_team_id: string;
}

export interface ThreadMembershipsTable {
  post_id: string;
  user_id: string;
  following: Bool;
  last_viewed: number;
  last_updated: number;
  unread_mentions: number;
}

export interface DraftsTable {
  user_id: string;
  channel_id: string;
  root_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  message: string;
  type: string;
  props: Json;
  file_ids: Json;
  /** PostPriority metadata as JSON, or null. */
  priority: Json | null;
}

export interface EmailTokensTable {
  token: string;
  create_at: number;
  /** 'password_recovery' | 'verify_email' */
  type: string;
  extra: string;
}

export interface EmailQueueTable {
  id: string;
  user_id: string;
  post_id: string;
  channel_id: string;
  team_id: string;
  /** The post's create_at: a batch waits from its oldest entry. */
  create_at: number;
}

export interface RolesTable {
  name: string;
  /** Space-separated permission names. */
  permissions: string;
  create_at: number;
  update_at: number;
}

export interface SchemesTable {
  id: string;
  name: string;
  display_name: string;
  description: string;
  scope: string;
  default_team_admin_role: string;
  default_team_user_role: string;
  default_team_guest_role: string;
  default_channel_admin_role: string;
  default_channel_user_role: string;
  default_channel_guest_role: string;
  create_at: number;
  update_at: number;
  delete_at: number;
}

export interface SystemsTable {
  name: string;
  value: string;
}

export interface ClusterNodesTable {
  id: string;
  node_name: string;
  hostname: string;
  version: string;
  started_at: number;
  heartbeat_at: number;
}

export interface PresenceConnectionsTable {
  instance_id: string;
  user_id: string;
  since: number;
}

/** Mattermost's IncomingWebhooks. */
export interface IncomingWebhooksTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  team_id: string;
  display_name: string;
  description: string;
  username: string;
  icon_url: string;
  channel_locked: Bool;
  /** When the hook last posted (0: never). */
  last_used: number;
}

/** Mattermost's OutgoingWebhooks. */
export interface OutgoingWebhooksTable {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  channel_id: string;
  team_id: string;
  trigger_words: Json;
  /** 0: the first word is a trigger word; 1: the first word starts with one. */
  trigger_when: number;
  callback_urls: Json;
  display_name: string;
  description: string;
  content_type: string;
  username: string;
  icon_url: string;
}

/** Mattermost's Commands (custom slash commands). */
export interface CommandsTable {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  team_id: string;
  trigger: string;
  /** 'P' (POST) or 'G' (GET). */
  method: string;
  username: string;
  icon_url: string;
  auto_complete: Bool;
  auto_complete_desc: string;
  auto_complete_hint: string;
  display_name: string;
  description: string;
  url: string;
}

/** Mattermost's CommandWebhooks: the response_url a custom command may post to later. */
export interface CommandWebhooksTable {
  id: string;
  create_at: number;
  command_id: string;
  user_id: string;
  channel_id: string;
  root_id: string;
  use_count: number;
}

export interface BotsTable {
  user_id: string;
  description: string;
  owner_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  last_icon_update: number;
}

export interface PostPriorityTable {
  post_id: string;
  channel_id: string;
  priority: string;
  requested_ack: Bool;
  persistent_notifications: Bool;
}

export interface PostRemindersTable {
  post_id: string;
  user_id: string;
  target_time: number;
}

export interface PostAcknowledgementsTable {
  post_id: string;
  user_id: string;
  channel_id: string;
  acknowledged_at: number;
}

export interface UserMfaTable {
  user_id: string;
  pending_secret: string;
  recovery_codes: Json;
  used_steps: Json;
  update_at: number;
}

/** Mattermost's Configurations: the saved site configuration, one active row. */
export interface ConfigurationsTable {
  id: string;
  value: string;
  create_at: number;
  active: Bool;
}

/** Mattermost's Audits. */
export interface AuditsTable {
  id: string;
  create_at: number;
  user_id: string;
  action: string;
  extra_info: string;
  ip_address: string;
  session_id: string;
}

export interface Database {
  users: UsersTable;
  user_mfa: UserMfaTable;
  sessions: SessionsTable;
  user_access_tokens: UserAccessTokensTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  channels: ChannelsTable;
  channel_members: ChannelMembersTable;
  posts: PostsTable;
  reactions: ReactionsTable;
  post_priority: PostPriorityTable;
  post_acknowledgements: PostAcknowledgementsTable;
  post_reminders: PostRemindersTable;
  file_info: FileInfoTable;
  emoji: EmojiTable;
  preferences: PreferencesTable;
  status: StatusTable;
  threads: ThreadsTable;
  thread_memberships: ThreadMembershipsTable;
  systems: SystemsTable;
  roles: RolesTable;
  schemes: SchemesTable;
  drafts: DraftsTable;
  email_tokens: EmailTokensTable;
  email_queue: EmailQueueTable;
  cluster_nodes: ClusterNodesTable;
  presence_connections: PresenceConnectionsTable;
  incoming_webhooks: IncomingWebhooksTable;
  outgoing_webhooks: OutgoingWebhooksTable;
  commands: CommandsTable;
  command_webhooks: CommandWebhooksTable;
  configurations: ConfigurationsTable;
  audits: AuditsTable;
  bots: BotsTable;
}

