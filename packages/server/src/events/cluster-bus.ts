// The bus of a cluster: every node publishes its events to one broker channel and delivers what it receives
// (its own events included) to its local connections. Brokers here (Redis pub/sub, core NATS) deliver at
// most once, so each message carries its sender's instance id and a per-sender sequence number; a skipped
// number, a dropped subscription or a failed publish is reported as a gap, after which the hub makes its
// clients resynchronise instead of silently missing events.
import type { EventBus, EventHandler } from './bus.js';
import type { ServerEvent } from './event.js';

/** What a broker adapter provides: ordered sends on one connection and one subscription. */
export interface BusTransport {
  /**
   * Sends one message and resolves once the broker has it (so a request is answered only after its events
   * left this process); rejects at once, instead of queueing, while the broker is unreachable.
   */
  send(payload: string): Promise<void>;
  /**
   * Subscribes; onMessage gets payloads in broker order. onResubscribed is called each time the
   * subscription is re-established after the connection was lost (messages sent meanwhile are gone).
   */
  listen(onMessage: (payload: string) => void, onResubscribed: () => void): Promise<void>;
  connected(): boolean;
  close(): Promise<void>;
}

export interface ClusterBusOptions {
  /** Unique per process (a restarted node is a new sender). */
  instanceId: string;
  warn: (fields: Record<string, unknown>, message: string) => void;
}

interface Envelope {
  /** sender instance */
  o: string;
  /** sender's sequence number, from 1 */
  s: number;
  e: ServerEvent;
}

export class ClusterBus implements EventBus {
  private readonly handlers = new Set<EventHandler>();
  private readonly gapHandlers = new Set<() => void>();
  private readonly lastSeq = new Map<string, number>();
  private seq = 0;
  /** Messages received, for tests and metrics. */
  received = 0;
  gaps = 0;
  /** A gap noticed while the broker was unreachable, reported when it is back. */
  private deferred = false;

  constructor(
    private readonly transport: BusTransport,
    private readonly opts: ClusterBusOptions,
  ) {}

  /** Starts the node's one subscription; rejects if the broker cannot be reached. */
  async start(): Promise<void> {
    await this.transport.listen(
      (payload) => this.receive(payload),
      () => this.report('subscription re-established', {}),
    );
  }

  async publish(event: ServerEvent): Promise<void> {
    this.seq += 1;
    const envelope: Envelope = { o: this.opts.instanceId, s: this.seq, e: event };
    try {
      await this.transport.send(JSON.stringify(envelope));
    } catch (err) {
      // The change is committed; only its announcement is lost. This node's clients resync now, the other
      // nodes when the next message from this sender shows the skipped number.
      this.gap('publish failed', { err, event: event.event });
    }
  }

  private receive(payload: string): void {
    let msg: Envelope;
    try {
      msg = JSON.parse(payload) as Envelope;
    } catch {
      this.opts.warn({ bytes: payload.length }, 'cluster bus: unreadable message dropped');
      return;
    }
    if (typeof msg.o !== 'string' || typeof msg.s !== 'number' || typeof msg.e?.event !== 'string') {
      this.opts.warn({}, 'cluster bus: malformed message dropped');
      return;
    }
    const last = this.lastSeq.get(msg.o);
    if (last !== undefined && msg.s <= last) return; // a repeat: already delivered
    this.lastSeq.set(msg.o, msg.s);
    this.received += 1;
    for (const h of this.handlers) h(msg.e);
    if (last !== undefined && msg.s !== last + 1) this.gap('sequence skipped', { sender: msg.o, expected: last + 1, got: msg.s });
  }

  /**
   * Something was missed. While the broker is away every publish fails: those are held and reported once,
   * when the subscription is back (clients sent away now would only miss more events while reconnecting).
   */
  private gap(reason: string, fields: Record<string, unknown>): void {
    if (this.transport.connected()) {
      this.report(reason, fields);
      return;
    }
    if (!this.deferred) this.opts.warn({ ...fields, reason }, 'cluster bus: broker unreachable; clients will resync when it is back');
    this.deferred = true;
  }

  private report(reason: string, fields: Record<string, unknown>): void {
    this.deferred = false;
    this.gaps += 1;
    this.opts.warn({ ...fields, reason }, 'cluster bus: events may have been missed; clients will resync');
    for (const h of this.gapHandlers) h();
  }

  subscribe(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  onGap(handler: () => void): () => void {
    this.gapHandlers.add(handler);
    return () => this.gapHandlers.delete(handler);
  }

  async healthy(): Promise<boolean> {
    return this.transport.connected();
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.gapHandlers.clear();
    await this.transport.close();
  }
}
