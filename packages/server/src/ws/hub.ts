// The node's fan-out hub: one bus subscription, connections indexed by id and by user, channel and team
// membership cached (kept current by membership events), each event resolved to its recipients once and
// serialised once; per connection only the `seq` suffix differs.
// Disconnected connections are kept for a resume window and keep collecting frames for replay.
import os from 'node:os';
import type { WebSocket } from 'ws';
import type { App } from '../app/app.js';
import type { AuthSession } from '../app/session.js';
import type { EventBus } from '../events/bus.js';
import type { ServerEvent } from '../events/event.js';
import { INTERNAL_EVENTS } from '../events/names.js';
import { SERVER_VERSION, BUILD_NUMBER } from '../app/system.js';
import { newId } from '../platform/ids.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { inSpan, tracingActive } from '../platform/tracing.js';
import { sanitizeForOthers, type WireUser } from '../presenters/user.js';
import { Connection, DEFAULT_LIMITS, type ConnectionLimits } from './connection.js';
import { MembershipCache } from './membership-cache.js';

/** Events a slow consumer loses first: nothing is stored for them and the next one supersedes them. */
const EPHEMERAL = new Set(['typing', 'status_change']);
/** Connections served before a large fan-out lets the event loop run other work (see fanOut). */
const FANOUT_SLICE = 250;

/** Everything of an event frame but its `seq`, which each connection appends. */
function serialise(event: ServerEvent): string {
  return `{"event":${JSON.stringify(event.event)},"data":${JSON.stringify(event.data)},"broadcast":${JSON.stringify(event.broadcast)},`;
}

/**
 * The frames of an event with hooks, per recipient: a listed user gets `mentions` / `followers` naming only
 * themselves. The data is serialised once; each listed user costs one string splice, not a serialisation.
 */
function personalPrefixes(event: ServerEvent): (userId: string) => string | undefined {
  const mentions = new Set(event.hooks?.mentions ?? []);
  const followers = new Set(event.hooks?.followers ?? []);
  const data = JSON.stringify(event.data);
  const head = `{"event":${JSON.stringify(event.event)},"data":${data.slice(0, -1)}`;
  const tail = `},"broadcast":${JSON.stringify(event.broadcast)},`;
  const own = (userId: string) => JSON.stringify(JSON.stringify([userId]));
  return (userId) => {
    let extra = '';
    if (mentions.has(userId)) extra += `"mentions":${own(userId)}`;
    if (followers.has(userId)) extra += `${extra ? ',' : ''}"followers":${own(userId)}`;
    if (!extra) return undefined;
    return `${head}${data === '{}' ? '' : ','}${extra}${tail}`;
  };
}

export interface HubOptions {
  limits?: Partial<ConnectionLimits>;
  /** How long a dropped connection may be resumed. */
  resumeWindowMs?: number;
  /** WebSocket ping interval; a socket that missed the previous pong is terminated. */
  pingIntervalMs?: number;
  /** How long a cached member list may be used without being reloaded. */
  membershipTtlMs?: number;
  /** Fan-out, connection and cache metrics; none when the metrics listener is off. */
  metrics?: Metrics;
}

export class Hub {
  private readonly byId = new Map<string, Connection>();
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly limits: ConnectionLimits;
  private readonly resumeWindowMs: number;
  private queue: Promise<void> = Promise.resolve();
  /** Events received from the bus and not yet handed to their connections. */
  private pending = 0;
  private readonly metrics: Metrics | undefined;
  private readonly members: MembershipCache;
  private lastYield = performance.now();
  private closing = false;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeGap: () => void;
  /** Times the bus reported missed events and every client was sent to resync. */
  resyncs = 0;
  private readonly timer: NodeJS.Timeout;
  readonly helloVersion = `${SERVER_VERSION}.${BUILD_NUMBER}.${BUILD_NUMBER}.false`;
  readonly hostname = os.hostname();

