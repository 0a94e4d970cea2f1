import type { EventName } from './names.js';

// A Mattermost WebSocket event as produced by app/, before any per-connection `seq` is added.
// Delivery rules follow Mattermost's broadcast: user_id → that user; channel_id → channel members;
// team_id → team members; none → everyone; omit_users and connection ids filter further.
export interface Broadcast {
  omit_users: Record<string, true> | null;
  user_id: string;
  channel_id: string;
  team_id: string;
  connection_id: string;
  omit_connection_id: string;
}

export interface ServerEvent<Data = Record<string, unknown>> {
  event: EventName;
  data: Data;
  broadcast: Broadcast;
  /**
   * W3C trace context of the change that caused the event, set by the bus on publish so that a post is one
   * trace across nodes. Never sent to clients (the hub serialises event, data and broadcast only).
   */
  trace?: { traceparent: string; tracestate?: string };
  /** Per-recipient additions to `data`, applied by the hub (Mattermost's broadcast hooks). */
  hooks?: EventHooks;
}

/**
 * Lists that must not reach every recipient: a connection whose user is listed gets the field added to
 * `data` as a JSON string holding only its own id (`posted`: `mentions`, `followers`). Others see neither
 * the field nor who else is in it, as with Mattermost's add_mentions / add_followers hooks.
 */
export interface EventHooks {
  mentions?: string[];
  followers?: string[];
}

/**
 * Who receives an event. A user-targeted event may still name its channel and team, which Mattermost puts
 * in `broadcast` so clients know what it is about (`post_unread`); delivery goes to the user alone.
 */
export type Audience =
  | { userId: string; channelId?: string; teamId?: string }
  | { channelId: string }
  | { teamId: string }
  | { all: true };

export function makeEvent<Data extends Record<string, unknown>>(
  event: EventName,
  data: Data,
  audience: Audience,
  opts: { omitUsers?: readonly string[]; omitConnectionId?: string; hooks?: EventHooks } = {},
): ServerEvent<Data> {
  return {
    event,
    data,
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
    broadcast: {
      omit_users: opts.omitUsers && opts.omitUsers.length > 0 ? Object.fromEntries(opts.omitUsers.map((u) => [u, true as const])) : null,
      user_id: 'userId' in audience ? audience.userId : '',
      channel_id: 'channelId' in audience ? (audience.channelId ?? '') : '',
      team_id: 'teamId' in audience ? (audience.teamId ?? '') : '',
      connection_id: '',
      omit_connection_id: opts.omitConnectionId ?? '',
    },
  };
}
