// --prometheus: the server figures of a --target run asked of a real Prometheus (its HTTP query API) rather
// than of the nodes. Prometheus scrapes a fixed exposition served here — a counter that grows at a known
// rate — so the figures PromQL returns can be checked exactly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { findExecutable, freePort, INSTALL_HINT, startPrometheus, type RunningPrometheus } from '../../server/scripts/prometheus.js';
import { PrometheusQuery } from '../src/server-metrics.js';

const CPU_SHARE = 0.4; // CPU seconds per second: 40 % of one core
let target: http.Server;
let prometheus: RunningPrometheus | null = null;
let dir: string;
const started = Date.now();

before(async () => {
  target = http.createServer((_req, res) => {
    const cpu = ((Date.now() - started) / 1000) * CPU_SHARE;
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      [
        '# TYPE mattermost_process_cpu_seconds_total counter',
        `mattermost_process_cpu_seconds_total ${cpu}`,
        '# TYPE mattermost_process_resident_memory_bytes gauge',
        `mattermost_process_resident_memory_bytes ${300 * 1024 * 1024}`,
        '# TYPE nodejs_eventloop_lag_p99_seconds gauge',
        'nodejs_eventloop_lag_p99_seconds 0.042',
        '',
      ].join('\n'),
    );
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const binary = findExecutable('prometheus');
  assert.ok(binary, `prometheus is not on PATH; this test runs a real one. Install it with: ${INSTALL_HINT} (.ci/run does this in CI).`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-lt-prom-'));
  const { port } = target.address() as { port: number };
  prometheus = await startPrometheus({ binary, dir, host: '127.0.0.1', port: await freePort(), targets: [`127.0.0.1:${port}`], scrapeInterval: '1s', evaluationInterval: '1s', ruleFiles: [] });
});

after(async () => {
  await prometheus?.stop();
  await new Promise<void>((resolve) => target.close(() => resolve()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('reads CPU (mean per node, % of one core), RSS and event-loop lag through PromQL', async () => {
  const q = new PrometheusQuery(prometheus!.url);
  // rate() needs two scrapes in its window; wait for them, bounded.
  let reading = await q.read();
  for (let i = 0; i < 30 && reading.cpuPct === null; i++) {
    await new Promise((r) => setTimeout(r, 500));
    reading = await q.read();
  }
  assert.ok(reading.cpuPct !== null, 'Prometheus produced a CPU rate');
  assert.ok(Math.abs(reading.cpuPct - CPU_SHARE * 100) < 2, `cpu ${reading.cpuPct} %`);
  assert.equal(reading.rssMb, 300);
  assert.equal(reading.eventLoopP99Ms, 42);
});

test('an unreachable Prometheus or an empty answer gives no figures rather than an error', async () => {
  assert.deepEqual(await new PrometheusQuery('http://127.0.0.1:1').read(), { cpuPct: null, rssMb: null, eventLoopP99Ms: null });
  assert.equal(await new PrometheusQuery(prometheus!.url).query('absent_series_for_this_test'), null);
});
