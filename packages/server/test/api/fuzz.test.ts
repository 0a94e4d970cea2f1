// Schema-driven fuzzing of every registered route: near-valid and invalid bodies generated from the route's
// own JSON schema, almost-ids in the path, junk queries, broken JSON, wrong content types — 100k requests on
// SQLite and 10k on PostgreSQL per run (PARLEY_FUZZ_REQUESTS overrides both), over keep-alive HTTP with a
// dozen in flight. Whatever arrives: no 5xx but 501, every error in Mattermost's shape, the process stays
// up, and batches that were refused entirely leave the database as they found it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { listRoutes, type RouteInfo } from '../../src/api4/server.js';
import { engines, makeAdmin, makeUser, PASSWORD, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { dbFingerprint, fingerprintDiff, type Fingerprint } from '../db-fingerprint.js';
import type { Actor, FuzzRoute } from '../fuzz-requests.js';
import type { JsonSchema } from '../fuzz-schema.js';
import type { BatchReport, RouteJob, WorkerSetup } from '../fuzz-worker.js';

const IN_FLIGHT = 12;
const BATCH = 48;

/** Routes where a well-formed request from an admin is a legitimate change of the whole server (its
 * configuration, every session): fuzzed as a plain user and anonymously, never as the admin actor. */
const NO_ADMIN = new Set(['PUT /api/v4/config', 'PUT /api/v4/config/patch', 'POST /api/v4/config/reload', 'POST /api/v4/users/sessions/revoke/all']);

function requestTotal(engine: string): number {
  const fromEnv = Number(process.env.PARLEY_FUZZ_REQUESTS);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  return engine === 'postgres' ? 10_000 : 100_000;
}

/** Runs one route's batches in the worker; `onBatch` (the fingerprint) runs between them. */
function fuzzRouteIn(worker: Worker, job: RouteJob, onBatch: (report: BatchReport) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the fuzz worker exited (${code}) during ${job.route.method} ${job.route.url}`));
    const onMessage = (report: BatchReport) => {
      onBatch(report).then(() => {
        worker.postMessage({ type: 'continue' });
        if (report.last) {
          worker.off('message', onMessage);
          worker.off('error', reject);
          worker.off('exit', onExit);
          resolve();
        }
      }, reject);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.postMessage(job);
  });
}

/** A fuzz actor's token, reused across routes while it still works (a fuzzed call may end its session,
 * deactivate it or, for an admin, demote it); otherwise a fresh account. */
async function actorToken(url: string, root: TestUser, current: string, admin: boolean): Promise<string> {
  if (current) {
    const me = await raw(url, 'GET', '/api/v4/users/me', { token: current });
    if (me.status === 200 && (!admin || String(me.json.roles).includes('system_admin'))) return current;
  }
  const u = await makeUser(url, root.client);
  if (!admin) return u.client.getToken();
  await root.client.updateUserRoles(u.user.id, 'system_user system_admin');
  await u.client.login(u.user.username, PASSWORD);
  return u.client.getToken();
}

for (const engine of engines()) {
  describe(`API fuzz [${engine}]`, () => {
    let srv: TestServer;
    let root: TestUser;
    let pool: string[];
    let worker: Worker;

    before(async () => {
      // Fuzzed logins with fixture usernames must not lock anyone out; no rate limiter trims the run.
      srv = await startTestServer(engine, { maximumLoginAttempts: 1_000_000, rateLimitEnable: false }, undefined, { upkeepIntervalMs: 3_600_000 });
      root = await makeAdmin(srv.url);
      const bob = await makeUser(srv.url, root.client);
      const team = await root.client.createTeam({ name: 'fuzzteam', display_name: 'Fuzz', type: 'O' } as never);
      await root.client.addToTeam(team.id, bob.user.id);
      const channel = await root.client.createChannel({ team_id: team.id, name: 'fuzzchan', display_name: 'Fuzz', type: 'O' } as never);
      const priv = await bob.client.createChannel({ team_id: team.id, name: 'fuzzpriv', display_name: 'Fuzz P', type: 'P' } as never);
      const post = await root.client.createPost({ channel_id: channel.id, message: 'hello' } as never);
      const reply = await bob.client.createPost({ channel_id: priv.id, message: 'private' } as never);
      // The root admin's own id stays out of the pool so no fuzzed call can deactivate, demote or log out
      // the account that creates the actors.
      pool = [bob.user.id, team.id, channel.id, priv.id, post.id, reply.id, 'fuzzteam', 'fuzzchan', bob.user.username];
      const setup: WorkerSetup = { url: srv.url, pool, inFlight: IN_FLIGHT, batch: BATCH };
      // The worker is TypeScript too: it registers tsx before loading it.
      const entry = JSON.stringify(new URL('../fuzz-worker.ts', import.meta.url).href);
      worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true, workerData: setup });
    });
    after(async () => {
      worker.postMessage({ type: 'stop' });
      await worker.terminate();
      await srv.close();
    });

    it('answers every malformed request with a 2xx/4xx in Mattermost shape and changes nothing when refusing', async (t) => {
      const routes = listRoutes(srv.parley.server).filter((r) => r.url.startsWith('/api/v4/') || r.url.startsWith('/hooks/') || r.url.startsWith('/files/'));
      assert.ok(routes.some((r) => r.url === '/hooks/:hook_id'), 'the incoming webhook endpoint is fuzzed too');
      assert.ok(routes.length > 100, `expected every route, found ${routes.length}`);
      const total = requestTotal(engine);
      const seed = Number(process.env.PARLEY_FUZZ_SEED ?? Date.now() % 2 ** 31);
      t.diagnostic(`seed ${seed} (PARLEY_FUZZ_SEED to replay)`);
      const statuses = new Map<number, number>();
      const failures: string[] = [];
      let sent = 0;
      let checkedBatches = 0;
      const started = Date.now();
      const tokens: Record<Actor, string> = { anon: '', user: '', admin: '' };

      for (const [index, info] of routes.entries()) {
        const key = `${info.method} ${info.url}`;
        // The root admin logs in again in case a fuzzed call ended every session.
        await root.client.login(root.user.username, PASSWORD);
        tokens.user = await actorToken(srv.url, root, tokens.user, false);
        const actors: Actor[] = ['anon', 'user'];
        if (!NO_ADMIN.has(key)) {
          tokens.admin = await actorToken(srv.url, root, tokens.admin, true);
          actors.push('admin');
        }
        const job: RouteJob = {
          type: 'route',
          route: fuzzRoute(info),
          tokens: { ...tokens },
          actors,
          count: Math.floor(total / routes.length) + (index < total % routes.length ? 1 : 0),
          seed: seed + index,
        };
        let fingerprint: Fingerprint = await dbFingerprint(srv.parley.database);
        await fuzzRouteIn(worker, job, async (report) => {
          sent += report.statuses.length;
          for (const s of report.statuses) statuses.set(s, (statuses.get(s) ?? 0) + 1);
          failures.push(...report.failures.slice(0, Math.max(0, 50 - failures.length)));
          const now = await dbFingerprint(srv.parley.database);
          if (report.statuses.length > 0 && report.statuses.every((s) => s >= 400 && s < 500)) {
            checkedBatches += 1;
            const diff = fingerprintDiff(fingerprint, now);
            if (diff.length > 0 && failures.length < 50) failures.push(`${key}: a batch of ${report.statuses.length} refused requests changed the database: ${diff.join('; ')}`);
          }
          fingerprint = now;
        });
      }

      const seconds = (Date.now() - started) / 1000;
      const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ');
      const summary = `${sent} requests over ${routes.length} routes in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)} req/s); ${checkedBatches} all-refused batches fingerprinted unchanged; statuses ${byStatus}`;
      t.diagnostic(summary);
      console.log(`API fuzz [${engine}]: ${summary}`);

      assert.equal(sent, total);
      assert.deepEqual(failures, []);
      const ping = await raw(srv.url, 'GET', '/api/v4/system/ping');
      assert.equal(ping.status, 200, 'the server still answers');
      const me = await root.client.login(root.user.username, PASSWORD);
      assert.ok(me.roles.includes('system_admin') && me.delete_at === 0, 'the root admin survived the admin actors');
    });
  });
}

/** What the worker needs of a route: its body schema as plain JSON (TypeBox adds symbol keys). */
function fuzzRoute(info: RouteInfo): FuzzRoute {
  const body = (info.schema as { body?: JsonSchema } | undefined)?.body;
  return { method: info.method, url: info.url, ...(body ? { body: JSON.parse(JSON.stringify(body)) as JsonSchema } : {}) };
}
