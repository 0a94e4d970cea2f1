// What every app service is built from. main.ts assembles it; tests assemble it with real parts.
import type { Config } from '../config/config.js';
import type { EventBus } from '../events/bus.js';
import type { ServerEvent } from '../events/event.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { FileStore } from '../platform/files/index.js';
import type { Mailer } from '../platform/mailer.js';
import type { OutboundHttp } from '../platform/outbound-http.js';
import type { Store } from '../store/store.js';
import type { NodeIdentity } from './cluster.js';

export interface AppContext {
  store: Store;
  bus: EventBus;
  config: Config;
  clock: Clock;
  log: Logger;
  /** Outgoing mail; built from settings.smtpUrl when not given (none when that is empty). */
  mailer?: Mailer | null;
  /** Uploaded files and emoji images. */
  files: FileStore;
  /** This process in the cluster (a single node is a cluster of one). */
  node: NodeIdentity;
  /** Outbound HTTP for integrations; built from the settings when not given. */
  outbound?: OutboundHttp;
}

export type Emit = (event: ServerEvent) => void;
/** Work that may only start once the transaction has committed (mail, for example). */
export type AfterCommit = (task: () => Promise<void>) => void;

/**
 * Runs fn in one transaction and publishes the events it emitted only after the commit, so no client
 * hears of a change that was rolled back (Zulip's send_event_on_commit). Tasks given to afterCommit start
 * after that and are not awaited; their failures are logged.
 */
export async function inTransaction<T>(ctx: AppContext, fn: (tx: Store, emit: Emit, afterCommit: AfterCommit) => Promise<T>): Promise<T> {
  const events: ServerEvent[] = [];
  const tasks: Array<() => Promise<void>> = [];
  const result = await ctx.store.transaction((tx) => fn(tx, (e) => events.push(e), (t) => tasks.push(t)));
  for (const e of events) await ctx.bus.publish(e);
  for (const t of tasks) {
    t().catch((err: unknown) => ctx.log.error({ err }, 'after-commit task failed'));
  }
  return result;
}
