// Fault scenarios against a local cluster under load: (a) rolling restart of every node, (b) kill -9 of a
// node, (c) PostgreSQL restart, (d) bus restart. Each runs with its own probe channel while load-test users
// keep the cluster busy, then checks that every acknowledged post is stored exactly once and reached every
// probe user (over the WebSocket or the REST resync), and reports the figures.
import { seed, type Dataset } from '../../loadtest/src/seed.js';
import { UserPool } from '../../loadtest/src/run.js';
import { LocalCluster } from './local-cluster.js';
import { call, login, ProbeUser } from './probe.js';
import { sleep } from './processes.js';
import { PrivatePostgres, privateNats, privateRedis, queryOnce, type Dependency } from './services.js';

export type BusKind = 'redis' | 'nats';
export type ScenarioName = 'rolling-restart' | 'kill-node' | 'postgres-restart' | 'bus-restart';
export const SCENARIOS: readonly ScenarioName[] = ['rolling-restart', 'kill-node', 'postgres-restart', 'bus-restart'];

export interface FaultOptions {
  bus: BusKind;
  nodes: number;
  scenarios: readonly ScenarioName[];
  /** Probe users per scenario (members of the probe channel). */
  probes: number;
  /** Each probe user posts about this often. */
  postIntervalMs: number;
  /** Load-test users running the whole time (0 = none). */
  loadUsers: number;
  loadSpeed: number;
  /** Posting before the fault and after it has ended. */
  beforeMs: number;
  afterMs: number;
  log: (msg: string) => void;
}

export const FAULT_DEFAULTS: FaultOptions = {
  bus: 'redis',
  nodes: 3,
  scenarios: SCENARIOS,
  probes: 6,
  postIntervalMs: 250,
  loadUsers: 40,
  loadSpeed: 4,
  beforeMs: 3_000,
  afterMs: 4_000,
  log: (msg) => process.stderr.write(`${msg}\n`),
};

export interface ScenarioResult {
  scenario: ScenarioName;
  bus: BusKind;
  /** Distinct posts the probes sent, and requests it took (retries after errors included). */
  sent: number;
  attempts: number;
  acknowledged: number;
  /** Posts given up after a minute of failures (the cluster did not recover). */
  abandoned: number;
  stored: number;
  /** Acknowledged posts missing from at least one probe user after the settle time. */
  lost: number;
  /** Sum over probe users of acknowledged posts they never saw. */
  lostDeliveries: number;
  /** Acknowledged posts stored more than once (by pending_post_id), and acked posts not stored. */
  duplicates: number;
  notStored: number;
  probeErrors: number;
  /** First to last failed request of the probes, ms (0 = none). */
  errorWindowMs: number;
  /** Fault start until every probe had an acknowledged post after its last error, ms. */
  recoveryMs: number;
  faultMs: number;
  reconnects: number;
  resyncs: number;
  loadErrors: number;
  /** Errors seen outside the fault window (fault start … fault end + 5 s). */
  errorsOutsideFault: number;
  sampleErrors: string[];
  /** For each lost post: when it was created and what the probes that missed it went through. */
  lostDetail: string[];
}

interface Env {
  cluster: LocalCluster;
  database: PrivatePostgres;
  bus: Dependency;
  admin: { token: string; userId: string };
  teamId: string;
}

const ADMIN = { username: 'faultadmin', password: 'Passw0rd!fault' };
const PROBE_PASSWORD = 'Passw0rd!probe';

async function setUp(o: FaultOptions): Promise<Env> {
  const database = await PrivatePostgres.start();
  let bus: Dependency | null = null;
  try {
    bus = o.bus === 'nats' ? await privateNats() : await privateRedis();
    o.log(`faults: private PostgreSQL ${database.url}, ${bus.name} ${bus.url}`);
    // Short heartbeats so a killed node's users are settled within the run.
    const cluster = await LocalCluster.start({
      nodes: o.nodes,
      databaseUrl: database.url,
      busUrl: bus.url,
      port: 0,
      env: { PARLEY_SHUTDOWN_DRAIN_MS: '2500', PARLEY_ENABLE_OPEN_SERVER: 'true', PARLEY_LOG_LEVEL: 'warn' },
      log: o.log,
    });
    const url = cluster.url;
    await call(url, 'POST', '/users', '', { username: ADMIN.username, email: 'faultadmin@example.com', password: ADMIN.password });
    const admin = await login(url, ADMIN.username, ADMIN.password);
    const team = await call<{ id: string }>(url, 'POST', '/teams', admin.token, { name: 'faults', display_name: 'Faults', type: 'O' });
    return { cluster, database, bus, admin, teamId: team.id };
  } catch (err) {
    await bus?.close();
    await database.close();
    throw err;
  }
}

