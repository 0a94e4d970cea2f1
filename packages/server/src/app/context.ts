// What every app service is built from. main.ts assembles it; tests assemble it with real parts.
import type { Config } from '../config/config.js';
import type { EventBus } from '../events/bus.js';
import type { ServerEvent } from '../events/event.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Store } from '../store/store.js';

export interface AppContext {
  store: Store;
  bus: EventBus;
  config: Config;
  clock: Clock;
  log: Logger;
}

export type Emit = (event: ServerEvent) => void;

/**
 * Runs fn in one transaction and publishes the events it emitted only after the commit, so no client
 * hears of a change that was rolled back (Zulip's send_event_on_commit).
 */
export async function inTransaction<T>(ctx: AppContext, fn: (tx: Store, emit: Emit) => Promise<T>): Promise<T> {
  const events: ServerEvent[] = [];
  const result = await ctx.store.transaction((tx) => fn(tx, (e) => events.push(e)));
  for (const e of events) await ctx.bus.publish(e);
  return result;
}
