// Incoming and outgoing webhooks (Mattermost's app/webhook.go and the checks of api4/webhook.go).
// Incoming: a secret URL that posts into a channel as the hook's creator. Outgoing: posts in public
// channels that match a trigger word (or a channel) are sent to callback URLs after they are committed,
// and a JSON answer is posted back. Managing either needs manage_own_*_webhooks on the team, plus
// manage_others_*_webhooks for someone else's hook; by default that is team and system admins.
import { AppError, badRequest, forbidden, invalidBodyParam, invalidUrlParam, notFound, permissionError } from '../platform/errors.js';
import { isValidId, newId } from '../platform/ids.js';
import { OutboundError } from '../platform/outbound-http.js';
import type { Channel, IncomingWebhook, OutgoingWebhook, Post, Team, User } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import { MAX_MESSAGE_RUNES } from './posts.js';
import { actingAs, type AuthSession } from './session.js';
import { asAttachments, processSlackAttachments, processSlackText, slackLinksToMarkdown, type SlackAttachment } from './slack.js';
import { checkLength } from './validate.js';

/** Mattermost's DefaultWebhookUsername: shown when overriding is on and the hook names nobody. */
export const DEFAULT_WEBHOOK_USERNAME = 'webhook';
const TRIGGER_EXACT = 0;
const TRIGGER_STARTS_WITH = 1;
const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'application/json'];
const USERNAME_RE = /^[a-z0-9.\-_]{1,64}$/;

export interface IncomingWebhookInput {
  id?: string;
  channel_id: string;
  team_id?: string;
  user_id?: string;
  display_name?: string;
  description?: string;
  username?: string;
  icon_url?: string;
  channel_locked?: boolean;
}

export interface OutgoingWebhookInput {
  id?: string;
  team_id: string;
  channel_id?: string;
  creator_id?: string;
  trigger_words?: string[];
  trigger_when?: number;
  callback_urls?: string[];
  display_name?: string;
  description?: string;
  content_type?: string;
  username?: string;
  icon_url?: string;
}

/** What POST /hooks/{id} carries (Mattermost's IncomingWebhookRequest). */
export interface IncomingWebhookRequest {
  text?: string;
  username?: string;
  icon_url?: string;
  icon_emoji?: string;
  channel?: string;
  props?: Record<string, unknown>;
  attachments?: unknown;
  type?: string;
}

/** A post as an integration asks for it, before the server's own props are added. */
export interface WebhookPostInput {
  userId: string;
  channel: Channel;
  text: string;
  overrideUsername: string;
  overrideIconUrl: string;
  overrideIconEmoji?: string;
  props: Record<string, unknown>;
  attachments?: SlackAttachment[];
  type: string;
  rootId?: string;
}

const incomingDisabled = () => new AppError('api.incoming_webhook.disabled.app_error', 'Incoming webhooks have been disabled by the system admin.', 501);
const outgoingDisabled = () => new AppError('api.outgoing_webhook.disabled.app_error', 'Outgoing webhooks have been disabled by the system admin.', 501);
const incomingNotFound = (id: string) => notFound('app.webhooks.get_incoming.app_error', 'Unable to get the webhook.', `hook_id=${id}`);
const outgoingNotFound = (id: string) => notFound('app.webhooks.get_outgoing.app_error', 'Unable to get the webhook.', `hook_id=${id}`);
const channelNotFound = (id: string) => notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.', `channel_id=${id}`);

/** Mattermost's IsValidHTTPURL. */
export function isValidHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const u = new URL(value);
    return u.hostname !== '';
  } catch {
    return false;
  }
}

/** Splits text into pieces of at most max runes (Mattermost's SplitWebhookPost). */
export function splitMessage(text: string, max = MAX_MESSAGE_RUNES): string[] {
  const runes = [...text];
  if (runes.length <= max) return [text];
  const out: string[] = [];
  for (let i = 0; i < runes.length; i += max) out.push(runes.slice(i, i + max).join(''));
  return out;
}

