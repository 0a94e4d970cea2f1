// The application layer: every use case, each checking permission first. api4/ and ws/ call only this.
import { AuditService } from './audits.js';
import { Authorizer } from './authorize.js';
import { BotService } from './bots.js';
import { DialogService } from './dialogs.js';
import { PostActionService } from './post-actions.js';
import { AuthService } from './auth.js';
import { ChannelService } from './channels.js';
import { ClusterService } from './cluster.js';
import { ConfigAdminService } from './config-admin.js';
import type { AppContext } from './context.js';
import { DraftService } from './drafts.js';
import { EmailService } from './email.js';
import { EmojiService } from './emoji.js';
import { FileService } from './files.js';
import { MfaService } from './mfa.js';
import { NotificationService } from './notifications.js';
import { ThreadService } from './threads.js';
import { PostService } from './posts.js';
import { PostPriorityService } from './post-priority.js';
import { PostReminderService } from './post-reminders.js';
import { PreferenceService } from './preferences.js';
import { ReactionService } from './reactions.js';
import { RoleService } from './roles.js';
import { SchemeService } from './schemes.js';
import { AnalyticsService } from './analytics.js';
import { LogService } from './logs.js';
import { ChannelAdminService } from './channel-admin.js';
import { GuestService } from './guests.js';
import { SearchService } from './search.js';
import { RealtimeService } from './realtime.js';
import { StatusService } from './statuses.js';
import { SystemService } from './system.js';
import { TeamService } from './teams.js';
import { UserService } from './users.js';
import { CommandService } from './commands.js';
import { WebhookService } from './webhooks.js';
import { OutboundHttp } from '../platform/outbound-http.js';
import type { Settings } from '../config/config.js';

export class App {
  readonly authz: Authorizer;
  /** The role table every permission check reads; editable by system admins. */
  readonly roles: RoleService;
  readonly schemes: SchemeService;
  readonly analytics: AnalyticsService;
  readonly logs: LogService;
  readonly channelAdmin: ChannelAdminService;
  readonly guests: GuestService;
  readonly auth: AuthService;
  /** TOTP multi-factor authentication and its recovery codes. */
  readonly mfa: MfaService;
  readonly users: UserService;
  readonly teams: TeamService;
  readonly channels: ChannelService;
  readonly posts: PostService;
  readonly postPriority: PostPriorityService;
  readonly postReminders: PostReminderService;
  readonly reactions: ReactionService;
  readonly preferences: PreferenceService;
  readonly statuses: StatusService;
  readonly system: SystemService;
  readonly realtime: RealtimeService;
  readonly notifications: NotificationService;
  readonly threads: ThreadService;
  readonly drafts: DraftService;
  readonly email: EmailService;
  readonly search: SearchService;
  readonly files: FileService;
  readonly emoji: EmojiService;
  readonly cluster: ClusterService;
  readonly webhooks: WebhookService;
  readonly commands: CommandService;
  readonly bots: BotService;
  readonly dialogs: DialogService;
  readonly postActions: PostActionService;
  /** The site configuration API (GET/PUT /config …). */
  readonly configAdmin: ConfigAdminService;
  /** The audit log. */
  readonly audits: AuditService;
  /** Outbound HTTP for integrations, with the internal-address deny-list; rebuilt when its settings change. */
  outbound: OutboundHttp;

  constructor(readonly ctx: AppContext) {
    this.roles = new RoleService(ctx, this);
    this.authz = new Authorizer(ctx.store, this.roles);
    this.schemes = new SchemeService(ctx, this);
    this.analytics = new AnalyticsService(ctx, this);
    this.logs = new LogService(ctx, this);
    this.channelAdmin = new ChannelAdminService(ctx, this);
    this.guests = new GuestService(ctx, this);
    this.auth = new AuthService(ctx, this);
    this.mfa = new MfaService(ctx, this);
    this.users = new UserService(ctx, this);
    this.teams = new TeamService(ctx, this);
    this.channels = new ChannelService(ctx, this);
    this.posts = new PostService(ctx, this);
    this.postPriority = new PostPriorityService(ctx, this);
    this.postReminders = new PostReminderService(ctx, this);
    this.reactions = new ReactionService(ctx, this);
    this.preferences = new PreferenceService(ctx, this);
    this.statuses = new StatusService(ctx, this);
    this.system = new SystemService(ctx, this);
    this.realtime = new RealtimeService(ctx, this);
    this.notifications = new NotificationService(ctx, this);
    this.threads = new ThreadService(ctx, this);
    this.drafts = new DraftService(ctx, this);
    this.email = new EmailService(ctx, this);
    this.search = new SearchService(ctx, this);
    this.files = new FileService(ctx, this);
    this.emoji = new EmojiService(ctx, this);
    this.cluster = new ClusterService(ctx, this);
    this.webhooks = new WebhookService(ctx, this);
    this.commands = new CommandService(ctx, this);
    this.bots = new BotService(ctx, this);
    this.dialogs = new DialogService(ctx, this);
    this.postActions = new PostActionService(ctx, this);
    this.configAdmin = new ConfigAdminService(ctx, this);
    this.audits = new AuditService(ctx, this);
    this.outbound = ctx.outbound ?? this.buildOutbound();
  }

  private buildOutbound(): OutboundHttp {
    return new OutboundHttp({
      allowList: this.ctx.config.settings.allowedUntrustedInternalConnections,
      timeoutMs: this.ctx.config.settings.outgoingIntegrationRequestsTimeoutMs,
    });
  }

  /**
   * Settings changed at run time (config API): most code reads them at use time; what was built from them
   * at start is rebuilt here.
   */
  settingsChanged(changed: ReadonlyArray<keyof Settings>): void {
    const touched = (...keys: Array<keyof Settings>) => keys.some((k) => changed.includes(k));
    if (!this.ctx.outbound && touched('allowedUntrustedInternalConnections', 'outgoingIntegrationRequestsTimeoutMs')) this.outbound = this.buildOutbound();
    if (touched('smtpUrl', 'emailFrom', 'enableEmailBatching', 'emailBatchingIntervalSeconds')) this.email.reconfigure();
  }
}
