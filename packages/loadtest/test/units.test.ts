// The pieces of the model that a bounded run cannot check precisely: percentile accuracy and the
// action/rate distributions taken from Mattermost's simulative controller.
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { alertsFor, settledMean, THRESHOLDS } from '../src/coordinator.js';
import { Histogram } from '../src/histogram.js';
import type { Sample } from '../src/run.js';
import { ACTION_NAMES, ACTION_WEIGHTS, pickAction, pickRate } from '../src/user.js';
import { rng } from '../src/util.js';

test('histogram percentiles stay within 0.2 % of exact ones', () => {
  const r = rng(7);
  const h = new Histogram();
  const xs: number[] = [];
  for (let i = 0; i < 50_000; i++) {
    const v = Math.floor(Math.exp(r() * 14));
    xs.push(v);
    h.record(v);
  }
  xs.sort((a, b) => a - b);
  for (const q of [50, 95, 99, 99.9]) {
    const exact = xs[Math.ceil((q / 100) * xs.length) - 1]!;
    const got = h.percentile(q);
    assert.ok(got >= exact && got <= exact * 1.002 + 1, `p${q}: exact ${exact}, histogram ${got}`);
  }
  assert.equal(h.percentile(100), xs.at(-1));
  const merged = new Histogram();
  merged.add(h);
  assert.equal(merged.percentile(99), h.percentile(99));
});

test('action mix and user rates follow the model', () => {
  const r = rng(11);
  const n = 200_000;
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const a = pickAction(r);
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  const sum = ACTION_NAMES.reduce((s, a) => s + ACTION_WEIGHTS[a], 0);
  for (const a of ['SwitchChannel', 'CreatePost', 'ScrollChannel'] as const) {
    const share = (counts.get(a) ?? 0) / n;
    assert.ok(Math.abs(share - ACTION_WEIGHTS[a] / sum) < 0.01, `${a}: ${share}`);
  }
  // Mean actions per minute over the rate mix: 3 per minute at rate 1, so E[3 / rate] ≈ 0.68.
  let perMin = 0;
  for (let i = 0; i < n; i++) perMin += 3 / pickRate(r);
  assert.ok(Math.abs(perMin / n - 0.68) < 0.02, `mean ${perMin / n}`);
});

test('thresholds trip the feedback loop', () => {
  const base: Sample = { t: 1, users: 10, actionsPerSec: 1, reqPerSec: 10, avgMs: 5, p99Ms: 20, errors: 0, timeouts: 0, serverCpuPct: 20, serverRssMb: 100, generatorCpuPct: 5, eventLoopP99Ms: 1 };
  assert.deepEqual(alertsFor(base, [base], 1000, 0, 0), []);
  assert.deepEqual(alertsFor({ ...base, avgMs: THRESHOLDS.avgMs }, [base], 1000, 0, 0), ['avg latency']);
  assert.deepEqual(alertsFor(base, [base], 1000, 1, 0), ['error rate']);
  assert.deepEqual(alertsFor(base, [base], 1000, 0, 1), ['timeouts']);
  assert.deepEqual(alertsFor(base, [{ ...base, serverCpuPct: 90 }], 1000, 0, 0), ['server cpu']);
  assert.deepEqual(alertsFor({ ...base, eventLoopP99Ms: 150 }, [base], 1000, 0, 0), ['event-loop lag']);
});

describe("settledMean (the capacity finder's stop rule)", () => {
  const series = (f: (t: number) => number) => Array.from({ length: 61 }, (_, t) => ({ t, users: f(t) }));
  it('settles on an equilibrium that oscillates around a level, and returns its mean', () => {
    const m = settledMean(series((t) => 3200 + (t % 4 < 2 ? 8 : -8)));
    assert.ok(m !== null && Math.abs(m - 3200) < 8, String(m));
  });
  it('does not settle on a slow climb that stays within ±5 % of a large count', () => {
    // +4 users/s for a minute at ~3,200 users: 240 users, within ±5 %, but still growing.
    assert.equal(settledMean(series((t) => 3080 + 4 * t)), null);
  });
  it('does not settle on a spread beyond ±5 %, nor on too few samples', () => {
    assert.equal(settledMean(series((t) => (t % 2 === 0 ? 100 : 120))), null);
    assert.equal(settledMean([{ t: 0, users: 10 }, { t: 1, users: 10 }]), null);
  });
});