export class WebhookService {
  /** Deliveries to callback URLs still running; idle() waits for them. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private get settings() {
    return this.ctx.config.settings;
  }

  // ---- shared checks ------------------------------------------------------------------------------------

  private async requireChannel(channelId: string): Promise<Channel> {
    const channel = isValidId(channelId) ? await this.ctx.store.channels.get(channelId) : undefined;
    if (!channel) throw channelNotFound(channelId);
    return channel;
  }

  /** own: the permission to manage one's hooks on the team; others: the one for someone else's. */
  private async requireManage(session: AuthSession, teamId: string, ownerId: string, own: string, others: string): Promise<void> {
    await this.app.authz.requireTeam(session, teamId, own);
    if (ownerId !== session.userId) await this.app.authz.requireTeam(session, teamId, others);
  }

  private validateIncoming(hook: IncomingWebhook): void {
    checkLength(hook.display_name, 64, 'model.incoming_hook.display_name.app_error', 'display_name');
    checkLength(hook.description, 500, 'model.incoming_hook.description.app_error', 'description');
    checkLength(hook.icon_url, 1024, 'model.incoming_hook.icon_url.app_error', 'icon_url');
    if (hook.username !== '' && !USERNAME_RE.test(hook.username)) {
      throw badRequest('api.incoming_webhook.invalid_username.app_error', 'Invalid username.', `username=${hook.username.slice(0, 80)}`);
    }
  }

  // ---- incoming: management -----------------------------------------------------------------------------

  /** POST /hooks/incoming */
  async createIncomingWebhook(session: AuthSession, input: IncomingWebhookInput): Promise<IncomingWebhook> {
    const channel = await this.requireChannel(input.channel_id);
    if (channel.team_id === '') throw invalidBodyParam('channel_id');
    await this.app.authz.requireTeam(session, channel.team_id, 'manage_own_incoming_webhooks');
    if (!(await this.app.authz.canReadChannel(session, channel, 'read_channel_content'))) throw permissionError('read_channel_content');
    let userId = session.userId;
    if (input.user_id && input.user_id !== session.userId) {
      await this.app.authz.requireTeam(session, channel.team_id, 'manage_others_incoming_webhooks');
      if (!isValidId(input.user_id) || !(await this.ctx.store.users.get(input.user_id))) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
      userId = input.user_id;
    }
    const bypassLock = await this.app.authz.hasTeam(session, channel.team_id, 'bypass_incoming_webhook_channel_lock');
    if (!this.settings.enableIncomingWebhooks) throw incomingDisabled();
    const now = this.ctx.clock.now();
    const hook: IncomingWebhook = {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      user_id: userId,
      channel_id: channel.id,
      team_id: channel.team_id,
      display_name: input.display_name ?? '',
      description: input.description ?? '',
      username: this.settings.enablePostUsernameOverride ? (input.username ?? '') : '',
      icon_url: this.settings.enablePostIconOverride ? (input.icon_url ?? '') : '',
      // Without the bypass permission a hook may only ever post into its own channel.
      channel_locked: bypassLock ? (input.channel_locked ?? false) : true,
      last_used: 0,
    };
    this.validateIncoming(hook);
    return inTransaction(this.ctx, (tx) => tx.webhooks.saveIncoming(hook));
  }

  /** GET /hooks/incoming: the team's hooks (or all), only one's own without manage_others. */
  async getIncomingWebhooks(session: AuthSession, q: { teamId?: string; page: number; perPage: number; includeTotalCount: boolean }): Promise<{ hooks: IncomingWebhook[]; totalCount?: number }> {
    let userId: string | undefined = session.userId;
    if (q.teamId) {
      await this.app.authz.requireTeam(session, q.teamId, 'manage_own_incoming_webhooks');
      if (await this.app.authz.hasTeam(session, q.teamId, 'manage_others_incoming_webhooks')) userId = undefined;
    } else {
      this.app.authz.requireSystem(session, 'manage_own_incoming_webhooks');
      if (this.app.authz.hasSystem(session, 'manage_others_incoming_webhooks')) userId = undefined;
    }
    if (!this.settings.enableIncomingWebhooks) throw incomingDisabled();
    const filter = { teamId: q.teamId, userId };
    const hooks = await this.ctx.store.webhooks.listIncoming({ ...filter, offset: q.page * q.perPage, limit: q.perPage });
    return q.includeTotalCount ? { hooks, totalCount: await this.ctx.store.webhooks.countIncoming(filter) } : { hooks };
  }

