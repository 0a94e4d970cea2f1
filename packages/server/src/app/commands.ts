// Slash commands (Mattermost's app/command.go and the checks of api4/command.go): the built-in ones
// (builtin-commands.ts), custom commands a team defines (an HTTP call to the integration's URL), their
// response URLs (POST /hooks/commands/{id}), autocomplete and suggestions. Managing custom commands needs
// manage_own_slash_commands on the team (manage_others_slash_commands for someone else's); running any
// command needs create_post and use_slash_commands in the channel.
import { AppError, badRequest, invalidBodyParam, invalidUrlParam, notFound, permissionError } from '../platform/errors.js';
import { isValidId, newId } from '../platform/ids.js';
import type { Channel, Command, CommandWebhook, Team, User } from '../store/store.js';
import type { App } from './app.js';
import { enabledBuiltins, findBuiltin, type BuiltinCommand, type CommandResponse } from './builtin-commands.js';
import { inTransaction, type AppContext } from './context.js';
import { actingAs, type AuthSession } from './session.js';
import { asAttachments, processSlackAttachments, processSlackText, slackLinksToMarkdown } from './slack.js';
import { checkLength } from './validate.js';
import { isValidHttpUrl } from './webhooks.js';

export type { CommandResponse };

export interface CommandInput {
  id?: string;
  team_id: string;
  creator_id?: string;
  trigger: string;
  method?: string;
  url: string;
  username?: string;
  icon_url?: string;
  auto_complete?: boolean;
  auto_complete_desc?: string;
  auto_complete_hint?: string;
  display_name?: string;
  description?: string;
}

export interface CommandArgs {
  command: string;
  channel_id: string;
  team_id?: string;
  root_id?: string;
}

/** Mattermost's AutocompleteSuggestion (capitalised field names on the wire). */
export interface AutocompleteSuggestion {
  Complete: string;
  Suggestion: string;
  Hint: string;
  Description: string;
  IconData: string;
}

/** What a command is known by in listings: a stored custom command or a built-in one. */
export type ListedCommand = { kind: 'custom'; command: Command; sanitize: boolean } | { kind: 'builtin'; command: BuiltinCommand };

/** A response URL may be used this many times, for this long (Mattermost's CommandWebhook limits). */
const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;
const MAX_TRIGGER_ECHO = 512;

const disabled = () => new AppError('api.command.disabled.app_error', 'Commands have been disabled by the system admin.', 501);
const commandNotFound = () => notFound('api.command.invalid_command.app_error', 'Unable to find the command.');