async function tearDown(env: Env): Promise<void> {
  await env.cluster.close();
  await env.bus.close();
  await env.database.close();
}

/** Probe users in a fresh channel of the team, connected and ready to post. */
async function makeProbes(env: Env, o: FaultOptions, scenario: ScenarioName): Promise<ProbeUser[]> {
  const url = env.cluster.url;
  const tag = `${scenario.replace(/-/g, '')}${Date.now().toString(36)}`;
  const channel = await call<{ id: string }>(url, 'POST', '/channels', env.admin.token, { team_id: env.teamId, name: tag, display_name: tag, type: 'O' });
  const probes: ProbeUser[] = [];
  for (let i = 0; i < o.probes; i++) {
    const username = `${tag}p${i}`;
    const user = await call<{ id: string }>(url, 'POST', '/users', env.admin.token, { username, email: `${username}@example.com`, password: PROBE_PASSWORD });
    await call(url, 'POST', `/teams/${env.teamId}/members`, env.admin.token, { team_id: env.teamId, user_id: user.id });
    await call(url, 'POST', `/channels/${channel.id}/members`, env.admin.token, { user_id: user.id });
    const session = await login(url, username, PROBE_PASSWORD);
    probes.push(new ProbeUser(username, url, session.token, channel.id));
  }
  return probes;
}

async function inject(env: Env, scenario: ScenarioName, log: (m: string) => void): Promise<void> {
  const c = env.cluster;
  switch (scenario) {
    case 'rolling-restart':
      for (let i = 0; i < c.nodes.length; i++) {
        const code = await c.stopNode(i);
        log(`  node-${i + 1} stopped (exit ${code}), starting again`);
        await c.startNode(i);
      }
      return;
    case 'kill-node':
      await c.killNode(1);
      log('  node-2 killed (SIGKILL); the orchestrator starts it again after 2 s');
      await sleep(2_000);
      await c.startNode(1);
      return;
    case 'postgres-restart':
      await env.database.restart(3_000);
      log('  PostgreSQL stopped (immediate) for 3 s and started again');
      return;
    case 'bus-restart':
      await env.bus.restart(2_000);
      log(`  ${env.bus.name} killed for 2 s and started again`);
      return;
  }
}

async function storedCounts(env: Env, channelId: string): Promise<Map<string, number>> {
  const rows = await queryOnce<{ pending_post_id: string; n: string }>(
    env.database.url,
    "SELECT pending_post_id, count(*) AS n FROM posts WHERE channel_id = $1 AND type = '' GROUP BY pending_post_id",
    [channelId],
  );
  return new Map(rows.map((r) => [r.pending_post_id, Number(r.n)]));
}

/** For each lost post: when it was made relative to the fault, and what the probes that missed it went through. */
async function explainLosses(env: Env, probes: readonly ProbeUser[], lostIds: ReadonlySet<string>, faultStart: number): Promise<string[]> {
  if (lostIds.size === 0) return [];
  const rows = await queryOnce<{ id: string; create_at: string }>(env.database.url, 'SELECT id, create_at FROM posts WHERE id = ANY($1)', [[...lostIds]]);
  return rows.map((r) => {
    const createdAt = Number(r.create_at);
    const near = (t: { at: number }) => Math.abs(t.at - createdAt) < 15_000;
    const missers = probes.filter((p) => !p.received.has(r.id));
    return (
      `post ${r.id} created ${createdAt - faultStart} ms after the fault began; missed by ` +
      missers.map((p) => `${p.name} [${p.timeline.filter(near).map((t) => `${t.at - faultStart}ms ${t.what}`).join('; ')}]`).join(', ')
    );
  });
}

