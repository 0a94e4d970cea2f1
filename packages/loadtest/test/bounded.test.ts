// A short bounded run against an embedded Parley: 100 simulated users with think time compressed ×30 for
// ~20 s. It guards the load tool itself (every action still works against the current API) and catches
// server regressions that only show under concurrent mixed traffic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, runLoadTest } from '../src/loadtest.js';
import { ACTION_NAMES } from '../src/user.js';

test('bounded run: 100 users, every action type, no errors', { timeout: 120_000 }, async () => {
  const lines: string[] = [];
  const report = await runLoadTest({
    ...DEFAULTS,
    users: 100,
    durationSec: 20,
    speed: 30,
    coverAll: true,
    seed: { teams: 2, users: 100, channelsPerTeam: 10, posts: 150, dms: 30, gms: 4 },
    log: (l) => lines.push(l),
  });
  const context = lines.join('\n');
  assert.equal(report.users.loginFailures, 0, context);
  assert.equal(report.users.peak, 100, context);
  const e = report.client.errors;
  assert.deepEqual({ http4xx: e.http4xx, http5xx: e.http5xx, network: e.network, timeouts: e.timeouts, websocket: e.websocket }, { http4xx: 0, http5xx: 0, network: 0, timeouts: 0, websocket: 0 }, context);
  assert.deepEqual(report.errorSamples, [], context);
  for (const name of ACTION_NAMES) {
    const a = report.client.actions[name];
    assert.ok(a && a.n > 0, `${name} never ran\n${context}`);
    assert.equal(a.errors, 0, `${name} failed\n${context}`);
  }
  assert.ok(report.client.wsPostedDelivery.n > 0, 'no posted event was delivered');
  assert.ok(report.server && report.server.rssMbMax !== null && report.server.rssMbMax > 0);
});

test('fanout profile: every connected user receives every broadcast in the shared channel', { timeout: 120_000 }, async () => {
  const lines: string[] = [];
  const users = 80;
  const report = await runLoadTest({
    ...DEFAULTS,
    profile: 'fanout',
    users,
    durationSec: 6,
    fanoutRate: 5,
    seed: { teams: 1, users, channelsPerTeam: 2, posts: 10, dms: 5 },
    log: (l) => lines.push(l),
  });
  const context = lines.join('\n');
  const f = report.fanout;
  assert.ok(f, `no fanout section\n${context}`);
  assert.equal(f.failed, 0, context);
  assert.ok(f.posted >= 10, `the broadcaster posted ${f.posted}\n${context}`);
  // Each post reaches each socket once: deliveries are posts × sockets, give or take the few posts still in
  // flight when the run ended.
  const n = report.client.wsPostedDelivery.n;
  assert.ok(n <= (f.posted + 5) * users && n >= (f.posted - 5) * users, `${n} deliveries for ${f.posted} posts × ${users} sockets\n${context}`);
  assert.equal(report.client.errors.websocket, 0, context);
  assert.ok(lines.some((l) => /FANOUT: \d+ sockets/.test(l)), context);
});