export class CommandService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private get settings() {
    return this.ctx.config.settings;
  }

  // ---- management ---------------------------------------------------------------------------------------

  private validate(cmd: Command): void {
    const invalid = (field: string, message: string) => badRequest(`model.command.is_valid.${field}.app_error`, message);
    if (cmd.trigger.length < 1 || cmd.trigger.length > 128 || cmd.trigger.startsWith('/') || /\s/.test(cmd.trigger)) {
      throw invalid('trigger', 'Invalid trigger: 1 to 128 characters, no spaces, not starting with a slash.');
    }
    if (cmd.url.length === 0 || cmd.url.length > 1024) throw invalid('url', 'Invalid url.');
    if (!isValidHttpUrl(cmd.url)) throw invalid('url_http', 'Invalid URL. Must be a valid URL and start with http:// or https://.');
    if (cmd.method !== 'P' && cmd.method !== 'G') throw invalid('method', 'Invalid method.');
    checkLength(cmd.display_name, 64, 'model.command.is_valid.display_name.app_error', 'display_name');
    checkLength(cmd.description, 128, 'model.command.is_valid.description.app_error', 'description');
    checkLength(cmd.username, 64, 'model.command.is_valid.username.app_error', 'username');
    checkLength(cmd.icon_url, 1024, 'model.command.is_valid.icon_url.app_error', 'icon_url');
    checkLength(cmd.auto_complete_desc, 1024, 'model.command.is_valid.autocomplete_data.app_error', 'auto_complete_desc');
    checkLength(cmd.auto_complete_hint, 1024, 'model.command.is_valid.autocomplete_data.app_error', 'auto_complete_hint');
  }

  /** A trigger is unique among the built-in commands and the team's custom ones. */
  private async requireUniqueTrigger(teamId: string, trigger: string, excludeId?: string): Promise<void> {
    const clash =
      enabledBuiltins(this.settings).some((b) => b.trigger === trigger) ||
      (await this.ctx.store.commands.getByTeam(teamId)).some((c) => c.id !== excludeId && c.trigger === trigger);
    if (clash) throw badRequest('api.command.duplicate_trigger.app_error', 'This trigger word is already in use. Please choose another word.');
  }

  private fields(input: CommandInput): Pick<Command, 'trigger' | 'method' | 'url' | 'username' | 'icon_url' | 'auto_complete' | 'auto_complete_desc' | 'auto_complete_hint' | 'display_name' | 'description'> {
    return {
      trigger: (input.trigger ?? '').toLowerCase(),
      method: input.method ?? 'P',
      url: input.url ?? '',
      username: input.username ?? '',
      icon_url: input.icon_url ?? '',
      auto_complete: input.auto_complete ?? false,
      auto_complete_desc: input.auto_complete_desc ?? '',
      auto_complete_hint: input.auto_complete_hint ?? '',
      display_name: input.display_name ?? '',
      description: input.description ?? '',
    };
  }

  /** POST /commands */
  async createCommand(session: AuthSession, input: CommandInput): Promise<Command> {
    if (!isValidId(input.team_id)) throw invalidBodyParam('team_id');
    await this.app.authz.requireTeam(session, input.team_id, 'manage_own_slash_commands');
    let creatorId = session.userId;
    if (input.creator_id && input.creator_id !== session.userId) {
      await this.app.authz.requireTeam(session, input.team_id, 'manage_others_slash_commands');
      if (!isValidId(input.creator_id) || !(await this.ctx.store.users.get(input.creator_id))) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
      creatorId = input.creator_id;
    }
    if (!this.settings.enableCommands) throw disabled();
    if (!(await this.ctx.store.teams.get(input.team_id))) throw notFound('app.team.get.find.app_error', 'Unable to find the existing team.');
    const now = this.ctx.clock.now();
    const cmd: Command = { id: newId(), token: newId(), create_at: now, update_at: now, delete_at: 0, creator_id: creatorId, team_id: input.team_id, ...this.fields(input) };
    this.validate(cmd);
    await this.requireUniqueTrigger(cmd.team_id, cmd.trigger);
    return inTransaction(this.ctx, (tx) => tx.commands.save(cmd));
  }

  /**
   * A command the caller may manage. Without manage_own_slash_commands (or view_team) the command is "not
   * found", so its existence does not leak to other teams (Mattermost's SetCommandNotFoundError).
   */
  private async manageable(session: AuthSession, id: string, hideOthers: boolean): Promise<Command> {
    if (!this.settings.enableCommands) throw disabled();
    const cmd = await this.ctx.store.commands.get(id);
    if (!cmd) throw commandNotFound();
    if (!(await this.app.authz.hasTeam(session, cmd.team_id, 'view_team')) || !(await this.app.authz.hasTeam(session, cmd.team_id, 'manage_own_slash_commands'))) {
      throw commandNotFound();
    }
    if (cmd.creator_id !== session.userId && !(await this.app.authz.hasTeam(session, cmd.team_id, 'manage_others_slash_commands'))) {
      if (hideOthers) throw commandNotFound();
      throw permissionError('manage_others_slash_commands');
    }
    return cmd;
  }

  async getCommand(session: AuthSession, id: string): Promise<Command> {
    return this.manageable(session, id, true);
  }

  /** PUT /commands/{id}: the body names the command; team, creator and token stay. */
  async updateCommand(session: AuthSession, id: string, input: CommandInput): Promise<Command> {
    if (input.id !== id) throw invalidBodyParam('command');
    const old = await this.manageable(session, id, false);
    if (input.team_id !== old.team_id) throw badRequest('api.command.team_mismatch.app_error', 'Unable to update commands across teams.', `user_id=${session.userId}`);
    const next: Command = { ...old, ...this.fields(input), update_at: Math.max(this.ctx.clock.now(), old.update_at + 1) };
    this.validate(next);
    await this.requireUniqueTrigger(next.team_id, next.trigger, next.id);
    await inTransaction(this.ctx, (tx) => tx.commands.update(next));
    return next;
  }

  /** PUT /commands/{id}/regen_token */
  async regenCommandToken(session: AuthSession, id: string): Promise<string> {
    const old = await this.manageable(session, id, false);
    const token = newId();
    await inTransaction(this.ctx, (tx) => tx.commands.update({ ...old, token, update_at: Math.max(this.ctx.clock.now(), old.update_at + 1) }));
    return token;
  }

  async deleteCommand(session: AuthSession, id: string): Promise<void> {
    const cmd = await this.manageable(session, id, false);
    await inTransaction(this.ctx, (tx) => tx.commands.delete(cmd.id, this.ctx.clock.now()));
  }

  /**
   * GET /commands?team_id&custom_only: custom_only lists the team's custom commands the caller manages;
   * otherwise the built-in ones plus those custom commands (or, for a user who manages none, what
   * autocomplete shows).
   */
  async listCommands(session: AuthSession, teamId: string, customOnly: boolean): Promise<ListedCommand[]> {
    if (!isValidId(teamId)) throw invalidUrlParam('team_id');
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    const manages = await this.app.authz.hasTeam(session, teamId, 'manage_own_slash_commands');
    const others = await this.app.authz.hasTeam(session, teamId, 'manage_others_slash_commands');
    const own = async () => {
      if (!this.settings.enableCommands) throw disabled();
      return (await this.ctx.store.commands.getByTeam(teamId)).filter((c) => others || c.creator_id === session.userId);
    };
    if (customOnly) {
      if (!manages) throw permissionError('manage_own_slash_commands');
      return (await own()).map((command) => ({ kind: 'custom', command, sanitize: false }));
    }
    if (!manages) return this.autocompleteCommands(teamId);
    const builtins: ListedCommand[] = enabledBuiltins(this.settings).map((command) => ({ kind: 'builtin', command }));
    const taken = new Set(enabledBuiltins(this.settings).map((b) => b.trigger));
    const custom: ListedCommand[] = this.settings.enableCommands
      ? (await own()).filter((c) => !taken.has(c.trigger)).map((command) => ({ kind: 'custom', command, sanitize: true }))
      : [];
    return [...builtins, ...custom];
  }

  /** GET /teams/{tid}/commands/autocomplete */
  async listAutocompleteCommands(session: AuthSession, teamId: string): Promise<ListedCommand[]> {
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    return this.autocompleteCommands(teamId);
  }

  /** The team's auto-completing custom commands (sanitised), then the built-in ones. */
  private async autocompleteCommands(teamId: string): Promise<ListedCommand[]> {
    const seen = new Set<string>();
    const out: ListedCommand[] = [];
    if (this.settings.enableCommands) {
      for (const command of await this.ctx.store.commands.getByTeam(teamId)) {
        if (command.auto_complete && !seen.has(command.trigger)) {
          seen.add(command.trigger);
          out.push({ kind: 'custom', command, sanitize: true });
        }
      }
    }
    for (const command of enabledBuiltins(this.settings)) {
      if (!seen.has(command.trigger)) {
        seen.add(command.trigger);
        out.push({ kind: 'builtin', command });
      }
    }
    return out;
  }

  /**
   * GET /teams/{tid}/commands/autocomplete_suggestions: while the trigger is being typed, the commands whose
   * trigger starts with it. Parley's built-in commands have no argument completion.
   */
  async getSuggestions(session: AuthSession, teamId: string, userInput: string): Promise<AutocompleteSuggestion[]> {
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    if (userInput === '') throw invalidUrlParam('userInput');
    const input = userInput.replace(/^\//, '').toLowerCase();
    if (/\s/.test(input)) return [];
    const out: AutocompleteSuggestion[] = [];
    for (const listed of await this.autocompleteCommands(teamId)) {
      const c = listed.kind === 'custom'
        ? { trigger: listed.command.trigger, hint: listed.command.auto_complete_hint, description: listed.command.auto_complete_desc }
        : { trigger: listed.command.trigger, hint: listed.command.hint, description: listed.command.description };
      if (c.trigger.startsWith(input)) out.push({ Complete: c.trigger, Suggestion: c.trigger, Hint: c.hint, Description: c.description, IconData: '' });
    }
    return out.sort((a, b) => a.Complete.localeCompare(b.Complete));
  }

  // ---- execution -------------------------------------------------------------------------------------------

  /**
   * POST /commands/execute (Mattermost's executeCommand + ExecuteCommand): custom commands of the team
   * first (they may override built-ins), then the built-in ones; an unknown trigger is a 404.
   */
  async executeCommand(session: AuthSession, args: CommandArgs): Promise<CommandResponse> {
    if (typeof args.command !== 'string' || args.command.length <= 1 || !args.command.startsWith('/') || !isValidId(args.channel_id)) {
      throw badRequest('api.command.execute_command.start.app_error', 'No command trigger found.');
    }
    await this.app.authz.requireChannel(session, args.channel_id, 'create_post');
    const channel = await this.ctx.store.channels.get(args.channel_id);
    if (!channel) throw notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.');
    if (channel.delete_at !== 0) throw badRequest('api.command.execute_command.deleted.error', 'Can not run command in deleted channel.');
    let teamId = channel.team_id;
    if (channel.type === 'D' || channel.type === 'G') {
      // A command typed in a DM runs against the team the client names, which must be the caller's.
      teamId = args.team_id && isValidId(args.team_id) ? args.team_id : '';
      const member = teamId ? await this.ctx.store.teams.getMember(teamId, session.userId) : undefined;
      if (teamId && (!member || member.delete_at > 0)) this.app.authz.requireSystem(session, 'create_post');
    }
    await this.app.authz.requireChannel(session, channel.id, 'use_slash_commands');
    if (!this.settings.enableCommands) throw disabled();
    const user = await this.ctx.store.users.get(session.userId);
    if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.');

    const text = args.command;
    const space = text.search(/\s/);
    const trigger = (space === -1 ? text : text.slice(0, space)).toLowerCase().slice(1);
    const message = space === -1 ? '' : text.slice(space + 1);
    const rootId = args.root_id && isValidId(args.root_id) ? args.root_id : '';

    const custom = teamId ? (await this.ctx.store.commands.getByTeam(teamId)).find((c) => c.trigger === trigger) : undefined;
    if (custom) {
      // The integration gets a signed trigger id it may spend on a dialog; the client gets its inner id.
      const { clientTriggerId, triggerId } = await this.app.dialogs.generateTriggerId(user.id);
      const response = await this.runCustomCommand(custom, { user, channel, teamId, rootId, trigger, message, triggerId });
      response.trigger_id = clientTriggerId;
      return this.handleCommandResponse(custom, { userId: user.id, channelId: channel.id, rootId, session }, response, false);
    }
    const builtin = findBuiltin(trigger, this.settings);
    if (builtin) {
      const response = await builtin.run({
        app: this.app,
        store: this.ctx.store,
        settings: this.settings,
        session,
        user,
        channel,
        teamId,
        rootId,
        siteUrl: this.ctx.config.siteUrl,
        message,
      });
      return this.handleCommandResponse(undefined, { userId: user.id, channelId: channel.id, rootId, session }, response, true);
    }
    const shown = trigger.length > MAX_TRIGGER_ECHO ? `${trigger.slice(0, MAX_TRIGGER_ECHO)}...` : trigger;
    throw notFound('api.command.execute_command.not_found.app_error', `Command with a trigger of '/${shown}' not found.`);
  }

  /** Mattermost's tryExecuteCustomCommand + DoCommandRequest: one HTTP call to the integration. */
  private async runCustomCommand(
    cmd: Command,
    a: { user: User; channel: Channel; teamId: string; rootId: string; trigger: string; message: string; triggerId: string },
  ): Promise<CommandResponse> {
    const team = await this.ctx.store.teams.get(a.teamId);
    if (!team) throw notFound('app.team.get.find.app_error', 'Unable to find the existing team.');
    const hook: CommandWebhook = {
      id: newId(),
      create_at: this.ctx.clock.now(),
      command_id: cmd.id,
      user_id: a.user.id,
      channel_id: a.channel.id,
      root_id: a.rootId,
      use_count: 0,
    };
    await inTransaction(this.ctx, (tx) => tx.commands.saveWebhook(hook));
    const params = new URLSearchParams({
      token: cmd.token,
      team_id: cmd.team_id,
      team_domain: (team as Team).name,
      channel_id: a.channel.id,
      channel_name: a.channel.name,
      user_id: a.user.id,
      user_name: a.user.username,
      command: `/${a.trigger}`,
      text: a.message,
      trigger_id: a.triggerId,
      root_id: a.rootId,
      response_url: `${this.ctx.config.siteUrl.replace(/\/+$/, '')}/hooks/commands/${hook.id}`,
    });
    const get = cmd.method === 'G';
    let url = cmd.url;
    if (get) url += `${url.includes('?') ? '&' : '?'}${params.toString()}`;
    const failed = (detail: string) =>
      new AppError('api.command.execute_command.failed.app_error', `Command with a trigger of '/${cmd.trigger}' failed.`, 500, detail);
    let res;
    try {
      res = await this.app.outbound.request({
        method: get ? 'GET' : 'POST',
        url,
        headers: {
          Accept: 'application/json',
          Authorization: `Token ${cmd.token}`,
          ...(get ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
        },
        ...(get ? {} : { body: params.toString() }),
      });
    } catch (err) {
      this.ctx.log.warn({ command_id: cmd.id, err: (err as Error).message }, 'slash command request failed');
      throw failed((err as Error).message);
    }
    if (res.status !== 200) {
      throw new AppError(
        'api.command.execute_command.failed_resp.app_error',
        `Command with a trigger of '/${cmd.trigger}' returned response ${res.status}.`,
        500,
        res.body.toString('utf8').slice(0, 500),
      );
    }
    return parseCommandResponse(res.headers['content-type'], res.body.toString('utf8'), failed);
  }

  /**
   * Mattermost's HandleCommandResponse: the response (and each of extra_responses) becomes a post in the
   * channel (in_channel) or an ephemeral message to the caller. Custom commands, and responses that
   * override the name or icon, post with from_webhook; built-in ones post as the caller.
   */
  private async handleCommandResponse(
    cmd: Command | undefined,
    args: { userId: string; channelId: string; rootId: string; session?: AuthSession },
    response: CommandResponse,
    builtIn: boolean,
  ): Promise<CommandResponse> {
    let failed = false;
    for (const r of [response, ...(response.extra_responses ?? [])]) {
      try {
        await this.postCommandResponse(cmd, args, r, builtIn);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        this.ctx.log.debug({ err: err.message }, 'command response post failed');
        failed = true;
      }
    }
    if (failed) throw new AppError('api.command.execute_command.create_post_failed.app_error', 'Command has failed to create a post.', 500);
    return response;
  }

  private async postCommandResponse(cmd: Command | undefined, args: { userId: string; channelId: string; rootId: string; session?: AuthSession }, r: CommandResponse, builtIn: boolean): Promise<void> {
    let channelId = args.channelId;
    if (r.channel_id) {
      if (!isValidId(r.channel_id) || !(await this.ctx.store.channels.getMember(r.channel_id, args.userId))) {
        throw new AppError('api.command.command_post.forbidden.app_error', 'Specified user is not a member of specified channel.', 403);
      }
      channelId = r.channel_id;
    }
    const props: Record<string, unknown> = r.props && typeof r.props === 'object' && !Array.isArray(r.props) ? { ...r.props } : {};
    let fromWebhook = !builtIn;
    const s = this.settings;
    if (s.enablePostUsernameOverride && (cmd?.username || r.username)) {
      props.override_username = cmd?.username || r.username;
      fromWebhook = true;
    }
    if (s.enablePostIconOverride && (cmd?.icon_url || r.icon_url)) {
      props.override_icon_url = cmd?.icon_url || r.icon_url;
      fromWebhook = true;
    }
    let text = typeof r.text === 'string' ? r.text : '';
    let attachments = asAttachments(r.attachments);
    if (!r.skip_slack_parsing) {
      text = slackLinksToMarkdown(await processSlackText(this.ctx.store, text));
      if (attachments) attachments = await processSlackAttachments(this.ctx.store, attachments);
    }
    let type = typeof r.type === 'string' ? r.type : '';
    if (attachments && attachments.length > 0) {
      props.attachments = attachments;
      type = 'slack_attachment';
    }
    if (r.response_type === 'in_channel') {
      if (fromWebhook) {
        props.from_webhook = 'true';
        await this.app.posts.createIntegrationPost({ userId: args.userId, channelId, rootId: args.rootId || undefined, message: text, type, props });
      } else if (args.session) {
        await this.app.posts.createPost(args.session, { channel_id: channelId, root_id: args.rootId || undefined, message: text, type, props });
      } else {
        await this.app.posts.createIntegrationPost({ userId: args.userId, channelId, rootId: args.rootId || undefined, message: text, type, props });
      }
      return;
    }
    if ((r.response_type === undefined || r.response_type === '' || r.response_type === 'ephemeral') && (text !== '' || (attachments && attachments.length > 0))) {
      await this.app.posts.sendEphemeralPost(args.userId, { channel_id: channelId, root_id: args.rootId || undefined, message: text, props });
    }
  }

  /**
   * POST /hooks/commands/{id}: a custom command's delayed answer through the response_url it was given,
   * at most 5 times within 30 minutes (Mattermost's HandleCommandWebhook).
   */
  async executeCommandWebhook(hookId: string, contentType: string | undefined, body: string): Promise<void> {
    const failed = (detail: string) => badRequest('web.command_webhook.parse.app_error', 'Unable to parse incoming data.', detail);
    const response = parseCommandResponse(contentType, body, failed);
    const hook = isValidId(hookId) ? await this.ctx.store.commands.getWebhook(hookId) : undefined;
    if (!hook || hook.create_at < this.ctx.clock.now() - RESPONSE_URL_LIFETIME_MS) {
      throw notFound('app.command_webhook.get.missing', 'Unable to find the webhook.', `hook_id=${hookId}`);
    }
    const cmd = await this.ctx.store.commands.get(hook.command_id);
    if (!cmd) throw badRequest('web.command_webhook.command.app_error', 'Could not find the command.', `hook_id=${hookId}`);
    if (!(await this.ctx.store.commands.tryUseWebhook(hook.id, RESPONSE_URL_USES))) {
      throw badRequest('app.command_webhook.try_use.invalid', 'Invalid webhook.', `hook_id=${hookId}`);
    }
    const user = await this.ctx.store.users.get(hook.user_id);
    if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
    // The answer posts with the authority of the user who ran the command (still a member, still allowed).
    if (!(await this.app.authz.hasChannel(actingAs(user), hook.channel_id, 'create_post'))) throw permissionError('create_post');
    await this.handleCommandResponse(cmd, { userId: hook.user_id, channelId: hook.channel_id, rootId: hook.root_id }, response, false);
  }

  /** Upkeep: forget response URLs past their lifetime. */
  async cleanupCommandWebhooks(): Promise<number> {
    return this.ctx.store.commands.deleteWebhooksBefore(this.ctx.clock.now() - RESPONSE_URL_LIFETIME_MS);
  }
}

/**
 * Mattermost's CommandResponseFromHTTPBody: a JSON body when the content type says so, otherwise the body
 * is the text of an ephemeral answer.
 */
export function parseCommandResponse(contentType: string | undefined, body: string, failed: (detail: string) => AppError): CommandResponse {
  if ((contentType ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') return { text: body };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw failed((err as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw failed('the response is not a JSON object');
  return sanitiseResponse(parsed as Record<string, unknown>);
}

function sanitiseResponse(o: Record<string, unknown>, depth = 0): CommandResponse {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const out: CommandResponse = {};
  for (const k of ['response_type', 'text', 'username', 'channel_id', 'icon_url', 'type', 'goto_location'] as const) {
    const v = str(o[k]);
    if (v !== undefined) out[k] = v;
  }
  if (typeof o.skip_slack_parsing === 'boolean') out.skip_slack_parsing = o.skip_slack_parsing;
  if (typeof o.props === 'object' && o.props !== null && !Array.isArray(o.props)) out.props = o.props as Record<string, unknown>;
  const attachments = asAttachments(o.attachments);
  if (attachments) out.attachments = attachments;
  if (depth === 0 && Array.isArray(o.extra_responses)) {
    out.extra_responses = o.extra_responses
      .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r))
      .slice(0, 10)
      .map((r) => sanitiseResponse(r, 1));
  }
  return out;
}
