// One client connection in Mattermost's protocol: a per-connection event `seq` (hello is 0), a bounded
// count of frames not yet flushed to the socket, and a replay ring of recent frames so a client that
// reconnects with its connection_id and next sequence number gets exactly what it missed.
import type { WebSocket } from 'ws';
import type { AuthSession } from '../app/session.js';

export interface ConnectionLimits {
  /**
   * Bytes handed to the socket but not yet taken by the kernel (ws `bufferedAmount`); past this the consumer
   * is too slow and is dropped. Measured in bytes rather than frames because that is what costs memory,
   * and reading it needs no per-send callback.
   */
  maxBufferedBytes: number;
  /** Past this, ephemeral events (typing, status) are dropped for this connection. */
  shedBufferedBytes: number;
  /** Frames kept for resume. */
  replaySize: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { maxBufferedBytes: 4 * 1024 * 1024, shedBufferedBytes: 1024 * 1024, replaySize: 256 };


const frameOf = (prefix: string, seq: number) => `${prefix}"seq":${seq}}`;

export class Connection {
  /** Next seq to assign; also the number of events this connection has been given. */
  seq = 0;
  socket: WebSocket | null = null;
  disconnectedAt = 0;
  alive = true;
  /** Shared event prefixes by seq modulo the ring size; the frame is rebuilt on replay. */
  private readonly ring: string[] = [];
  /** The oldest seq still in the ring. */
  private ringStart = 0;

  constructor(
    readonly id: string,
    readonly session: AuthSession,
    private readonly limits: ConnectionLimits,
  ) {}

  get userId(): string {
    return this.session.userId;
  }

  get active(): boolean {
    return this.socket !== null;
  }

  /**
   * Gives the connection an event serialised once for everyone (`prefix` ends just before `"seq"`).
   * Returns false when the event was shed for a slow consumer.
   */
  deliver(prefix: string, ephemeral: boolean): boolean {
    if (ephemeral && (!this.socket || this.socket.bufferedAmount >= this.limits.shedBufferedBytes)) return false;
    this.remember(prefix);
    const frame = frameOf(prefix, this.seq);
    this.seq += 1;
    this.write(frame);
    return true;
  }

  private remember(prefix: string): void {
    const size = this.limits.replaySize;
    this.ring[this.seq % size] = prefix;
    this.ringStart = Math.max(this.ringStart, this.seq + 1 - size);
  }

  /** Frames from `fromSeq` on, if the ring still has all of them. */
  replayFrom(fromSeq: number): string[] | null {
    if (fromSeq > this.seq || fromSeq < this.ringStart) return null;
    const out: string[] = [];
    for (let s = fromSeq; s < this.seq; s++) out.push(frameOf(this.ring[s % this.limits.replaySize]!, s));
    return out;
  }

  /**
   * Hands a frame to the socket. `bounded: false` is for a resume replay, which the ring already bounds
   * and which arrives as one burst by design.
   */
  write(frame: string, bounded = true): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN) return;
    if (bounded && socket.bufferedAmount >= this.limits.maxBufferedBytes) {
      // A close frame would queue behind the backlog it is meant to end, so drop the socket at once; the
      // client reconnects and resumes from the replay ring, or resyncs over REST.
      socket.terminate();
      return;
    }
    socket.send(frame);
  }

  attach(socket: WebSocket): void {
    this.socket = socket;
    this.alive = true;
    this.disconnectedAt = 0;
  }

  detach(now: number): void {
    this.socket = null;
    this.disconnectedAt = now;
  }
}