async function runScenario(env: Env, o: FaultOptions, scenario: ScenarioName, pool: UserPool | null): Promise<ScenarioResult> {
  o.log(`faults: ${scenario} (${o.bus})`);
  const probes = await makeProbes(env, o, scenario);
  const loadErrorsBefore = pool?.errorCount ?? 0;
  await Promise.all(probes.map((p) => p.start(o.postIntervalMs)));
  await sleep(o.beforeMs);
  const faultStart = Date.now();
  await inject(env, scenario, o.log);
  const faultEnd = Date.now();
  await sleep(o.afterMs);
  await Promise.all(probes.map((p) => p.stopPosting()));
  const ackedIds = new Set(probes.flatMap((p) => [...p.acked.values()]));
  // Settle: deliveries and resyncs still under way get up to 20 s.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && probes.some((p) => p.missing(ackedIds).length > 0 || !p.connected)) await sleep(200);
  const stored = await storedCounts(env, probes[0]!.channelId);
  const lostIds = new Set(probes.flatMap((p) => p.missing(ackedIds)));
  const errors = probes.flatMap((p) => p.errors).sort((a, b) => a.at - b.at);
  let recoveryMs = 0;
  for (const p of probes) {
    const lastError = p.errors.at(-1)?.at ?? 0;
    const firstAckAfter = p.ackTimes.find((t) => t > Math.max(lastError, faultStart)) ?? Date.now();
    recoveryMs = Math.max(recoveryMs, firstAckAfter - faultStart);
  }
  const pendings = probes.flatMap((p) => [...p.acked.keys()]);
  const lostDetail = await explainLosses(env, probes, lostIds, faultStart);
  const result: ScenarioResult = {
    scenario,
    bus: o.bus,
    sent: probes.reduce((n, p) => n + p.attempted, 0),
    attempts: probes.reduce((n, p) => n + p.acked.size, 0) + errors.filter((e) => e.what.startsWith('post')).length,
    acknowledged: ackedIds.size,
    abandoned: probes.reduce((n, p) => n + p.gaveUp, 0),
    stored: [...stored.values()].reduce((a, b) => a + b, 0),
    lost: lostIds.size,
    lostDeliveries: probes.reduce((n, p) => n + p.missing(ackedIds).length, 0),
    duplicates: [...stored.values()].filter((n) => n > 1).length,
    notStored: pendings.filter((id) => !stored.has(id)).length,
    probeErrors: errors.length,
    errorWindowMs: errors.length > 0 ? errors.at(-1)!.at - errors[0]!.at : 0,
    recoveryMs,
    faultMs: faultEnd - faultStart,
    reconnects: probes.reduce((n, p) => n + p.reconnects, 0),
    resyncs: probes.reduce((n, p) => n + p.resyncs, 0),
    loadErrors: (pool?.errorCount ?? 0) - loadErrorsBefore,
    errorsOutsideFault: errors.filter((e) => e.at < faultStart || e.at > faultEnd + 5_000).length,
    sampleErrors: errors.slice(0, 3).map((e) => e.what),
    lostDetail,
  };
  await Promise.all(probes.map((p) => p.close()));
  o.log(formatResult(result));
  for (const d of result.lostDetail) o.log(`    lost: ${d}`);
  return result;
}

export function formatResult(r: ScenarioResult): string {
  return (
    `  ${r.scenario} [${r.bus}]: sent ${r.sent} (${r.attempts} requests), acknowledged ${r.acknowledged}, abandoned ${r.abandoned}, stored ${r.stored}, lost ${r.lost} ` +
    `(${r.lostDeliveries} deliveries), duplicates ${r.duplicates}, not stored ${r.notStored}; probe errors ${r.probeErrors} ` +
    `over ${r.errorWindowMs} ms (outside the fault: ${r.errorsOutsideFault}); fault ${r.faultMs} ms, recovery ${r.recoveryMs} ms; ` +
    `reconnects ${r.reconnects}, resyncs ${r.resyncs}; load-test errors ${r.loadErrors}`
  );
}

/** Sets up a private cluster, runs the scenarios one after another under load, tears everything down. */
export async function runFaults(opts: Partial<FaultOptions> = {}): Promise<ScenarioResult[]> {
  const o = { ...FAULT_DEFAULTS, ...opts };
  const env = await setUp(o);
  let pool: UserPool | null = null;
  const results: ScenarioResult[] = [];
  try {
    if (o.loadUsers > 0) {
      const dataset: Dataset = await seed(env.cluster.url, { teams: 1, users: Math.max(o.loadUsers, 20), channelsPerTeam: 5, posts: 50, dms: 10 }, ADMIN, o.log);
      pool = new UserPool({ baseUrl: env.cluster.url, dataset, profile: 'simulative', speed: o.loadSpeed, log: o.log });
      await pool.add(o.loadUsers, 8);
      o.log(`faults: ${pool.active} load-test users running at speed ×${o.loadSpeed}`);
    }
    for (const s of o.scenarios) results.push(await runScenario(env, o, s, pool));
  } finally {
    await pool?.stopAll();
    await tearDown(env);
  }
  return results;
}
