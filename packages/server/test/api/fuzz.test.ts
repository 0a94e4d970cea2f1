// Every registered route gets random parameters, queries and bodies. Whatever arrives, the answer is a
// 2xx or a Mattermost error — never a 5xx, a crash or a non-JSON error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { listRoutes } from '../../src/api4/server.js';
import { engines, makeAdmin, makeUser, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';

const RUNS_PER_ROUTE = Number(process.env.PARLEY_FUZZ_RUNS ?? 4);

for (const engine of engines()) {
  describe(`API fuzz [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let ids: string[];

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      const bob = await makeUser(srv.url, admin.client);
      const team = await admin.client.createTeam({ name: 'fuzzteam', display_name: 'Fuzz', type: 'O' } as never);
      const channel = await admin.client.createChannel({ team_id: team.id, name: 'fuzzchan', display_name: 'Fuzz', type: 'O' } as never);
      const post = await admin.client.createPost({ channel_id: channel.id, message: 'hello' } as never);
      // The root admin's own id stays out of the pool so no fuzzed call can deactivate the account that
      // creates each route's actors.
      ids = [bob.user.id, team.id, channel.id, post.id];
    });
    after(() => srv.close());

    it('never answers a 5xx or a malformed error', async () => {
      // The API, plus the unauthenticated integration endpoints at the root (POST /hooks/{id}, /hooks/commands/{id}).
      const routes = listRoutes(srv.parley.server).filter((r) => r.url.startsWith('/api/v4/') || r.url.startsWith('/hooks/'));
      assert.ok(routes.some((r) => r.url === '/hooks/:hook_id'), 'the incoming webhook endpoint is fuzzed too');
      assert.ok(routes.length > 20, `expected many routes, found ${routes.length}`);
      const segment = fc.oneof(
        fc.constantFrom(...ids, 'me', 'x'.repeat(26), ''),
        fc.string({ maxLength: 40 }),
        fc.stringMatching(/^[a-z0-9]{26}$/),
      );
      const body = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.dictionary(fc.constantFrom('user_id', 'channel_id', 'team_id', 'message', 'name', 'display_name', 'type', 'roles', 'id', 'post_id', 'emoji_name', 'password', 'login_id', 'term', 'command', 'text', 'trigger', 'channel', 'attachments'), fc.oneof(fc.constantFrom(...ids), fc.jsonValue({ maxDepth: 2 }))),
        fc.constant('{"unterminated'),
      );
      const query = fc.dictionary(fc.constantFrom('page', 'per_page', 'since', 'before', 'after', 'in_team', 'in_channel', 'name', 'limit'), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...ids, '-1', '99999999999999999999')));
      const failures: string[] = [];
      for (const route of routes) {
        // Fresh actors per route: a fuzzed call may revoke sessions or deactivate the caller.
        const actor = await makeUser(srv.url, admin.client);
        const fuzzAdmin = await makeUser(srv.url, admin.client);
        await admin.client.updateUserRoles(fuzzAdmin.user.id, 'system_user system_admin');
        await fuzzAdmin.client.login(fuzzAdmin.user.username, fuzzAdmin.password);
        const tokens = [actor.client.getToken(), fuzzAdmin.client.getToken()];
        await fc.assert(
          fc.asyncProperty(fc.array(segment, { minLength: 4, maxLength: 4 }), body, query, fc.boolean(), async (segs, b, q, asAdmin) => {
            let i = 0;
            const path = route.url.replace(/:[a-z_]+/g, () => encodeURIComponent(segs[i++ % segs.length]!));
            const qs = new URLSearchParams(q).toString();
            const res = await raw(srv.url, route.method, `${path}${qs ? `?${qs}` : ''}`, {
              token: asAdmin ? tokens[1] : tokens[0],
              ...(route.method === 'GET' || route.method === 'DELETE' ? {} : typeof b === 'string' ? { rawBody: b } : { body: b }),
            });
            const shapeOk = res.status < 400 || (typeof res.json?.id === 'string' && res.json.status_code === res.status);
            // 501 is Mattermost's answer for features a server does not offer; any other 5xx is a bug.
            if ((res.status >= 500 && res.status !== 501) || !shapeOk) failures.push(`${route.method} ${path}?${qs} body=${JSON.stringify(b).slice(0, 200)} → ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
            return true;
          }),
          { numRuns: RUNS_PER_ROUTE },
        );
      }
      assert.deepEqual(failures, []);
      const ping = await raw(srv.url, 'GET', '/api/v4/system/ping');
      assert.equal(ping.status, 200);
    });
  });
}