  constructor(
    private readonly app: App,
    bus: EventBus,
    private readonly log: Logger,
    opts: HubOptions = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.resumeWindowMs = opts.resumeWindowMs ?? 5 * 60 * 1000;
    // Events are resolved one at a time so every connection sees them in publish order.
    this.metrics = opts.metrics;
    const m = opts.metrics;
    this.members = new MembershipCache(
      app.realtime,
      opts.membershipTtlMs,
      undefined,
      m && {
        hit: (name) => m.cacheHits.inc({ name }),
        miss: (name) => m.cacheMisses.inc({ name }),
        invalidate: (name) => m.cacheInvalidations.inc({ name }),
      },
    );
    this.unsubscribe = bus.subscribe((event) => {
      this.pending += 1;
      this.queue = this.queue
        .then(() => this.broadcast(event))
        .then(() => this.yieldIfBusy())
        .catch((err: unknown) => this.log.error({ err, event: event.event }, 'broadcast failed'))
        .finally(() => {
          this.pending -= 1;
        });
    });
    this.unsubscribeGap = bus.onGap ? bus.onGap(() => this.resync()) : () => {};
    this.timer = setInterval(() => this.sweep(), opts.pingIntervalMs ?? 30_000);
    this.timer.unref();
  }

  /**
   * A backlog of events resolves from cache without awaiting I/O, which would starve HTTP and socket reads;
   * give the event loop a turn every few milliseconds.
   */
  private async yieldIfBusy(): Promise<void> {
    const now = performance.now();
    if (now - this.lastYield < 5) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastYield = performance.now();
  }

  /** Waits until every event published so far has been handed to its connections. */
  async drain(): Promise<void> {
    await this.queue;
  }

  get connectionCount(): number {
    let n = 0;
    for (const c of this.byId.values()) if (c.active) n += 1;
    return n;
  }

  /** Connections held, live or waiting to be resumed. */
  get registeredCount(): number {
    return this.byId.size;
  }

  /** Users with at least one live socket on this node. */
  get onlineUserCount(): number {
    let n = 0;
    for (const userId of this.byUser.keys()) if (this.hasActive(userId)) n += 1;
    return n;
  }

  /** False once the node is stopping: new sockets are turned away. */
  get accepting(): boolean {
    return !this.closing;
  }

  get queueLength(): number {
    return this.pending;
  }

  /**
   * Attaches an authenticated socket: resumes the named connection when its replay ring covers what the
   * client missed, otherwise starts a new connection whose first event is `hello` at seq 0.
   */
  async connect(socket: WebSocket, session: AuthSession, resume: { connectionId: string; sequenceNumber: number }): Promise<Connection> {
    const old = resume.connectionId ? this.byId.get(resume.connectionId) : undefined;
    // Presence first: once a client has its hello (or its replay), every node counts it as connected.
    await this.presenceUp(session.userId, this.hasActive(session.userId));
    if (old && old.userId === session.userId) {
      const frames = old.replayFrom(resume.sequenceNumber);
      if (frames) {
        if (old.socket) old.socket.close(1000, 'replaced');
        old.attach(socket);
        for (const f of frames) old.write(f, false);
        return old;
      }
      this.remove(old);
    }
    const conn = new Connection(newId(), session, this.limits);
    conn.attach(socket);
    this.byId.set(conn.id, conn);
    let set = this.byUser.get(session.userId);
    if (!set) this.byUser.set(session.userId, (set = new Set()));
    set.add(conn);
    conn.deliver(this.helloPrefix(conn), false);
    if (this.metrics) {
      this.metrics.wsBroadcasts.inc({ name: 'hello' });
      this.metrics.wsMessagesSent.inc();
    }
    return conn;
  }

  /** A socket went live: the node's first for the user registers its presence; later ones refresh it. */
  private async presenceUp(userId: string, wasConnected: boolean): Promise<void> {
    if (wasConnected) await this.app.statuses.setOnline(userId);
    else await this.app.cluster.userConnected(userId);
  }

  private helloPrefix(conn: Connection): string {
    const data = { server_version: this.helloVersion, connection_id: conn.id, server_hostname: this.hostname };
    const broadcast = { omit_users: null, user_id: conn.userId, channel_id: '', team_id: '', connection_id: '', omit_connection_id: '' };
    return `{"event":"hello","data":${JSON.stringify(data)},"broadcast":${JSON.stringify(broadcast)},`;
  }

