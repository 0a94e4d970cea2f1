// Entry points used by the CLI and the test: set up the target (embedded or remote), seed, run, report.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { findCapacity } from './coordinator.js';
import { renderHtml } from './html-report.js';
import { buildReport, formatSample, printReport, Sampler, UserPool, type Report } from './run.js';
import { Broadcaster, FANOUT_P95_TARGET_MS } from './fanout.js';
import { describeSpec, S_LITE, type SeedSpec } from './dataset.js';
import { EmbeddedServer, type DataPlace } from './server-process.js';
import { MetricsScraper, PrometheusQuery } from './server-metrics.js';
import { datasetOf, seed, type AdminLogin, type Dataset } from './seed.js';
import { ACTION_NAMES, type Profile } from './user.js';
import { sleep } from './util.js';

export interface LoadTestOptions {
  /** Fixed user count (a bounded run); absent = find capacity. */
  users?: number;
  durationSec: number;
  speed: number;
  profile: Profile;
  /** fanout profile: posts per second into the channel every user is in. */
  fanoutRate: number;
  target?: string;
  /** With a target: its nodes' Prometheus endpoints (http://node:8067/metrics), for server CPU and lag. */
  metricsUrls?: string[];
  /** With a target: a Prometheus server scraping its nodes, asked instead of the nodes themselves. */
  prometheusUrl?: string;
  admin?: AdminLogin;
  engine: 'sqlite' | 'postgres';
  seed: SeedSpec;
  /**
   * Embedded server only: keep the seeded dataset here between runs (a directory, plus a schema on
   * PostgreSQL). Absent: a throwaway dataset, deleted when the run ends.
   */
  keep?: { dataDir: string; pgSchema?: string };
  /** Seed again even when the kept dataset is this spec's. */
  fresh?: boolean;
  maxMinutes: number;
  maxUsers: number;
  inc: number;
  settleSec: number;
  warmupSec: number;
  progressSec: number;
  coverAll: boolean;
  json?: string;
  html?: string;
  log: (msg: string) => void;
}

export const DEFAULTS: LoadTestOptions = {
  durationSec: 60,
  speed: 1,
  profile: 'simulative',
  fanoutRate: 5,
  engine: 'sqlite',
  seed: S_LITE,
  maxMinutes: 10,
  maxUsers: 20_000,
  inc: 8,
  settleSec: 60,
  warmupSec: 15,
  progressSec: 5,
  coverAll: false,
  log: (msg) => process.stderr.write(`${msg}\n`),
};

/**
 * The embedded server over a seeded dataset. Seeding runs at store level inside the server process; after a
 * real seed the process is replaced by a fresh one over the same data, so that its memory figures are those
 * of a server that only served.
 */
