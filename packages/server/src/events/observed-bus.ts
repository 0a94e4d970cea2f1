// Metrics and tracing around any EventBus adapter, applied once at composition. Publishing stamps the
// event with the active trace context (ServerEvent.trace); every node's delivery continues that trace, so
// one post is one trace from the HTTP request to the sockets of every node.
import type { Metrics } from '../platform/metrics.js';
import { extractTrace, injectTrace, inSpan, SpanKind, tracingActive } from '../platform/tracing.js';
import type { EventBus, EventHandler } from './bus.js';
import type { ServerEvent } from './event.js';

export class ObservedBus implements EventBus {
  constructor(
    private readonly inner: EventBus,
    private readonly metrics: Metrics | undefined,
  ) {}

  publish(event: ServerEvent): Promise<void> {
    const m = this.metrics;
    if (m) {
      m.busPublished.inc({ event: event.event });
      m.clusterEvents.inc({ name: 'publish' });
      // Counted where the post is announced, once per post however many nodes deliver it.
      if (event.event === 'posted') m.posts.inc();
    }
    if (!tracingActive()) return this.inner.publish(event);
    return inSpan(
      `bus.publish ${event.event}`,
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.operation.type': 'publish', 'messaging.destination.name': event.event } },
      () => {
        const trace = injectTrace();
        return this.inner.publish(trace ? { ...event, trace } : event);
      },
    );
  }

  subscribe(handler: EventHandler): () => void {
    return this.inner.subscribe((event) => {
      this.metrics?.busReceived.inc({ event: event.event });
      if (!tracingActive()) return handler(event);
      // The handler's asynchronous work (the hub's fan-out) runs in this span's context.
      inSpan(
        `bus.deliver ${event.event}`,
        { kind: SpanKind.CONSUMER, parent: extractTrace(event.trace), attributes: { 'messaging.operation.type': 'receive', 'messaging.destination.name': event.event } },
        () => handler(event),
      );
    });
  }

  onGap(handler: () => void): () => void {
    return this.inner.onGap ? this.inner.onGap(handler) : () => {};
  }

  async healthy(): Promise<boolean> {
    return this.inner.healthy ? this.inner.healthy() : true;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
