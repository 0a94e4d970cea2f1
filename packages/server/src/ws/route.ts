// GET /api/v4/websocket: authentication (cookie or header at upgrade, or the authentication_challenge
// action), resume parameters, and the client actions of Mattermost's WebSocket protocol.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { App } from '../app/app.js';
import type { AuthSession } from '../app/session.js';
import { AppError } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { originClient, type Metrics } from '../platform/metrics.js';
import type { Connection } from './connection.js';
import type { Hub } from './hub.js';

interface ClientFrame {
  action: string;
  seq: number;
  data?: Record<string, unknown>;
}

const MAX_FRAME_BYTES = 64 * 1024;

/** Actions counted by name in mattermost_websocket_event_total; any other is "unknown" (bounded labels). */
const KNOWN_ACTIONS = new Set([
  'authentication_challenge',
  'ping',
  'user_typing',
  'get_statuses',
  'get_statuses_by_ids',
  'user_update_active_status',
  'presence',
  'posted_notify_ack',
]);

function parseFrame(raw: string): ClientFrame | null {
  try {
    const v = JSON.parse(raw) as unknown;
    if (typeof v !== 'object' || v === null) return null;
    const f = v as Record<string, unknown>;
    if (typeof f.action !== 'string' || typeof f.seq !== 'number' || !Number.isInteger(f.seq)) return null;
    const data = typeof f.data === 'object' && f.data !== null && !Array.isArray(f.data) ? (f.data as Record<string, unknown>) : undefined;
    return { action: f.action, seq: f.seq, ...(data ? { data } : {}) };
  } catch {
    return null;
  }
}

function errorBody(err: AppError) {
  return { id: err.id, message: err.message, detailed_error: '', status_code: err.statusCode };
}

export function registerWebSocketRoute(server: FastifyInstance, app: App, hub: Hub, metrics?: Metrics): void {
  const handler = (socket: WebSocket, req: FastifyRequest) => {
    // Every socket counts, authenticated or not, as in Mattermost since v9.9.
    const origin = { origin_client: originClient(req.headers) };
    metrics?.websockets.inc(origin);
    // Closures below must not capture `req`: it would keep the upgrade request alive for the socket's life.
    const log = req.log;
    const q = req.query as Record<string, string | undefined>;
    const resume = {
      connectionId: isValidId(q.connection_id) ? q.connection_id : '',
      sequenceNumber: /^\d+$/.test(q.sequence_number ?? '') ? Number(q.sequence_number) : 0,
    };
    let conn: Connection | null = null;
    let session: AuthSession | null = req.session;
    const initialSession = session;
    // Frames are handled in arrival order, including the async authentication.
    let chain: Promise<void> = Promise.resolve();

    const send = (obj: unknown) => {
      const frame = JSON.stringify(obj);
      if (conn) conn.write(frame);
      else if (socket.readyState === socket.OPEN) socket.send(frame);
    };
    const reply = (seq: number, data?: unknown) => send({ status: 'OK', seq_reply: seq, ...(data === undefined ? {} : { data }) });
    const fail = (seq: number, err: AppError) => send({ status: 'FAIL', seq_reply: seq, error: errorBody(err) });

    const register = async (s: AuthSession) => {
      // A stopping node sends clients on to the others (the load balancer no longer routes to it).
      if (!hub.accepting) {
        socket.close(1001, 'server shutting down');
        return;
      }
      session = s;
      conn = await hub.connect(socket, s, resume);
    };

    socket.on('pong', () => {
      if (conn) conn.alive = true;
    });
    socket.on('close', () => {
      metrics?.websockets.dec(origin);
      chain = chain
        .then(async () => {
          if (conn) await hub.disconnect(conn, socket);
        })
        .catch((err: unknown) => log.warn({ err }, 'websocket disconnect bookkeeping failed'));
    });
    socket.on('message', (data, isBinary) => {
      chain = chain.then(async () => {
        const text = isBinary ? '' : data.toString();
        if (text.length > MAX_FRAME_BYTES) {
          socket.close(1009, 'frame too large');
          return;
        }
        const frame = parseFrame(text);
        if (!frame) return;
        metrics?.wsEvents.inc({ type: KNOWN_ACTIONS.has(frame.action) ? frame.action : 'unknown' });
        if (frame.seq <= 0) {
          fail(frame.seq, new AppError('api.web_socket_router.bad_seq.app_error', 'Invalid sequence for WebSocket message.', 400));
          return;
        }
        try {
          await handleAction(frame);
        } catch (err) {
          fail(frame.seq, err instanceof AppError ? err : new AppError('api.web_socket_router.internal.app_error', 'An internal error occurred.', 500));
        }
      });
    });

    const handleAction = async (f: ClientFrame) => {
      if (f.action === 'authentication_challenge') {
        if (session && conn) return; // already authenticated: Mattermost ignores the frame
        const token = typeof f.data?.token === 'string' ? f.data.token : '';
        try {
          await register(await app.auth.getSession(token));
        } catch {
          socket.close(1008, 'authentication failed');
          return;
        }
        reply(f.seq);
        return;
      }
      if (!session || !conn) {
        throw new AppError('api.web_socket_router.not_authenticated.app_error', 'No websocket authentication challenge was received.', 401);
      }
      const s: AuthSession = session;
      const d = f.data ?? {};
      switch (f.action) {
        case 'ping':
          reply(f.seq, { text: 'pong', version: hub.helloVersion, server_time: Date.now(), node_id: '' });
          return;
        case 'user_typing': {
          const channelId = typeof d.channel_id === 'string' ? d.channel_id : '';
          if (!isValidId(channelId)) throw new AppError('api.websocket_handler.invalid_param.app_error', 'Invalid channel_id parameter.', 400);
          await app.realtime.userTyping(s, channelId, typeof d.parent_id === 'string' ? d.parent_id : '');
          reply(f.seq);
          return;
        }
        case 'get_statuses':
          reply(f.seq, await app.statuses.getOnlineStatusMap(s));
          return;
        case 'get_statuses_by_ids': {
          const ids = Array.isArray(d.user_ids) ? d.user_ids.filter(isValidId) : [];
          if (ids.length === 0) throw new AppError('api.websocket_handler.invalid_param.app_error', 'Invalid user_ids parameter.', 400);
          const statuses = await app.statuses.getStatusesByIds(s, ids.slice(0, 1000));
          reply(f.seq, Object.fromEntries(statuses.map((x) => [x.user_id, x.status])));
          return;
        }
        case 'user_update_active_status':
          await app.statuses.setActivity(s, d.user_is_active === true);
          reply(f.seq);
          return;
        case 'presence':
        case 'posted_notify_ack':
          reply(f.seq);
          return;
        default:
          throw new AppError('api.web_socket_router.bad_action.app_error', 'Unknown WebSocket action.', 500);
      }
    };

    if (initialSession) {
      const s = initialSession;
      chain = chain.then(() => register(s)).catch((err: unknown) => {
        log.error({ err }, 'websocket registration failed');
        socket.close(1011, 'internal error');
      });
    }
  };

  server.route({
    method: 'GET',
    url: '/api/v4/websocket',
    // The upgrade has no response for a request span to end on; the socket's work is traced by the hub.
    config: { auth: 'optional', otel: false },
    // A plain GET without the upgrade handshake.
    handler: async () => {
      throw new AppError('api.web_socket.connect.upgrade.app_error', 'Failed to upgrade websocket connection.', 400);
    },
    wsHandler: handler,
  });
}