async function embeddedWithDataset(o: LoadTestOptions): Promise<{ server: EmbeddedServer; dataset: Dataset }> {
  const place: DataPlace | undefined = o.keep ? { ...o.keep, keep: true } : undefined;
  let server = await EmbeddedServer.start(o.engine, place);
  try {
    const seeded = await server.seed(o.seed, o.fresh ?? false);
    o.log(
      seeded.reused
        ? `seed: reused the dataset kept in ${server.place.dataDir}${server.place.pgSchema ? ` (schema ${server.place.pgSchema})` : ''}`
        : `seed: store-level seed in ${seeded.seconds.toFixed(1)} s (${Math.round(seeded.rowsPerSecond)} rows/s)${o.keep ? `, kept in ${server.place.dataDir}${server.place.pgSchema ? ` (schema ${server.place.pgSchema})` : ''}` : ''}`,
    );
    if (!seeded.reused) {
      const where = server.place;
      if (!where.keep) await server.handOver();
      await server.stop();
      server = await EmbeddedServer.start(o.engine, where);
    }
    return { server, dataset: datasetOf(o.seed, seeded.reused) };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

export async function runLoadTest(o: LoadTestOptions): Promise<Report> {
  if (o.target && o.keep) throw new Error('keeping a dataset is for the embedded server; a --target deployment keeps its own database');
  if (o.target && !o.admin) throw new Error('--target needs --admin user:pass to seed');
  const startedAt = new Date();
  const t0 = performance.now();
  let server: EmbeddedServer | null = null;
  let dataset: Dataset;
  if (o.target) {
    dataset = await seed(o.target, o.seed, o.admin ?? null, o.log);
  } else {
    ({ server, dataset } = await embeddedWithDataset(o));
  }
  o.log(`seed: ready after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const baseUrl = o.target ?? server!.url;
  let pool: UserPool | null = null;
  try {
    pool = new UserPool({ baseUrl, dataset, profile: o.profile, speed: o.speed, log: o.log, ...(o.coverAll ? { coverAll: ACTION_NAMES } : {}) });
    const remote = o.prometheusUrl ? new PrometheusQuery(o.prometheusUrl) : o.metricsUrls && o.metricsUrls.length > 0 ? new MetricsScraper(o.metricsUrls) : null;
    const sampler = new Sampler(pool, server, remote);
    const runStart = performance.now();
    const tier = describeSpec(o.seed);
    let report: Report;
    if (o.profile === 'fanout' && o.users === undefined) throw new Error('the fanout profile is a bounded run: give --users N');
    let broadcaster: Broadcaster | null = null;
    if (o.users !== undefined) {
      o.log(`bounded run: ${o.users} ${o.profile} users for ${o.durationSec} s at speed ×${o.speed} against ${baseUrl}`);
      const adding = pool.add(o.users, 16);
      if (o.profile === 'fanout') {
        // Everyone connected first, so each post reaches the full audience.
        await adding;
        broadcaster = new Broadcaster(baseUrl, o.admin ?? { username: 'ltadmin', password: dataset.password }, dataset.teamNames[0]!, o.fanoutRate);
        await broadcaster.start();
        o.log(`fanout: ${pool.active} sockets in town-square, ${o.fanoutRate} posts/s`);
      }
      const end = runStart + o.durationSec * 1000;
      while (performance.now() < end) {
        await sleep(Math.min(o.progressSec * 1000, Math.max(0, end - performance.now())));
        o.log(formatSample(await sampler.sample()));
      }
      await adding;
      await broadcaster?.stop();
      const durationSec = (performance.now() - runStart) / 1000;
      await pool.stopAll();
      report = buildReport({ kind: 'bounded', startedAt, durationSec, target: baseUrl, server, pool, sampler, profile: o.profile, speed: o.speed, dataset, tier });
      if (broadcaster) {
        const p95 = report.client.wsPostedDelivery.p95Ms;
        report.fanout = {
          sockets: report.users.peak,
          ratePerSec: o.fanoutRate,
          posted: broadcaster.posted,
          failed: broadcaster.failed,
          skipped: broadcaster.skipped,
          deliveryP95Ms: p95,
          targetP95Ms: FANOUT_P95_TARGET_MS,
          pass: report.client.wsPostedDelivery.n > 0 && p95 < FANOUT_P95_TARGET_MS,
        };
      }
    } else {
      o.log(`capacity run: +${o.inc} users per tick until a threshold is crossed, at most ${o.maxMinutes} min, speed ×${o.speed}`);
      const result = await findCapacity(pool, sampler, {
        tickMs: 1_000,
        inc: o.inc,
        dec: o.inc,
        restMs: 2_000,
        warmupSec: o.warmupSec,
        settleSec: o.settleSec,
        maxMinutes: o.maxMinutes,
        maxUsers: o.maxUsers,
        progressEvery: o.progressSec,
        log: o.log,
      });
      const durationSec = (performance.now() - runStart) / 1000;
      await pool.stopAll();
      report = buildReport({ kind: 'capacity', startedAt, durationSec, target: baseUrl, server, pool, sampler, profile: o.profile, speed: o.speed, dataset, tier });
      report.capacity = { ...result, equivalentUsersAtSpeed1: Math.round(result.supportedUsers * o.speed) };
    }
    printReport(report, o.log);
    if (o.json) fs.writeFileSync(o.json, `${JSON.stringify(report, null, 2)}\n`);
    if (o.html) fs.writeFileSync(o.html, renderHtml(report));
    return report;
  } finally {
    await pool?.stopAll();
    await server?.stop();
  }
}
