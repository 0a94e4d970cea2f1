// Webhooks, slash commands and command responses as Mattermost sends them (model/incoming_webhook.go,
// outgoing_webhook.go, command.go, command_response.go).
import type { Command, IncomingWebhook, OutgoingWebhook } from '../store/store.js';

// The wire shapes are the models' own fields; each presenter below still lists them one by one, so a column
// added to a table fails to compile here until someone decides whether clients may see it.
export type WireIncomingWebhook = IncomingWebhook;
export type WireOutgoingWebhook = OutgoingWebhook;
export type WireCommand = Command & { plugin_id: string };

export interface WireCommandResponse {
  response_type: string;
  text: string;
  username: string;
  channel_id: string;
  icon_url: string;
  type: string;
  props: Record<string, unknown> | null;
  goto_location: string;
  trigger_id: string;
  skip_slack_parsing: boolean;
  attachments: Array<Record<string, unknown>> | null;
  extra_responses: WireCommandResponse[] | null;
}

export function presentIncomingWebhook(h: IncomingWebhook): WireIncomingWebhook {
  return {
    id: h.id,
    create_at: h.create_at,
    update_at: h.update_at,
    delete_at: h.delete_at,
    user_id: h.user_id,
    channel_id: h.channel_id,
    team_id: h.team_id,
    display_name: h.display_name,
    description: h.description,
    username: h.username,
    icon_url: h.icon_url,
    channel_locked: h.channel_locked,
    last_used: h.last_used,
  };
}

export function presentOutgoingWebhook(h: OutgoingWebhook): WireOutgoingWebhook {
  return {
    id: h.id,
    token: h.token,
    create_at: h.create_at,
    update_at: h.update_at,
    delete_at: h.delete_at,
    creator_id: h.creator_id,
    channel_id: h.channel_id,
    team_id: h.team_id,
    trigger_words: h.trigger_words,
    trigger_when: h.trigger_when,
    callback_urls: h.callback_urls,
    display_name: h.display_name,
    description: h.description,
    content_type: h.content_type,
    username: h.username,
    icon_url: h.icon_url,
  };
}

/**
 * A custom command. `sanitize` blanks what only its managers may see (Mattermost's Command.Sanitize):
 * token, creator, method, URL and the overrides.
 */
export function presentCommand(c: Command, sanitize = false): WireCommand {
  return {
    id: c.id,
    token: sanitize ? '' : c.token,
    create_at: c.create_at,
    update_at: c.update_at,
    delete_at: c.delete_at,
    creator_id: sanitize ? '' : c.creator_id,
    team_id: c.team_id,
    trigger: c.trigger,
    method: sanitize ? '' : c.method,
    username: sanitize ? '' : c.username,
    icon_url: sanitize ? '' : c.icon_url,
    auto_complete: c.auto_complete,
    auto_complete_desc: c.auto_complete_desc,
    auto_complete_hint: c.auto_complete_hint,
    display_name: c.display_name,
    description: c.description,
    url: sanitize ? '' : c.url,
    plugin_id: '',
  };
}

/** A built-in command as listings show it: no id, no team, no URL. */
export function presentBuiltinCommand(b: { trigger: string; displayName: string; description: string; hint: string }): WireCommand {
  return {
    id: '',
    token: '',
    create_at: 0,
    update_at: 0,
    delete_at: 0,
    creator_id: '',
    team_id: '',
    trigger: b.trigger,
    method: '',
    username: '',
    icon_url: '',
    auto_complete: true,
    auto_complete_desc: b.description,
    auto_complete_hint: b.hint,
    display_name: b.displayName,
    description: '',
    url: '',
    plugin_id: '',
  };
}

export interface CommandResponseLike {
  response_type?: string;
  text?: string;
  username?: string;
  channel_id?: string;
  icon_url?: string;
  type?: string;
  props?: Record<string, unknown> | null;
  goto_location?: string;
  trigger_id?: string;
  skip_slack_parsing?: boolean;
  attachments?: Array<Record<string, unknown>> | null;
  extra_responses?: CommandResponseLike[] | null;
}

export function presentCommandResponse(r: CommandResponseLike): WireCommandResponse {
  return {
    response_type: r.response_type ?? '',
    text: r.text ?? '',
    username: r.username ?? '',
    channel_id: r.channel_id ?? '',
    icon_url: r.icon_url ?? '',
    type: r.type ?? '',
    props: r.props ?? null,
    goto_location: r.goto_location ?? '',
    trigger_id: r.trigger_id ?? '',
    skip_slack_parsing: r.skip_slack_parsing ?? false,
    attachments: r.attachments ?? null,
    extra_responses: r.extra_responses ? r.extra_responses.map(presentCommandResponse) : null,
  };
}
