// The one way events leave app/: published after the transaction commits, to every node's hub.
import type { ServerEvent } from './event.js';

export type EventHandler = (event: ServerEvent) => void;

export interface EventBus {
  publish(event: ServerEvent): Promise<void>;
  /** One subscription per node (the hub), never per socket. Returns an unsubscribe function. */
  subscribe(handler: EventHandler): () => void;
  /** Whether the bus can deliver right now (a cluster bus: connected to its broker). */
  healthy?(): Promise<boolean>;
  close(): Promise<void>;
}
