// Reading a remote deployment's /metrics: the exposition parser, and CPU/RSS/lag across several nodes
// served by real HTTP listeners whose counters move between two reads.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { MetricsScraper, parsePrometheusText } from '../src/server-metrics.js';

test('the parser sums samples per metric name, ignoring labels, comments and junk', () => {
  const m = parsePrometheusText(
    [
      '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
      '# TYPE process_cpu_seconds_total counter',
      'process_cpu_seconds_total 12.5',
      'mattermost_http_requests_total{method="GET",code="200"} 10',
      'mattermost_http_requests_total{method="POST",code="201"} 5',
      'nodejs_eventloop_lag_p99_seconds 0.012',
      'not a metric line',
      'bad_value NaN',
    ].join('\n'),
  );
  assert.equal(m.get('process_cpu_seconds_total'), 12.5);
  assert.equal(m.get('mattermost_http_requests_total'), 15);
  assert.equal(m.get('nodejs_eventloop_lag_p99_seconds'), 0.012);
  assert.equal(m.has('bad_value'), false);
});

test('CPU is the mean per node over the interval, RSS the sum, lag the worst node; a dead node is skipped', async () => {
  const nodes = [
    { cpu: 10, rss: 100 * 1024 * 1024, lag: 0.004 },
    { cpu: 20, rss: 50 * 1024 * 1024, lag: 0.03 },
  ];
  const servers = await Promise.all(
    nodes.map(
      (n) =>
        new Promise<http.Server>((resolve) => {
          const s = http.createServer((_req, res) => {
            // Parley's names (mattermost_process_*) next to prom-client's own: the Mattermost name wins.
            res.end(`mattermost_process_cpu_seconds_total ${n.cpu}\nprocess_cpu_seconds_total 999\nmattermost_process_resident_memory_bytes ${n.rss}\nnodejs_eventloop_lag_p99_seconds ${n.lag}\n`);
          });
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const urls = servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/metrics`);
  try {
    const scraper = new MetricsScraper([...urls, 'http://127.0.0.1:1/metrics']);
    const t0 = performance.now();
    const first = await scraper.read();
    const t1 = performance.now();
    assert.equal(first.cpuPct, null, 'no rate from a single reading');
    assert.equal(first.rssMb, 150);
    assert.equal(first.eventLoopP99Ms, 30);
    // Both nodes burn half a CPU-second each.
    nodes[0]!.cpu += 0.5;
    nodes[1]!.cpu += 0.5;
    await new Promise((r) => setTimeout(r, 400));
    const t2 = performance.now();
    const second = await scraper.read();
    const t3 = performance.now();
    // 1 CPU-second over 2 nodes in an interval between (t2 - t1) and (t3 - t0).
    const lo = (100 * 1) / ((t3 - t0) / 1000) / 2;
    const hi = (100 * 1) / ((t2 - t1) / 1000) / 2;
    assert.ok(second.cpuPct !== null && second.cpuPct >= lo - 0.1 && second.cpuPct <= hi + 0.1, `${second.cpuPct} within [${lo}, ${hi}]`);
  } finally {
    for (const s of servers) s.close();
  }
});
