// Interactive message buttons and menus: `props.attachments[].actions[]` with an `integration {url, context}`
// that only the server sees. Mirrors DoPostActionWithCookie in server/channels/app/integration_action.go.
import { AppError, notFound, permissionError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { OutboundError } from '../platform/outbound-http.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import type { AuthSession } from './session.js';
import { slackLinksToMarkdown } from './slack.js';

type Json = Record<string, unknown>;

/** Props an action's update keeps from the original post, or removes when it had none (PostActionRetainPropKeys). */
const RETAINED_PROPS = ['from_webhook', 'override_username', 'override_icon_url'] as const;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function actionsOf(props: Json): Json[] {
  const attachments = props.attachments;
  if (!Array.isArray(attachments)) return [];
  const out: Json[] = [];
  for (const a of attachments) {
    if (!isObject(a) || !Array.isArray(a.actions)) continue;
    for (const action of a.actions) if (isObject(action)) out.push(action);
  }
  return out;
}

/** Gives every action without one an id (Mattermost's GenerateActionIds), in place. */
export function assignActionIds(props: Json): void {
  for (const action of actionsOf(props)) {
    if (typeof action.id !== 'string' || action.id === '') action.id = newId();
  }
}

function findAction(props: Json, actionId: string): Json | undefined {
  return actionsOf(props).find((a) => a.id === actionId);
}

const integrationError = (detail: string) =>
  new AppError('api.post.do_action.action_integration.app_error', 'Action integration error.', 400, detail);

/**
 * Mattermost's DoActionRequest: POSTs JSON to an integration through the outbound client (deny-list,
 * deadline, size cap). Anything but a 200 is Mattermost's 400 action_integration error. Returns the body.
 */
export async function callIntegration(app: App, ctx: AppContext, url: string, body: unknown): Promise<string> {
  let res;
  try {
    res = await app.outbound.request({
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    if (err instanceof OutboundError) {
      ctx.log.warn({ err: err.message, code: err.code }, 'integration action request failed');
      throw integrationError(`err=${err.message}`);
    }
    throw err;
  }
  if (res.status !== 200) throw integrationError(`status=${res.status}`);
  return res.body.toString('utf8');
}

export interface PostActionResult {
  trigger_id: string;
  goto_location?: string;
}

export class PostActionService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /**
   * POST /posts/{id}/actions/{action_id}: tells the action's integration who clicked what, then applies
   * its answer — `update` edits the post, `ephemeral_text` goes to the clicking user alone.
   */
  async doPostAction(session: AuthSession, postId: string, actionId: string, selectedOption: string): Promise<PostActionResult> {
    const store = this.ctx.store;
    const post = await store.posts.get(postId);
    // As Mattermost's SessionHasPermissionToChannelByPost: no post, no permission.
    if (!post || post.original_id !== '') throw permissionError('read_channel');
    await this.app.authz.requireChannel(session, post.channel_id, 'read_channel');
    if (post.delete_at > 0) throw notFound('app.post.get.app_error', 'Unable to get the post.', `post_id=${postId}`);
    const channel = await store.channels.get(post.channel_id);
    if (!channel) throw new AppError('app.channel.get_for_post.app_error', 'Unable to get the channel for the post.', 500);

    const action = findAction(post.props, actionId);
    const integration = action && isObject(action.integration) ? action.integration : undefined;
    const url = integration && typeof integration.url === 'string' ? integration.url : '';
    if (!action || !integration || url === '') {
      throw notFound('api.post.do_action.action_id.app_error', 'Invalid action id.', `action_id=${actionId}`);
    }

    const user = await store.users.get(session.userId);
    if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
    const team = channel.team_id ? await store.teams.get(channel.team_id) : undefined;
    if (channel.team_id && !team) throw notFound('app.team.get.find.app_error', 'Unable to find the existing team.');

    const type = typeof action.type === 'string' ? action.type : '';
    const context: Json = isObject(integration.context) ? { ...integration.context } : {};
    let dataSource = '';
    if (type === 'select' && selectedOption !== '') {
      context.selected_option = selectedOption;
      dataSource = typeof action.data_source === 'string' ? action.data_source : '';
    }
    const { clientTriggerId, triggerId } = await this.app.dialogs.generateTriggerId(user.id);
    const request: Json = {
      user_id: user.id,
      user_name: user.username,
      channel_id: channel.id,
      channel_name: channel.name,
      team_id: channel.team_id,
      team_domain: team?.name ?? '',
      post_id: post.id,
      trigger_id: triggerId,
      type,
      data_source: dataSource,
    };
    if (Object.keys(context).length > 0) request.context = context;

    const text = await callIntegration(this.app, this.ctx, url, request);
    let response: Json = {};
    if (text.length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw integrationError((err as Error).message);
      }
      if (isObject(parsed)) response = parsed;
    }

    const retained: Json = {};
    for (const k of RETAINED_PROPS) if (k in post.props) retained[k] = post.props[k];
    if (isObject(response.update)) {
      const update = response.update;
      let props: Json | undefined;
      if (isObject(update.props)) {
        props = { ...update.props };
        for (const k of RETAINED_PROPS) delete props[k];
        Object.assign(props, retained);
        assignActionIds(props);
      }
      await this.app.posts.updatePostForIntegration(post.id, {
        ...(typeof update.message === 'string' ? { message: update.message } : {}),
        ...(props ? { props } : {}),
      });
    }
    const ephemeral = typeof response.ephemeral_text === 'string' ? response.ephemeral_text : '';
    if (ephemeral !== '') {
      await this.app.posts.sendEphemeralPost(user.id, {
        channel_id: channel.id,
        root_id: post.root_id || post.id,
        message: response.skip_slack_parsing === true ? ephemeral : slackLinksToMarkdown(ephemeral),
        props: retained,
      });
    }
    const out: PostActionResult = { trigger_id: clientTriggerId };
    if (typeof response.goto_location === 'string' && response.goto_location !== '') out.goto_location = response.goto_location;
    return out;
  }
}