  /** The hook and its channel, if the caller may manage it (Mattermost's getIncomingHook checks). */
  private async manageableIncoming(session: AuthSession, id: string): Promise<{ hook: IncomingWebhook; channel: Channel }> {
    if (!this.settings.enableIncomingWebhooks) throw incomingDisabled();
    const hook = await this.ctx.store.webhooks.getIncoming(id);
    if (!hook) throw incomingNotFound(id);
    const channel = await this.requireChannel(hook.channel_id);
    const restricted = channel.type !== 'O' && !(await this.app.authz.canReadChannel(session, channel, 'read_channel_content'));
    if (restricted || !(await this.app.authz.hasTeam(session, hook.team_id, 'manage_own_incoming_webhooks'))) throw permissionError('manage_own_incoming_webhooks');
    if (hook.user_id !== session.userId) await this.app.authz.requireTeam(session, hook.team_id, 'manage_others_incoming_webhooks');
    return { hook, channel };
  }

  async getIncomingWebhook(session: AuthSession, id: string): Promise<IncomingWebhook> {
    return (await this.manageableIncoming(session, id)).hook;
  }

  /** PUT /hooks/incoming/{id}: the body names the hook; the team cannot change, the channel only within it. */
  async updateIncomingWebhook(session: AuthSession, id: string, input: IncomingWebhookInput): Promise<IncomingWebhook> {
    if (input.id !== id) throw invalidUrlParam('hook_id');
    const old = await this.ctx.store.webhooks.getIncoming(id);
    if (!this.settings.enableIncomingWebhooks) throw incomingDisabled();
    if (!old) throw incomingNotFound(id);
    if (input.team_id && input.team_id !== old.team_id) {
      throw badRequest('api.webhook.team_mismatch.app_error', 'Unable to update the webhook across teams.', `user_id=${session.userId}`);
    }
    const channel = await this.requireChannel(input.channel_id);
    if (channel.team_id !== old.team_id) throw invalidBodyParam('channel_id');
    await this.requireManage(session, old.team_id, old.user_id, 'manage_own_incoming_webhooks', 'manage_others_incoming_webhooks');
    if (channel.type !== 'O' && !(await this.app.authz.canReadChannel(session, channel, 'read_channel_content'))) throw permissionError('read_channel_content');
    const bypassLock = await this.app.authz.hasTeam(session, old.team_id, 'bypass_incoming_webhook_channel_lock');
    const next: IncomingWebhook = {
      ...old,
      channel_id: channel.id,
      display_name: input.display_name ?? '',
      description: input.description ?? '',
      username: this.settings.enablePostUsernameOverride ? (input.username ?? '') : old.username,
      icon_url: this.settings.enablePostIconOverride ? (input.icon_url ?? '') : old.icon_url,
      channel_locked: bypassLock ? (input.channel_locked ?? false) : true,
      update_at: Math.max(this.ctx.clock.now(), old.update_at + 1),
    };
    this.validateIncoming(next);
    await inTransaction(this.ctx, (tx) => tx.webhooks.updateIncoming(next));
    return next;
  }

  async deleteIncomingWebhook(session: AuthSession, id: string): Promise<void> {
    const { hook } = await this.manageableIncoming(session, id);
    await inTransaction(this.ctx, (tx) => tx.webhooks.deleteIncoming(hook.id, this.ctx.clock.now()));
  }

  // ---- incoming: execution --------------------------------------------------------------------------------

