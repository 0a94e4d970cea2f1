// Domain models: rows with flags as booleans and JSON columns parsed. app/ works with these; presenters
// turn them into wire JSON.
import type * as S from './schema.js';

export type StringMap = Record<string, string>;
export type JsonMap = Record<string, unknown>;

type BoolOf<T> = null extends T ? boolean | null : boolean;
export type Decoded<Row, Bools extends keyof Row, Jsons extends Partial<Record<keyof Row, unknown>>> = Omit<
  Row,
  Bools | keyof Jsons
> & { [K in Bools]: BoolOf<Row[K]> } & Jsons;

// Derived columns (migrations/0013) are written by the store and never part of a model.
export type User = Decoded<
  Omit<S.UsersTable, 'custom_mentions'>,
  'email_verified' | 'mfa_active' | 'is_bot',
  { props: StringMap; notify_props: StringMap; timezone: StringMap }
>;
export type Session = Decoded<S.SessionsTable, 'is_oauth' | 'expired_notify', { props: StringMap }>;
export type UserAccessToken = Decoded<S.UserAccessTokensTable, 'is_active', Record<never, never>>;
export type Team = Decoded<S.TeamsTable, 'allow_open_invite' | 'group_constrained', Record<never, never>>;
export type TeamMember = Decoded<S.TeamMembersTable, 'scheme_guest' | 'scheme_user' | 'scheme_admin', Record<never, never>>;
export type Channel = Decoded<S.ChannelsTable, 'group_constrained' | 'shared', { props: JsonMap | null }>;
export type ChannelMember = Decoded<
  Omit<S.ChannelMembersTable, 'auto_follow_threads'>,
  'scheme_guest' | 'scheme_user' | 'scheme_admin',
  { notify_props: StringMap }
>;
export type Post = Decoded<S.PostsTable, 'is_pinned' | 'has_reactions', { props: JsonMap; file_ids: string[] }>;
export type Reaction = S.ReactionsTable;
export type Preference = S.PreferencesTable;
export type Status = Decoded<S.StatusTable, 'manual', Record<never, never>>;
export type ClusterNode = S.ClusterNodesTable;
export type Thread = Decoded<S.ThreadsTable, never, { participants: string[] }>;
export type ThreadMembership = Decoded<S.ThreadMembershipsTable, 'following', Record<never, never>>;
export type Draft = Decoded<S.DraftsTable, never, { props: JsonMap; file_ids: string[]; priority: JsonMap | null }>;
export type EmailToken = S.EmailTokensTable;
export type QueuedEmail = S.EmailQueueTable;
export type FileInfo = Decoded<S.FileInfoTable, 'has_preview_image' | 'archived', Record<never, never>>;
export type Emoji = S.EmojiTable;
export type IncomingWebhook = Decoded<S.IncomingWebhooksTable, 'channel_locked', Record<never, never>>;
export type OutgoingWebhook = Decoded<S.OutgoingWebhooksTable, never, { trigger_words: string[]; callback_urls: string[] }>;
export type Command = Decoded<S.CommandsTable, 'auto_complete', Record<never, never>>;
export type CommandWebhook = S.CommandWebhooksTable;
export type Bot = S.BotsTable;
