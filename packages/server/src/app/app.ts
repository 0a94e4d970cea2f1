// The application layer: every use case, each checking permission first. api4/ and ws/ call only this.
import { Authorizer } from './authorize.js';
import { AuthService } from './auth.js';
import { ChannelService } from './channels.js';
import { ClusterService } from './cluster.js';
import type { AppContext } from './context.js';
import { DraftService } from './drafts.js';
import { EmailService } from './email.js';
import { EmojiService } from './emoji.js';
import { FileService } from './files.js';
import { NotificationService } from './notifications.js';
import { ThreadService } from './threads.js';
import { PostService } from './posts.js';
import { PreferenceService } from './preferences.js';
import { ReactionService } from './reactions.js';
import { SearchService } from './search.js';
import { RealtimeService } from './realtime.js';
import { StatusService } from './statuses.js';
import { SystemService } from './system.js';
import { TeamService } from './teams.js';
import { UserService } from './users.js';
import { CommandService } from './commands.js';
import { WebhookService } from './webhooks.js';
import { OutboundHttp } from '../platform/outbound-http.js';

export class App {
  readonly authz: Authorizer;
  readonly auth: AuthService;
  readonly users: UserService;
  readonly teams: TeamService;
  readonly channels: ChannelService;
  readonly posts: PostService;
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
  /** Outbound HTTP for integrations, with the internal-address deny-list. */
  readonly outbound: OutboundHttp;

  constructor(readonly ctx: AppContext) {
    this.authz = new Authorizer(ctx.store);
    this.auth = new AuthService(ctx, this);
    this.users = new UserService(ctx, this);
    this.teams = new TeamService(ctx, this);
    this.channels = new ChannelService(ctx, this);
    this.posts = new PostService(ctx, this);
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
    this.outbound =
      ctx.outbound ??
      new OutboundHttp({
        allowList: ctx.config.settings.allowedUntrustedInternalConnections,
        timeoutMs: ctx.config.settings.outgoingIntegrationRequestsTimeoutMs,
      });
  }
}