  /**
   * POST /hooks/{id} (Mattermost's HandleIncomingWebhook). No session: knowing the id is the authority, and
   * the post is made as the hook's creator, into the hook's channel or — unless the hook is locked to its
   * channel — the one named by `channel` (a channel name of the hook's team, or `@username` for a DM).
   * Text longer than a post is split into several posts, as Mattermost does.
   */
  async executeIncomingWebhook(hookId: string, req: IncomingWebhookRequest): Promise<void> {
    if (!this.settings.enableIncomingWebhooks) {
      throw new AppError('web.incoming_webhook.disabled.app_error', 'Incoming webhooks have been disabled by the system admin.', 501);
    }
    const text = typeof req.text === 'string' ? req.text : '';
    const rawAttachments = req.attachments === undefined || req.attachments === null ? undefined : asAttachments(req.attachments);
    if (req.attachments !== undefined && req.attachments !== null && rawAttachments === undefined) {
      throw badRequest('web.incoming_webhook.parse.app_error', 'Unable to parse incoming data.', 'attachments must be an array');
    }
    if (text === '' && rawAttachments === undefined) {
      throw badRequest('web.incoming_webhook.text.app_error', 'No text specified.', `hook_id=${hookId}`);
    }
    // Mattermost answers an unknown (or deleted) hook with 400 and this id, not 404.
    const hook = isValidId(hookId) ? await this.ctx.store.webhooks.getIncoming(hookId) : undefined;
    if (!hook) throw badRequest('web.incoming_webhook.invalid.app_error', 'Invalid webhook.', `hook_id=${hookId}`);
    const creator = await this.ctx.store.users.get(hook.user_id);
    if (!creator) throw forbidden('web.incoming_webhook.user.app_error', 'Could not find the user.', `hook_id=${hookId}`);

    let channel: Channel;
    const target = typeof req.channel === 'string' ? req.channel.trim() : '';
    if (target.startsWith('@')) {
      const other = await this.ctx.store.users.getByUsername(target.slice(1).toLowerCase());
      if (!other) throw badRequest('web.incoming_webhook.user.app_error', 'Could not find the user.', `hook_id=${hookId}`);
      channel = await this.app.channels.createDirectChannel(actingAs(creator), [creator.id, other.id]);
    } else if (target !== '') {
      const name = target.startsWith('#') ? target.slice(1) : target;
      const found = await this.ctx.store.channels.getByName(hook.team_id, name.toLowerCase(), true);
      if (!found) throw notFound('web.incoming_webhook.channel.app_error', 'Could not find the channel.', `hook_id=${hookId}`);
      channel = found;
    } else {
      channel = await this.requireChannel(hook.channel_id);
    }
    if (hook.channel_locked && hook.channel_id !== channel.id) {
      throw forbidden('web.incoming_webhook.channel_locked.app_error', 'This webhook is not permitted to post to the requested channel.', `hook_id=${hookId}`);
    }
    if (channel.type !== 'O' && !(await this.app.authz.hasChannel(actingAs(creator), channel.id, 'read_channel_content'))) {
      throw forbidden('web.incoming_webhook.permissions.app_error', 'Inappropriate channel permissions.', `hook_id=${hookId}`);
    }
    const type = typeof req.type === 'string' ? req.type : '';
    if (type !== '' && !type.startsWith('custom_')) throw badRequest('api.context.invalid_param.app_error', 'Invalid or missing post.type parameter.');
    const props = typeof req.props === 'object' && req.props !== null && !Array.isArray(req.props) ? { ...req.props } : {};
    props.webhook_display_name = hook.display_name;
    await this.createWebhookPost({
      userId: creator.id,
      channel,
      text: await processSlackText(this.ctx.store, text),
      overrideUsername: (typeof req.username === 'string' && req.username) || hook.username,
      overrideIconUrl: (typeof req.icon_url === 'string' && req.icon_url) || hook.icon_url,
      overrideIconEmoji: typeof req.icon_emoji === 'string' ? req.icon_emoji : '',
      props,
      attachments: rawAttachments && (await processSlackAttachments(this.ctx.store, rawAttachments)),
      type,
    });
    await this.ctx.store.webhooks.touchIncoming(hook.id, this.ctx.clock.now());
  }

