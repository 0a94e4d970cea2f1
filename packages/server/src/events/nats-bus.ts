// Core NATS as the cluster bus transport: one connection, one subscription. The client reconnects and
// resubscribes by itself; publishes while it is disconnected fail at once (instead of filling the
// client's reconnect buffer) so the loss is reported as a gap.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { BusTransport } from './cluster-bus.js';

export class NatsTransport implements BusTransport {
  private nc: NatsConnection | null = null;
  private up = false;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly url: string,
    private readonly subject: string,
  ) {}

  async send(payload: string): Promise<void> {
    const nc = this.nc;
    if (!nc || !this.up) throw new Error('NATS is not connected');
    nc.publish(this.subject, this.encoder.encode(payload));
    // publish() only buffers. Waiting for the server's PONG means the message reached NATS before the
    // request that caused it is answered: a node killed right after answering cannot take the event with it
    // (the fault test caught exactly that: an acknowledged post that live clients on other nodes never saw).
    await nc.flush();
  }

  async listen(onMessage: (payload: string) => void, onResubscribed: () => void): Promise<void> {
    const nc = await connect({
      servers: this.url,
      name: this.subject,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 5_000,
    });
    this.nc = nc;
    this.up = true;
    nc.subscribe(this.subject, {
      callback: (err, msg) => {
        if (!err) onMessage(msg.string());
      },
    });
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') this.up = false;
        else if (s.type === 'reconnect') {
          this.up = true;
          onResubscribed();
        }
      }
    })();
  }

  connected(): boolean {
    return this.up && this.nc !== null && !this.nc.isClosed();
  }

  async close(): Promise<void> {
    const nc = this.nc;
    this.nc = null;
    this.up = false;
    // drain() delivers what is in flight and flushes what this node has published.
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }
}