  /** The socket closed: keep the connection for resume; the user goes offline with their last socket. */
  async disconnect(conn: Connection, socket: WebSocket): Promise<void> {
    if (conn.socket !== socket) return; // already replaced by a resumed socket
    conn.detach(Date.now());
    // On shutdown users are not flipped offline: the node is restarting or another node holds them.
    if (this.closing) return;
    if (!this.hasActive(conn.userId)) await this.app.cluster.userDisconnected(conn.userId);
  }

  private hasActive(userId: string): boolean {
    for (const c of this.byUser.get(userId) ?? []) if (c.active) return true;
    return false;
  }

  private remove(conn: Connection): void {
    this.byId.delete(conn.id);
    const set = this.byUser.get(conn.userId);
    set?.delete(conn);
    if (set && set.size === 0) this.byUser.delete(conn.userId);
  }

  private broadcast(event: ServerEvent): Promise<void> {
    // Runs in the context of the bus delivery, so the span continues the trace of the publishing request.
    if (tracingActive()) return inSpan(`hub.broadcast ${event.event}`, { attributes: { 'parley.event': event.event } }, () => this.route(event));
    return this.route(event);
  }

  private async route(event: ServerEvent): Promise<void> {
    // A configuration saved on any node is applied here before config_changed reaches this node's sockets.
    if (event.event === 'config_saved') return this.app.configAdmin.loadSaved().catch((err: unknown) => this.log.error({ err }, 'applying the saved configuration failed'));
    // Likewise a scheme change, before update_team_scheme / channel_updated that follow it.
    if (event.event === 'schemes_changed') return this.app.roles.load().catch((err: unknown) => this.log.error({ err }, 'reloading roles failed'));
    if (INTERNAL_EVENTS.has(event.event)) return this.handleInternal(event);
    // Every node re-reads the role table (as sessions_revoked reaches every node's sockets), before its
    // clients hear of the change and act on it.
    if (event.event === 'role_updated') await this.app.roles.load().catch((err: unknown) => this.log.error({ err }, 'reloading roles failed'));
    const started = this.metrics ? performance.now() : 0;
    this.members.observe(event);
    const targets = await this.targets(event);
    if (targets.length > 0) {
      const sent = await (tracingActive()
        ? inSpan(`ws.send ${event.event}`, { attributes: { 'parley.event': event.event, 'parley.ws.recipients': targets.length } }, () => this.fanOut(event, targets))
        : this.fanOut(event, targets));
      const m = this.metrics;
      if (m) {
        m.wsBroadcasts.inc({ name: event.event });
        m.wsMessagesSent.inc(sent);
        if (sent < targets.length) m.wsEventsShed.inc(targets.length - sent);
        if (event.event === 'posted' && sent > 0) m.postBroadcasts.inc();
      }
    }
    if (this.metrics) this.metrics.wsBroadcastTime.observe({ name: event.event }, (performance.now() - started) / 1000);
  }

  /**
   * Hands the event to each target; returns how many took it (the rest shed it as slow consumers). A large
   * audience is served in slices with the event loop free in between: one send costs ~10 µs (a syscall),
   * so a town-square of 5,000 held the loop for 50 ms and every request waited behind it. Events still
   * reach each connection in order, since the hub routes one event at a time.
   */
  private async fanOut(event: ServerEvent, targets: readonly Connection[]): Promise<number> {
    const ephemeral = EPHEMERAL.has(event.event);
    const frameFor = this.framesFor(event);
    let sent = 0;
    for (let i = 0; i < targets.length; i += FANOUT_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const end = Math.min(i + FANOUT_SLICE, targets.length);
      for (let j = i; j < end; j++) {
        const conn = targets[j]!;
        if (conn.deliver(frameFor(conn), ephemeral)) sent += 1;
      }
    }
    return sent;
  }

