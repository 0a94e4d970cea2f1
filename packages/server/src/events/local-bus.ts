// Single-node bus: in-process delivery to local subscribers.
import type { EventBus, EventHandler } from './bus.js';
import type { ServerEvent } from './event.js';

export class LocalBus implements EventBus {
  private readonly handlers = new Set<EventHandler>();

  async publish(event: ServerEvent): Promise<void> {
    for (const h of this.handlers) h(event);
  }

  subscribe(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
