// Composes the SQL implementations into one Store bound to a database handle or a transaction.
import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';
import { SqlBotStore } from './bots.js';
import { SqlChannelStore } from './channels.js';
import { SqlClusterStore } from './cluster.js';
import { SqlConfigStore } from './config.js';
import { SqlAuditStore } from './audits.js';
import { SqlDraftStore } from './drafts.js';
import { SqlMfaStore } from './mfa.js';
import { SqlEmailQueueStore, SqlEmailTokenStore, SqlPreferenceStore, SqlStatusStore, SqlSystemStore } from './misc.js';
import { SqlEmojiStore, SqlFileInfoStore } from './files.js';
import { SqlCommandStore, SqlWebhookStore } from './integrations.js';
import { SqlPostStore, SqlReactionStore } from './posts.js';
import { SqlPostPriorityStore } from './post-priority.js';
import { SqlPostReminderStore } from './post-reminders.js';
import { SqlRoleStore } from './roles.js';
import { SqlSchemeStore } from './schemes.js';
import { SqlAnalyticsStore } from './analytics.js';
import { SqlChannelDirectoryStore } from './channel-directory.js';
import { SqlThreadStore } from './threads.js';
import { SqlSessionStore, SqlUserAccessTokenStore } from './sessions.js';
import { SqlTeamStore } from './teams.js';
import { SqlUserStore } from './users.js';

export class SqlStore implements Store {
  readonly users: SqlUserStore;
  readonly mfa: SqlMfaStore;
  readonly sessions: SqlSessionStore;
  readonly tokens: SqlUserAccessTokenStore;
  readonly teams: SqlTeamStore;
  readonly channels: SqlChannelStore;
  readonly posts: SqlPostStore;
  readonly reactions: SqlReactionStore;
  readonly postPriority: SqlPostPriorityStore;
  readonly postReminders: SqlPostReminderStore;
  readonly threads: SqlThreadStore;
  readonly preferences: SqlPreferenceStore;
  readonly statuses: SqlStatusStore;
  readonly system: SqlSystemStore;
  readonly drafts: SqlDraftStore;
  readonly emailTokens: SqlEmailTokenStore;
  readonly emailQueue: SqlEmailQueueStore;
  readonly files: SqlFileInfoStore;
  readonly emoji: SqlEmojiStore;
  readonly cluster: SqlClusterStore;
  readonly webhooks: SqlWebhookStore;
  readonly commands: SqlCommandStore;
  readonly configurations: SqlConfigStore;
  readonly audits: SqlAuditStore;
  readonly roles: SqlRoleStore;
  readonly schemes: SqlSchemeStore;
  readonly analytics: SqlAnalyticsStore;
  readonly channelDirectory: SqlChannelDirectoryStore;
  readonly bots: SqlBotStore;

  constructor(
    private readonly db: Kysely<Database>,
    readonly engine: Engine,
  ) {
    this.users = new SqlUserStore(db, engine);
    this.mfa = new SqlMfaStore(db);
    this.sessions = new SqlSessionStore(db);
    this.tokens = new SqlUserAccessTokenStore(db);
    this.teams = new SqlTeamStore(db);
    this.channels = new SqlChannelStore(db, engine);
    this.posts = new SqlPostStore(db, engine);
    this.reactions = new SqlReactionStore(db);
    this.postPriority = new SqlPostPriorityStore(db);
    this.postReminders = new SqlPostReminderStore(db);
    this.threads = new SqlThreadStore(db);
    this.preferences = new SqlPreferenceStore(db);
    this.statuses = new SqlStatusStore(db);
    this.system = new SqlSystemStore(db);
    this.drafts = new SqlDraftStore(db);
    this.emailTokens = new SqlEmailTokenStore(db);
    this.emailQueue = new SqlEmailQueueStore(db);
    this.files = new SqlFileInfoStore(db);
    this.emoji = new SqlEmojiStore(db);
    this.cluster = new SqlClusterStore(db);
    this.webhooks = new SqlWebhookStore(db);
    this.commands = new SqlCommandStore(db);
    this.configurations = new SqlConfigStore(db);
    this.audits = new SqlAuditStore(db);
    this.roles = new SqlRoleStore(db);
    this.schemes = new SqlSchemeStore(db);
    this.analytics = new SqlAnalyticsStore(db);
    this.channelDirectory = new SqlChannelDirectoryStore(db);
    this.bots = new SqlBotStore(db);
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new SqlStore(trx, this.engine)));
  }
}
