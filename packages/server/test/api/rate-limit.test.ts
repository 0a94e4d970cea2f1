// API rate limiting (RateLimitSettings): a burst past MaxBurst + 1 gets 429 in Mattermost's error shape with
// X-RateLimit-* and Retry-After, the budget comes back, keys follow VaryByUser, and off means off. The
// settings are switched on the running server, as the config API does, so setting up users is not limited.
// The limiter reads the app's clock; the tests stop it and move it on instead of waiting.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engines, expectAppError, makeAdmin, makeUser, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';

const PER_SEC = 1;
const MAX_BURST = 2;

for (const engine of engines()) {
  describe(`API rate limit [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let bob: TestUser;

    before(async () => {
      srv = await startTestServer(engine, { rateLimitPerSec: PER_SEC, rateLimitMaxBurst: MAX_BURST });
      admin = await makeAdmin(srv.url);
      bob = await makeUser(srv.url, admin.client);
    });
    after(() => srv.close());

    const settings = () => srv.parley.app.ctx.config.settings;
    let now = 0;
    /** Stops the server's clock for fn; `now` may be moved on inside. */
    async function frozen(fn: () => Promise<void>): Promise<void> {
      const ctx = srv.parley.app.ctx;
      const real = ctx.clock;
      now = real.now();
      ctx.clock = { now: () => now };
      try {
        await fn();
      } finally {
        ctx.clock = real;
      }
    }
    const me = (token: string) => raw(srv.url, 'GET', '/api/v4/users/me', { token });

    it('lets MaxBurst + 1 requests through, then answers 429 with the headers, and recovers after Retry-After', async () => {
      Object.assign(settings(), { rateLimitEnable: true, rateLimitVaryByUser: false, rateLimitVaryByRemoteAddr: true });
      await frozen(async () => {
        const limit = MAX_BURST + 1;
        for (let i = 0; i < limit; i++) {
          const res = await me(bob.client.getToken());
          assert.equal(res.status, 200);
          assert.equal(res.headers.get('x-ratelimit-limit'), String(limit));
          assert.equal(Number(res.headers.get('x-ratelimit-remaining')), limit - 1 - i);
          assert.ok(Number(res.headers.get('x-ratelimit-reset')) >= 1);
        }
        const refused = await me(bob.client.getToken());
        expectAppError(refused, 429, 'api.context.rate_limit_exceeded.app_error');
        assert.equal(refused.headers.get('content-type'), 'application/json');
        assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
        const retryAfter = Number(refused.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= 1 / PER_SEC + 1, `Retry-After ${retryAfter}`);
        // Same address, so another user and a login share the budget.
        expectAppError(await raw(srv.url, 'POST', '/api/v4/users/login', { body: { login_id: bob.user.username, password: 'x' } }), 429);
        // Health checks are never limited.
        assert.equal((await raw(srv.url, 'GET', '/api/v4/system/ping')).status, 200);

        now += retryAfter * 1000;
        assert.equal((await me(bob.client.getToken())).status, 200, 'the budget refills at PerSec');
        assert.equal((await me(bob.client.getToken())).status, 429, 'by one request per second');
      }).finally(() => {
        settings().rateLimitEnable = false;
      });
    });

    it('with VaryByUser, each user has a budget of their own', async () => {
      Object.assign(settings(), { rateLimitEnable: true, rateLimitVaryByUser: true, rateLimitMaxBurst: 1 });
      await frozen(async () => {
        // MaxBurst 1: two requests at once per user.
        for (const status of [200, 200, 429]) assert.equal((await me(admin.client.getToken())).status, status);
        for (const status of [200, 200, 429]) assert.equal((await me(bob.client.getToken())).status, status, "bob's budget is his own");
      }).finally(() => {
        Object.assign(settings(), { rateLimitEnable: false, rateLimitVaryByUser: false, rateLimitMaxBurst: MAX_BURST });
      });
    });

    it('limits nothing and sends no headers while disabled', async () => {
      assert.equal(settings().rateLimitEnable, false);
      for (let i = 0; i < 3 * (MAX_BURST + 1); i++) {
        const res = await me(bob.client.getToken());
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-ratelimit-limit'), null);
      }
    });
  });
}