  /**
   * Mattermost's CreateWebhookPost: from_webhook, the name and icon overrides the settings allow, Slack
   * links made markdown, attachments in props (type slack_attachment), and text beyond one post split
   * into several (attachments ride on the last).
   */
  async createWebhookPost(input: WebhookPostInput): Promise<Post> {
    if (input.type.startsWith('system_')) throw badRequest('api.context.invalid_param.app_error', 'Invalid or missing post.type parameter.');
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input.props)) {
      if (k !== 'attachments' && k !== 'override_icon_url' && k !== 'override_username' && k !== 'override_icon_emoji' && k !== 'from_webhook') props[k] = v;
    }
    props.from_webhook = 'true';
    if (this.settings.enablePostUsernameOverride) props.override_username = input.overrideUsername || DEFAULT_WEBHOOK_USERNAME;
    if (this.settings.enablePostIconOverride) {
      if (input.overrideIconUrl) props.override_icon_url = input.overrideIconUrl;
      if (input.overrideIconEmoji) props.override_icon_emoji = input.overrideIconEmoji;
    }
    let type = input.type;
    if (input.attachments && input.attachments.length > 0) type = 'slack_attachment';
    const pieces = splitMessage(slackLinksToMarkdown(input.text));
    let first: Post | undefined;
    for (let i = 0; i < pieces.length; i += 1) {
      const last = i === pieces.length - 1;
      const view = await this.app.posts.createIntegrationPost({
        userId: input.userId,
        channelId: input.channel.id,
        rootId: input.rootId,
        message: pieces[i]!,
        type,
        props: last && input.attachments && input.attachments.length > 0 ? { ...props, attachments: input.attachments } : props,
      });
      first ??= view.post;
    }
    return first!;
  }

  // ---- outgoing: management --------------------------------------------------------------------------------

  private async validateOutgoing(hook: OutgoingWebhook, excludeId?: string): Promise<void> {
    if (hook.channel_id) {
      const channel = await this.requireChannel(hook.channel_id);
      if (channel.type !== 'O') throw forbidden('api.webhook.create_outgoing.not_open.app_error', 'Outgoing webhooks can only be created for public channels.');
      if (channel.team_id !== hook.team_id) throw forbidden('api.webhook.create_outgoing.permissions.app_error', 'Invalid permissions to create outgoing webhook.');
    } else if (hook.trigger_words.length === 0) {
      throw badRequest('api.webhook.create_outgoing.triggers.app_error', 'Either trigger_words or channel_id must be set.');
    }
    if (hook.trigger_words.some((w) => w === '' || /\s/.test(w)) || JSON.stringify(hook.trigger_words).length > 1024) {
      throw badRequest('model.outgoing_hook.is_valid.trigger_words.app_error', 'Invalid trigger words.');
    }
    if (hook.callback_urls.length === 0 || JSON.stringify(hook.callback_urls).length > 1024) {
      throw badRequest('model.outgoing_hook.is_valid.callback.app_error', 'Invalid callback urls.');
    }
    if (!hook.callback_urls.every(isValidHttpUrl)) throw badRequest('model.outgoing_hook.is_valid.url.app_error', 'Invalid callback urls. Each must be a valid URL and start with http:// or https://.');
    if (hook.trigger_when !== TRIGGER_EXACT && hook.trigger_when !== TRIGGER_STARTS_WITH) throw badRequest('model.outgoing_hook.is_valid.content_type.app_error', 'Invalid value for trigger_when.');
    if (!CONTENT_TYPES.includes(hook.content_type)) throw badRequest('model.outgoing_hook.is_valid.content_type.app_error', 'Invalid value for content_type.');
    checkLength(hook.display_name, 64, 'model.outgoing_hook.is_valid.display_name.app_error', 'display_name');
    checkLength(hook.description, 500, 'model.outgoing_hook.is_valid.description.app_error', 'description');
    checkLength(hook.username, 64, 'model.outgoing_hook.username.app_error', 'username');
    checkLength(hook.icon_url, 1024, 'model.outgoing_hook.icon_url.app_error', 'icon_url');
    // Two hooks of a channel with a common trigger word and callback URL would post every answer twice.
    for (const other of await this.ctx.store.webhooks.getOutgoingByTeam(hook.team_id)) {
      if (other.id === excludeId || other.channel_id !== hook.channel_id) continue;
      if (other.callback_urls.some((u) => hook.callback_urls.includes(u)) && other.trigger_words.some((w) => hook.trigger_words.includes(w))) {
        throw badRequest(excludeId ? 'api.webhook.update_outgoing.intersect.app_error' : 'api.webhook.create_outgoing.intersect.app_error', 'Outgoing webhooks from the same channel cannot have the same trigger words/callback URLs.');
      }
    }
  }

  private fromInput(input: OutgoingWebhookInput): Pick<OutgoingWebhook, 'channel_id' | 'trigger_words' | 'trigger_when' | 'callback_urls' | 'display_name' | 'description' | 'content_type' | 'username' | 'icon_url'> {
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return {
      channel_id: input.channel_id ?? '',
      trigger_words: strings(input.trigger_words),
      trigger_when: input.trigger_when ?? TRIGGER_EXACT,
      callback_urls: strings(input.callback_urls),
      display_name: input.display_name ?? '',
      description: input.description ?? '',
      content_type: input.content_type || 'application/x-www-form-urlencoded',
      username: input.username ?? '',
      icon_url: input.icon_url ?? '',
    };
  }

  /** POST /hooks/outgoing: public channels only; without a channel, trigger words are required. */
  async createOutgoingWebhook(session: AuthSession, input: OutgoingWebhookInput): Promise<OutgoingWebhook> {
    if (!isValidId(input.team_id)) throw invalidBodyParam('team_id');
    await this.app.authz.requireTeam(session, input.team_id, 'manage_own_outgoing_webhooks');
    let creatorId = session.userId;
    if (input.creator_id && input.creator_id !== session.userId) {
      await this.app.authz.requireTeam(session, input.team_id, 'manage_others_outgoing_webhooks');
      if (!isValidId(input.creator_id) || !(await this.ctx.store.users.get(input.creator_id))) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
      creatorId = input.creator_id;
    }
    if (!this.settings.enableOutgoingWebhooks) throw outgoingDisabled();
    if (!(await this.ctx.store.teams.get(input.team_id))) throw notFound('app.team.get.find.app_error', 'Unable to find the existing team.');
    const now = this.ctx.clock.now();
    const hook: OutgoingWebhook = {
      id: newId(),
      token: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      creator_id: creatorId,
      team_id: input.team_id,
      ...this.fromInput(input),
    };
    await this.validateOutgoing(hook);
    return inTransaction(this.ctx, (tx) => tx.webhooks.saveOutgoing(hook));
  }

  /** GET /hooks/outgoing?channel_id|team_id */
  async getOutgoingWebhooks(session: AuthSession, q: { channelId?: string; teamId?: string; page: number; perPage: number }): Promise<OutgoingWebhook[]> {
    let creatorId: string | undefined = session.userId;
    if (q.channelId) {
      await this.app.authz.requireChannel(session, q.channelId, 'manage_own_outgoing_webhooks');
      if (await this.app.authz.hasChannel(session, q.channelId, 'manage_others_outgoing_webhooks')) creatorId = undefined;
    } else if (q.teamId) {
      await this.app.authz.requireTeam(session, q.teamId, 'manage_own_outgoing_webhooks');
      if (await this.app.authz.hasTeam(session, q.teamId, 'manage_others_outgoing_webhooks')) creatorId = undefined;
    } else {
      this.app.authz.requireSystem(session, 'manage_own_outgoing_webhooks');
      if (this.app.authz.hasSystem(session, 'manage_others_outgoing_webhooks')) creatorId = undefined;
    }
    if (!this.settings.enableOutgoingWebhooks) throw outgoingDisabled();
    return this.ctx.store.webhooks.listOutgoing({ channelId: q.channelId, teamId: q.teamId, creatorId, offset: q.page * q.perPage, limit: q.perPage });
  }

  private async manageableOutgoing(session: AuthSession, id: string): Promise<OutgoingWebhook> {
    if (!this.settings.enableOutgoingWebhooks) throw outgoingDisabled();
    const hook = await this.ctx.store.webhooks.getOutgoing(id);
    if (!hook) throw outgoingNotFound(id);
    await this.requireManage(session, hook.team_id, hook.creator_id, 'manage_own_outgoing_webhooks', 'manage_others_outgoing_webhooks');
    return hook;
  }

  async getOutgoingWebhook(session: AuthSession, id: string): Promise<OutgoingWebhook> {
    return this.manageableOutgoing(session, id);
  }

  /** PUT /hooks/outgoing/{id} */
  async updateOutgoingWebhook(session: AuthSession, id: string, input: OutgoingWebhookInput & { team_id?: string }): Promise<OutgoingWebhook> {
    if (input.id !== id) throw invalidUrlParam('hook_id');
    const old = await this.manageableOutgoing(session, id);
    if (input.team_id && input.team_id !== old.team_id) {
      throw badRequest('api.webhook.team_mismatch.app_error', 'Unable to update the webhook across teams.', `user_id=${session.userId}`);
    }
    const next: OutgoingWebhook = { ...old, ...this.fromInput(input), update_at: Math.max(this.ctx.clock.now(), old.update_at + 1) };
    await this.validateOutgoing(next, old.id);
    await inTransaction(this.ctx, (tx) => tx.webhooks.updateOutgoing(next));
    return next;
  }

  /** POST /hooks/outgoing/{id}/regen_token */
  async regenOutgoingWebhookToken(session: AuthSession, id: string): Promise<OutgoingWebhook> {
    const old = await this.manageableOutgoing(session, id);
    const next: OutgoingWebhook = { ...old, token: newId(), update_at: Math.max(this.ctx.clock.now(), old.update_at + 1) };
    await inTransaction(this.ctx, (tx) => tx.webhooks.updateOutgoing(next));
    return next;
  }

  async deleteOutgoingWebhook(session: AuthSession, id: string): Promise<void> {
    const hook = await this.manageableOutgoing(session, id);
    await inTransaction(this.ctx, (tx) => tx.webhooks.deleteOutgoing(hook.id, this.ctx.clock.now()));
  }

  // ---- outgoing: delivery ---------------------------------------------------------------------------------

  /**
   * Called after a post in a public channel has been committed (never inside its transaction). Finds the
   * team's hooks that match — the hook's channel with no trigger words, or the first word against the
   * trigger words (exactly, or as a prefix) — and sends the post to each callback URL in the background.
   */
  handleWebhookEvents(post: Post, channel: Channel, author: User): Promise<void> {
    // Tracked from the first moment, so idle() (tests, shutdown) also waits for the lookup itself.
    const run = this.dispatch(post, channel, author);
    this.track(run);
    return run;
  }

  private async dispatch(post: Post, channel: Channel, author: User): Promise<void> {
    if (!this.settings.enableOutgoingWebhooks || channel.type !== 'O' || channel.team_id === '') return;
    const hooks = await this.ctx.store.webhooks.getOutgoingByTeam(channel.team_id);
    if (hooks.length === 0) return;
    const firstWord = post.message.trim().split(/\s+/)[0] ?? '';
    const matches: Array<{ hook: OutgoingWebhook; triggerWord: string }> = [];
    for (const hook of hooks) {
      if (hook.channel_id !== '' && hook.channel_id !== post.channel_id) continue;
      if (hook.channel_id === post.channel_id && hook.trigger_words.length === 0) {
        matches.push({ hook, triggerWord: '' });
      } else if (firstWord !== '' && hook.trigger_when === TRIGGER_EXACT) {
        const word = hook.trigger_words.find((w) => w === firstWord);
        if (word !== undefined) matches.push({ hook, triggerWord: word });
      } else if (firstWord !== '' && hook.trigger_when === TRIGGER_STARTS_WITH) {
        const word = hook.trigger_words.find((w) => firstWord.startsWith(w));
        if (word !== undefined) matches.push({ hook, triggerWord: word });
      }
    }
    if (matches.length === 0) return;
    const team = await this.ctx.store.teams.get(channel.team_id);
    if (!team) return;
    for (const { hook, triggerWord } of matches) {
      for (const url of hook.callback_urls) this.track(this.deliver(hook, url, post, channel, team, author, triggerWord));
    }
  }

  private track(p: Promise<void>): void {
    const done: Promise<void> = p.then(
      () => undefined,
      (err: unknown) => this.ctx.log.warn({ err }, 'outgoing webhook delivery failed'),
    ).finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Resolves once every delivery started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Mattermost's TriggerWebhook for one callback URL: send, and post a JSON answer back. */
  private async deliver(hook: OutgoingWebhook, url: string, post: Post, channel: Channel, team: Team, author: User, triggerWord: string): Promise<void> {
    const log = this.ctx.log.child({ outgoing_webhook_id: hook.id, post_id: post.id, channel_id: channel.id });
    const payload = {
      token: hook.token,
      team_id: hook.team_id,
      team_domain: team.name,
      channel_id: post.channel_id,
      channel_name: channel.name,
      timestamp: post.create_at,
      user_id: post.user_id,
      user_name: author.username,
      post_id: post.id,
      text: post.message,
      trigger_word: triggerWord,
      file_ids: post.file_ids.join(','),
    };
    const json = hook.content_type === 'application/json';
    // As in Mattermost, the form carries the timestamp in seconds and the JSON body in milliseconds.
    const body = json
      ? JSON.stringify(payload)
      : new URLSearchParams({ ...payload, timestamp: String(Math.floor(post.create_at / 1000)) }).toString();
    let answer: Record<string, unknown> | undefined;
    try {
      const res = await this.app.outbound.request({
        method: 'POST',
        url,
        headers: { 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
      });
      if (res.status < 200 || res.status > 299) {
        log.warn({ status: res.status }, 'outgoing webhook callback answered with an error status');
        return;
      }
      const text = res.body.toString('utf8').trim();
      if (text === '') return;
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
      answer = parsed as Record<string, unknown>;
    } catch (err) {
      if (err instanceof OutboundError && err.code === 'timeout') log.warn({ err: err.message }, 'outgoing webhook timed out (PARLEY_OUTGOING_TIMEOUT_MS)');
      else log.warn({ err: (err as Error).message }, 'outgoing webhook failed');
      return;
    }
    const attachments = asAttachments(answer.attachments);
    if (typeof answer.text !== 'string' && !(attachments && attachments.length > 0)) return;
    const props = typeof answer.props === 'object' && answer.props !== null && !Array.isArray(answer.props) ? { ...(answer.props as Record<string, unknown>) } : {};
    props.webhook_display_name = hook.display_name;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const type = str(answer.type);
    try {
      await this.createWebhookPost({
        userId: hook.creator_id,
        channel,
        text: await processSlackText(this.ctx.store, str(answer.text)),
        overrideUsername: str(answer.username) || hook.username,
        overrideIconUrl: str(answer.icon_url) || hook.icon_url,
        props,
        attachments: attachments && attachments.length > 0 ? await processSlackAttachments(this.ctx.store, attachments) : undefined,
        type: type.startsWith('custom_') ? type : '',
        rootId: answer.response_type === 'comment' ? post.root_id || post.id : undefined,
      });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'posting the outgoing webhook answer failed');
    }
  }
}
