// API rate limiting (Mattermost's RateLimitSettings, app/ratelimit.go) on @fastify/rate-limit.
//
// Mattermost uses throttled's GCRA: PerSec requests per second sustained, MaxBurst more at once. The plugin's
// own stores count requests in fixed windows, so Parley gives it a GCRA store instead (`GcraStore`): the
// plugin's `timeWindow` is the emission interval (1000 / PerSec ms) and its `max` the burst limit
// (MaxBurst + 1, which is what throttled reports as X-RateLimit-Limit). Both are read per request, so
// Enable, PerSec, MaxBurst and the Vary* settings take effect without a restart; MemoryStoreSize is read
// at start.
//
// Differences from Mattermost, on purpose:
// - Over the limit the answer is 429 in Mattermost's JSON error shape (Mattermost sends text/plain
//   "limit exceeded" without an id, which Client4 cannot show); the message is the same.
// - With VaryByUser the key is the session's user, not the token, so one user's sessions share a budget.
// - X-RateLimit-Reset (seconds, relative, as throttled) is the time until the next request is allowed while
//   limited, and until the whole burst is back otherwise.
// - Only /api/v4 (WebSocket upgrades included, /system/ping excluded) and /hooks are limited; the web client's
//   files and the metrics/health listener never are.
// State is in memory per node, as in Mattermost: behind a load balancer each node limits on its own.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { App } from '../app/app.js';
import type { Settings } from '../config/config.js';
import { AppError } from '../platform/errors.js';
import { lookupSession, parseToken } from './auth.js';

interface StoreResult {
  current: number;
  ttl: number;
}

/**
 * Generic cell rate algorithm, per key: `tat` is the theoretical arrival time of the next request. A request
 * is allowed when it would not push `tat` further than `limit` intervals ahead of now.
 */
export class GcraState {
  private readonly tats = new Map<string, number>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number,
  ) {}

  /** `interval` ms per request sustained; `limit` requests at once. current > limit means refused. */
  take(key: string, interval: number, limit: number): StoreResult {
    const now = this.now();
    const tat = Math.max(this.tats.get(key) ?? now, now);
    const newTat = tat + interval;
    const allowAt = newTat - interval * limit;
    if (now < allowAt) return { current: limit + 1, ttl: allowAt - now };
    // Map order is insertion order: re-inserting keeps the most recently used keys at the end.
    this.tats.delete(key);
    this.tats.set(key, newTat);
    if (this.tats.size > this.capacity) this.tats.delete(this.tats.keys().next().value as string);
    const remaining = Math.floor((now - allowAt) / interval);
    return { current: limit - remaining, ttl: newTat - now };
  }
}

/** The plugin's store interface over one shared GcraState. */
function gcraStore(state: GcraState) {
  return class GcraStore {
    incr(key: string, cb: (err: Error | null, res?: StoreResult) => void, timeWindow: number, max: number): void {
      cb(null, state.take(key, timeWindow, max));
    }
    child(): GcraStore {
      return this;
    }
  };
}

/** Whether a request is subject to the limit at all. */
function isLimited(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  if (!route) return false;
  if (route === '/api/v4/system/ping') return false;
  return route.startsWith('/api/v4/') || route.startsWith('/hooks/');
}

async function keyFor(app: App, req: FastifyRequest, s: Settings): Promise<string> {
  let key = '';
  if (s.rateLimitVaryByUser) {
    let token: string | undefined;
    try {
      token = parseToken(req)?.token;
    } catch {
      token = undefined;
    }
    const session = token ? await lookupSession(app, req, token).catch(() => null) : null;
    if (session) key = `user:${session.userId}`;
  }
  if (key === '' && s.rateLimitVaryByRemoteAddr) key = `ip:${normalizeIP(req.ip)}`;
  if (s.rateLimitVaryByHeader !== '') {
    const value = req.headers[s.rateLimitVaryByHeader.toLowerCase()];
    key += `|${String(Array.isArray(value) ? value[0] : (value ?? '')).toLowerCase()}`;
  }
  return key;
}

const exceeded = () => new AppError('api.context.rate_limit_exceeded.app_error', 'limit exceeded', 429);

/** Registers the limiter as an onRequest hook; call before authentication so floods stop early. */
export async function registerRateLimit(server: FastifyInstance, app: App): Promise<void> {
  const settings = () => app.ctx.config.settings;
  const state = new GcraState(settings().rateLimitMemoryStoreSize, () => app.ctx.clock.now());
  await server.register(rateLimit, {
    global: false,
    store: gcraStore(state),
    timeWindow: () => 1000 / settings().rateLimitPerSec,
    max: () => settings().rateLimitMaxBurst + 1,
    keyGenerator: (req) => keyFor(app, req, settings()),
  });
  const check = server.createRateLimit();
  server.addHook('onRequest', async function rateLimitRequest(req: FastifyRequest, reply: FastifyReply) {
    if (!settings().rateLimitEnable || !isLimited(req)) return;
    const r = await check(req);
    if (r.isAllowed) return;
    reply.header('X-RateLimit-Limit', r.max);
    reply.header('X-RateLimit-Remaining', r.remaining);
    reply.header('X-RateLimit-Reset', r.ttlInSeconds);
    if (r.isExceeded) {
      reply.header('Retry-After', r.ttlInSeconds);
      throw exceeded();
    }
  });
}
