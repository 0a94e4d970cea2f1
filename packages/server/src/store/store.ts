// The Store: one interface per entity, grouped. app/ depends on this file only, never on sql/.
import type { Engine } from './database.js';
import type { ChannelStore } from './channels.js';
import type { ClusterStore } from './cluster.js';
import type { DraftStore } from './drafts.js';
import type { EmojiStore, FileInfoStore } from './files.js';
import type { CommandStore, WebhookStore } from './integrations.js';
import type { EmailQueueStore, EmailTokenStore, PreferenceStore, StatusStore, SystemStore } from './misc.js';
import type { PostStore, ReactionStore } from './posts.js';
import type { ThreadStore } from './threads.js';
import type { SessionStore, UserAccessTokenStore } from './sessions.js';
import type { TeamStore } from './teams.js';
import type { UserStore } from './users.js';

export interface Store {
  readonly engine: Engine;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly tokens: UserAccessTokenStore;
  readonly teams: TeamStore;
  readonly channels: ChannelStore;
  readonly posts: PostStore;
  readonly reactions: ReactionStore;
  readonly threads: ThreadStore;
  readonly preferences: PreferenceStore;
  readonly statuses: StatusStore;
  readonly system: SystemStore;
  readonly drafts: DraftStore;
  readonly emailTokens: EmailTokenStore;
  readonly emailQueue: EmailQueueStore;
  readonly files: FileInfoStore;
  readonly emoji: EmojiStore;
  readonly cluster: ClusterStore;
  readonly webhooks: WebhookStore;
  readonly commands: CommandStore;
  /** Runs fn in one transaction; nested calls join the outer one. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
}

export type * from './models.js';
export type { ProfileQuery, UserSearch, UserStore } from './users.js';
export type { ChannelStore, ChannelUnreadCounts, MemberProfile } from './channels.js';
export type { TeamStore } from './teams.js';
export type { PostStore, ReactionStore } from './posts.js';
export type { ThreadStore, UserThread, UserThreadQuery, UserThreadTotals, TeamThreadUnreads } from './threads.js';
export type { DraftStore } from './drafts.js';
export type { EmojiStore, FileInfoStore } from './files.js';
export type { SessionStore, UserAccessTokenStore } from './sessions.js';
export type { ClusterStore } from './cluster.js';
export type { CommandStore, WebhookStore } from './integrations.js';
export type { EmailQueueStore, EmailTokenStore, PreferenceStore, StatusStore, SystemStore } from './misc.js';
export type { Engine };
