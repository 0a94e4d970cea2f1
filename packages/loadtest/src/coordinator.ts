// The capacity finder: LT's feedback loop (loadtest-model.md §8.4) with a stop rule shortened for a shared
// 2-core box — settle when active users stayed within ±5 % for `settleSec`, or stop at the time cap.
import { performance } from 'node:perf_hooks';
import type { Sample, Sampler, UserPool } from './run.js';
import { formatSample } from './run.js';
import { sleep } from './util.js';

export const THRESHOLDS = {
  avgMs: 100,
  p99Ms: 2_000,
  errorRatePct: 0.025,
  timeoutRatePct: 0.025,
  serverCpuPct: 85,
  eventLoopP99Ms: 100,
};

export interface CoordinatorOptions {
  tickMs: number;
  inc: number;
  dec: number;
  restMs: number;
  warmupSec: number;
  settleSec: number;
  maxMinutes: number;
  maxUsers: number;
  progressEvery: number;
  log: (msg: string) => void;
}

export interface CapacityResult {
  supportedUsers: number;
  settled: boolean;
  reason: string;
  alerts: Record<string, number>;
}

/** Which thresholds a window crossed; CPU is averaged over the last few ticks because one tick is noisy. */
export function alertsFor(s: Sample, recent: Sample[], requests: number, failures: number, timeouts: number): string[] {
  const out: string[] = [];
  if (requests > 0 && s.avgMs >= THRESHOLDS.avgMs) out.push('avg latency');
  if (requests > 0 && s.p99Ms >= THRESHOLDS.p99Ms) out.push('p99 latency');
  if (requests > 0 && (100 * failures) / requests >= THRESHOLDS.errorRatePct) out.push('error rate');
  if (requests > 0 && (100 * timeouts) / requests >= THRESHOLDS.timeoutRatePct) out.push('timeouts');
  const cpu = recent.map((x) => x.serverCpuPct).filter((x): x is number => x !== null);
  if (cpu.length > 0 && cpu.reduce((a, b) => a + b, 0) / cpu.length >= THRESHOLDS.serverCpuPct) out.push('server cpu');
  if (s.eventLoopP99Ms !== null && s.eventLoopP99Ms > THRESHOLDS.eventLoopP99Ms) out.push('event-loop lag');
  return out;
}

/**
 * The mean user count of a window that has settled, else null. LT waits for a least-squares slope under 0.2
 * users/s over 30 minutes; over the shorter windows used here the count must stay within ±5 % of its mean
 * AND show no trend (|slope| at most 0.2 users/s or 0.05 % of the mean per second), because a slow climb —
 * 8 users added between sporadic alerts — stays within ±5 % of a few thousand users for a minute.
 */
export function settledMean(window: readonly { t: number; users: number }[]): number | null {
  if (window.length < 3) return null;
  const n = window.length;
  const mean = window.reduce((a, h) => a + h.users, 0) / n;
  if (mean <= 0) return null;
  const lo = Math.min(...window.map((h) => h.users));
  const hi = Math.max(...window.map((h) => h.users));
  if (hi > mean * 1.05 || lo < mean * 0.95) return null;
  const tMean = window.reduce((a, h) => a + h.t, 0) / n;
  let num = 0;
  let den = 0;
  for (const h of window) {
    num += (h.t - tMean) * (h.users - mean);
    den += (h.t - tMean) ** 2;
  }
  const slope = den > 0 ? num / den : 0;
  return Math.abs(slope) <= Math.max(0.2, mean * 0.0005) ? mean : null;
}

export async function findCapacity(pool: UserPool, sampler: Sampler, o: CoordinatorOptions): Promise<CapacityResult> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const alerts: Record<string, number> = {};
  let firstAlertAt: number | null = null;
  let lastAlertAt = -Infinity;
  let lastChangeAt = -Infinity;
  let adding: Promise<void> | null = null;
  const history: { t: number; users: number }[] = [];
  let tick = 0;
  const grow = (n: number) => {
    if (adding || pool.active + n > o.maxUsers) return;
    adding = pool.add(n).finally(() => (adding = null));
  };

  for (;;) {
    const deadline = performance.now() + o.tickMs;
    const w = pool.metrics.window;
    const requests = w.requests;
    const failures = w.errors5xx + w.networkErrors;
    const timeouts = w.timeouts;
    const s = await sampler.sample();
    tick++;
    const now = elapsed();
    const fired = now >= o.warmupSec ? alertsFor(s, sampler.samples.slice(-3), requests, failures, timeouts) : [];
    for (const a of fired) alerts[a] = (alerts[a] ?? 0) + 1;
    if (fired.length > 0) {
      firstAlertAt ??= now;
      lastAlertAt = now;
      if (now * 1000 - lastChangeAt * 1000 >= o.restMs) {
        await pool.remove(o.dec);
        lastChangeAt = now;
      }
    } else if (firstAlertAt === null || (now - lastAlertAt) * 1000 >= o.restMs) {
      grow(o.inc);
    }
    if (tick % o.progressEvery === 0) o.log(formatSample(s, fired.length > 0 ? ` | ALERT ${fired.join(', ')}` : ''));

    if (firstAlertAt !== null) {
      history.push({ t: now, users: pool.active });
      const window = history.filter((h) => h.t >= now - o.settleSec);
      const mean = now - firstAlertAt >= o.settleSec ? settledMean(window) : null;
      if (mean !== null) {
        await adding;
        return { supportedUsers: Math.round(mean), settled: true, reason: `stable for ${o.settleSec} s (within ±5 %, no trend)`, alerts };
      }
    }
    if (now >= o.maxMinutes * 60) {
      await adding;
      const window = history.filter((h) => h.t >= now - o.settleSec);
      if (window.length === 0) return { supportedUsers: pool.active, settled: false, reason: `no threshold crossed within ${o.maxMinutes} min: capacity is at least this`, alerts };
      const mean = window.reduce((a, h) => a + h.users, 0) / window.length;
      return { supportedUsers: Math.round(mean), settled: false, reason: `time cap of ${o.maxMinutes} min; mean of the last ${o.settleSec} s`, alerts };
    }
    await sleep(Math.max(0, deadline - performance.now()));
  }
}
