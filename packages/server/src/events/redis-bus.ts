// Redis pub/sub as the cluster bus transport: one connection publishes, one subscribes (a subscribed Redis
// connection can do nothing else). ioredis reconnects and resubscribes by itself; publishes while it is
// away fail at once rather than queue, so a request never waits on a broker that is down.
import { Redis, type RedisOptions } from 'ioredis';
import type { BusTransport } from './cluster-bus.js';

const RETRY_MAX_MS = 2_000;

export class RedisTransport implements BusTransport {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private closing = false;

  constructor(
    url: string,
    private readonly channel: string,
  ) {
    const options: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 2_000,
      connectTimeout: 5_000,
      retryStrategy: (attempt) => (this.closing ? null : Math.min(attempt * 100, RETRY_MAX_MS)),
      // A bus outage is reported through gaps and healthy(); ioredis would otherwise print every retry.
      showFriendlyErrorStack: false,
    };
    this.pub = new Redis(url, { ...options, connectionName: `${channel}:pub` });
    this.sub = new Redis(url, { ...options, connectionName: `${channel}:sub`, autoResubscribe: true });
    // Without a listener, ioredis reports connection errors as unhandled 'error' events.
    this.pub.on('error', () => {});
    this.sub.on('error', () => {});
  }

  async send(payload: string): Promise<void> {
    await this.pub.publish(this.channel, payload);
  }

  async listen(onMessage: (payload: string) => void, onResubscribed: () => void): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.sub.on('message', (channel: string, message: string) => {
      if (channel === this.channel) onMessage(message);
    });
    await this.sub.subscribe(this.channel);
    let lost = false;
    this.sub.on('close', () => {
      lost = true;
    });
    // 'ready' follows every reconnect; ioredis has re-sent SUBSCRIBE by then.
    this.sub.on('ready', () => {
      if (!lost || this.closing) return;
      lost = false;
      onResubscribed();
    });
  }

  connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.pub.quit().catch(() => this.pub.disconnect()), this.sub.quit().catch(() => this.sub.disconnect())]);
  }
}
