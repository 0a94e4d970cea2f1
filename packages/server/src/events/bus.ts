// The one way events leave app/: published after the transaction commits, to every node's hub.
import type { ServerEvent } from './event.js';

export type EventHandler = (event: ServerEvent) => void;

export interface EventBus {
  publish(event: ServerEvent): Promise<void>;
  /** One subscription per node (the hub), never per socket. Returns an unsubscribe function. */
  subscribe(handler: EventHandler): () => void;
  /**
   * A cluster bus calls handler when this node may have missed events (its subscription dropped and came
   * back, a sender's sequence skipped, or a publish failed). Whatever was derived from events — caches,
   * the sockets' event streams — can no longer be trusted and must be rebuilt.
   */
  onGap?(handler: () => void): () => void;
  /** Whether the bus can deliver right now (a cluster bus: connected to its broker). */
  healthy?(): Promise<boolean>;
  close(): Promise<void>;
}
