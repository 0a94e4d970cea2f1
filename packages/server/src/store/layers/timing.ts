// Mattermost's timer layer, built once over the Store interface instead of per method: every method of
// every sub-store is timed (and, with tracing on, is a span) under Mattermost's label style,
// `PostStore.Save`. Transactions hand out a wrapped transaction store too, so calls inside
// inTransaction are measured the same way.
import { inSpan, tracingActive } from '../../platform/tracing.js';
import type { Store } from '../store.js';

/** Receives one observation per store call: `method` like "PostStore.GetSinglePost". */
export type StoreObserver = (method: string, success: boolean, seconds: number) => void;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `SqlUserAccessTokenStore` → `UserAccessTokenStore`; the property name is the fallback. */
function subStoreName(key: string, obj: object): string {
  const ctor = (obj.constructor as { name?: string } | undefined)?.name ?? '';
  const name = ctor.replace(/^Sql/, '').replace(/\d+$/, '');
  return name.endsWith('Store') ? name : `${capitalise(key)}Store`;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function timeCall(label: string, observe: StoreObserver, call: () => unknown): unknown {
  const run = () => {
    const start = performance.now();
    const done = (ok: boolean) => observe(label, ok, (performance.now() - start) / 1000);
    let out: unknown;
    try {
      out = call();
    } catch (err) {
      done(false);
      throw err;
    }
    if (!isThenable(out)) {
      done(true);
      return out;
    }
    return Promise.resolve(out).then(
      (v) => {
        done(true);
        return v;
      },
      (err: unknown) => {
        done(false);
        throw err;
      },
    );
  };
  return tracingActive() ? inSpan(label, { attributes: { 'db.store.method': label } }, run) : run();
}

function wrapSubStore<T extends object>(key: string, sub: T, observe: StoreObserver): T {
  const prefix = subStoreName(key, sub);
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(sub, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'constructor') return value;
      let w = methods.get(prop);
      if (!w) {
        const fn = value as (...args: unknown[]) => unknown;
        const label = `${prefix}.${capitalise(prop)}`;
        w = (...args: unknown[]) => timeCall(label, observe, () => fn.apply(target, args));
        methods.set(prop, w);
      }
      return w;
    },
  });
}

/** The store with every sub-store method timed. Sub-store proxies are built once per store object. */
export function timedStore(store: Store, observe: StoreObserver): Store {
  const subs = new Map<PropertyKey, unknown>();
  const wrapped: Store = new Proxy(store, {
    get(target, prop) {
      if (prop === 'transaction') {
        return <T>(fn: (tx: Store) => Promise<T>) =>
          // A nested call hands back the same store object; don't wrap it twice.
          target.transaction((tx) => fn(tx === target ? wrapped : timedStore(tx, observe)));
      }
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'object' || value === null || typeof prop !== 'string') return value;
      let w = subs.get(prop);
      if (!w) {
        w = wrapSubStore(prop, value, observe);
        subs.set(prop, w);
      }
      return w;
    },
  });
  return wrapped;
}