  /** What each recipient is sent: one serialisation, or one per kind of recipient when they differ. */
  private framesFor(event: ServerEvent): (conn: Connection) => string {
    const prefix = serialise(event);
    if (event.event === 'user_updated') {
      // One full and one sanitised serialisation; each recipient gets the one it is entitled to.
      const user = (event.data as { user: WireUser }).user;
      const sanitised = serialise({ ...event, data: { ...event.data, user: sanitizeForOthers(user, this.app.ctx.config.settings) } });
      return (conn) => (conn.userId === user.id || conn.session.isSystemAdmin ? prefix : sanitised);
    }
    if (event.hooks) {
      const personal = personalPrefixes(event);
      return (conn) => personal(conn.userId) ?? prefix;
    }
    return () => prefix;
  }

  private handleInternal(event: ServerEvent): void {
    if (event.event !== 'sessions_revoked') return;
    const { user_id: userId, session_ids: ids } = event.data as { user_id: string; session_ids: string[] };
    for (const conn of [...(this.byUser.get(userId) ?? [])]) {
      if (ids.length > 0 && !ids.includes(conn.session.id)) continue;
      // Ended sessions lose their sockets and their resume state; the client must log in again.
      this.remove(conn);
      conn.socket?.close(1008, 'session ended');
    }
  }

  private async targets(event: ServerEvent): Promise<Connection[]> {
    const b = event.broadcast;
    if (b.connection_id) {
      const c = this.byId.get(b.connection_id);
      return c ? [c] : [];
    }
    const out: Connection[] = [];
    const omit = b.omit_users;
    if (b.user_id) {
      if (!omit?.[b.user_id]) for (const c of this.byUser.get(b.user_id) ?? []) out.push(c);
    } else if (b.channel_id || b.team_id) {
      const members = b.channel_id ? await this.members.channel(b.channel_id) : await this.members.team(b.team_id);
      // Walk whichever side is smaller: the members, or the users connected to this node.
      if (members.size <= this.byUser.size) {
        for (const userId of members) if (!omit?.[userId]) for (const c of this.byUser.get(userId) ?? []) out.push(c);
      } else {
        for (const [userId, conns] of this.byUser) if (members.has(userId) && !omit?.[userId]) out.push(...conns);
      }
    } else {
      for (const c of this.byId.values()) if (!omit?.[c.userId]) out.push(c);
    }
    return b.omit_connection_id ? out.filter((c) => c.id !== b.omit_connection_id) : out;
  }

  /**
   * The bus may have dropped events: member lists may be stale and no connection's stream can be trusted.
   * Every connection is forgotten (no resume) and its socket closed; the clients reconnect, get a new
   * `hello` and refetch over REST, as after any lost resume. Events already queued are still routed, to
   * nobody, after the cache is emptied.
   */
  private resync(): void {
    if (this.closing) return;
    this.resyncs += 1;
    this.members.clear();
    // A lost role_updated would leave this node checking permissions against an old role table.
    this.app.roles.load().catch((err: unknown) => this.log.error({ err }, 'reloading roles failed'));
    // Likewise a lost config_saved.
    this.app.configAdmin.loadSaved().catch((err: unknown) => this.log.error({ err }, 'applying the saved configuration failed'));
    const conns = [...this.byId.values()];
    for (const conn of conns) this.remove(conn);
    for (const conn of conns) conn.socket?.close(1012, 'resync');
  }

  /** Pings live sockets, terminates ones that missed a pong, forgets connections past the resume window. */
  private sweep(): void {
    const now = Date.now();
    for (const conn of this.byId.values()) {
      const socket = conn.socket;
      if (socket) {
        if (!conn.alive) {
          socket.terminate();
          continue;
        }
        conn.alive = false;
        socket.ping();
      } else if (now - conn.disconnectedAt > this.resumeWindowMs) {
        this.remove(conn);
      }
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.unsubscribe();
    this.unsubscribeGap();
    clearInterval(this.timer);
    await this.queue;
    for (const conn of this.byId.values()) conn.socket?.close(1001, 'server shutting down');
    this.byId.clear();
    this.byUser.clear();
  }
}
