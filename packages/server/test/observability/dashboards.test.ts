// The dashboards and alerts are real: Parley (metrics on a free port) and a real Prometheus (1 s scrapes,
// temp storage, deploy/prometheus/alerts.yml loaded) run a short scripted load through the official client,
// then every PromQL expression of every dashboard in deploy/grafana/dashboards and every alert rule is
// evaluated through Prometheus' HTTP API and must parse and return data.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ALERT_RULES,
  DASHBOARDS_DIR,
  findExecutable,
  freePort,
  INSTALL_HINT,
  instantQuery,
  startPrometheus,
  type RunningPrometheus,
} from '../../scripts/prometheus.js';
import { client, engines, expectClientError, makeAdmin, makeUser, PASSWORD, raw, startTestServer, uniqueName, type TestServer } from '../harness.js';
import { RawSocket } from '../ws-harness.js';

interface DashboardQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

/** Every `expr` of every panel (rows included) and every variable's query, with the panel it came from. */
function dashboardQueries(): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  for (const file of fs.readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const dash = JSON.parse(fs.readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8')) as {
      panels?: Panel[];
      templating?: { list?: Array<{ name: string; type: string; query?: unknown }> };
    };
    const walk = (panels: Panel[] | undefined) => {
      for (const p of panels ?? []) {
        for (const t of p.targets ?? []) if (typeof t.expr === 'string') out.push({ dashboard: file, panel: p.title ?? '', expr: t.expr });
        walk(p.panels);
      }
    };
    walk(dash.panels);
    for (const v of dash.templating?.list ?? []) {
      if (v.type !== 'query') continue;
      const q = typeof v.query === 'string' ? v.query : (v.query as { query?: string } | undefined)?.query;
      // Grafana's label_values(<selector>, <label>) is not PromQL; its selector is.
      const m = q ? /^label_values\((.*),\s*\w+\)$/.exec(q.trim()) : null;
      if (m) out.push({ dashboard: file, panel: `variable ${v.name}`, expr: m[1]! });
    }
  }
  return out;
}

interface Panel {
  title?: string;
  targets?: Array<{ expr?: unknown }>;
  panels?: Panel[];
}

/** Grafana's variables, as Grafana would expand them for "All nodes" and a 1 s scrape interval. */
function substitute(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('${__rate_interval}', '1m')
    .replaceAll('$__interval', '5s')
    .replaceAll('$__range', '5m')
    .replace(/\$\{instance(?::\w+)?\}|\[\[instance\]\]|\$instance\b/g, '.*');
}

/**
 * Splits an alert expression at its last top-level comparison (`value > 0.2`), so that the value side
 * and the `bool` form can be evaluated: a healthy server does not fire, so the alert itself is empty.
 */
function splitComparison(expr: string): { lhs: string; op: string; rhs: string } | null {
  let depth = 0;
  let quote: string | null = null;
  let found: { at: number; op: string } | null = null;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if (depth === 0) {
      const two = expr.slice(i, i + 2);
      if (['>=', '<=', '==', '!='].includes(two)) {
        found = { at: i, op: two };
        i++;
      } else if (c === '>' || c === '<') found = { at: i, op: c };
    }
  }
  if (!found) return null;
  return { lhs: expr.slice(0, found.at).trim(), op: found.op, rhs: expr.slice(found.at + found.op.length).trim() };
}

const prometheusBinary = findExecutable('prometheus');

/** One load through the official client: every metric the dashboards read gets samples. */
async function scriptedLoad(srv: TestServer): Promise<void> {
  const admin = await makeAdmin(srv.url); // sign-up + a successful login
  await expectClientError(() => client(srv.url).login(admin.user.username, 'not the password'), 401); // a failed login
  const member = await makeUser(srv.url, admin.client);
  const team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 'Load', type: 'O' } as never);
  const channel = await admin.client.createChannel({ team_id: team.id, name: uniqueName('chan'), display_name: 'Load', type: 'O' } as never);
  await admin.client.addToTeam(team.id, member.user.id);
  await admin.client.addToChannel(member.user.id, channel.id);
  const sock = await RawSocket.open(srv.url, { token: member.client.getToken() });
  try {
    await sock.waitFor((f) => f.event === 'hello');
    await sock.request('user_typing', { channel_id: channel.id });
    for (let i = 0; i < 5; i++) {
      const post = await admin.client.createPost({ channel_id: channel.id, message: `load ${i}` } as never);
      await member.client.addReaction(member.user.id, post.id, 'thumbsup');
    }
    await member.client.getPosts(channel.id, 0, 30);
    await member.client.getMe();
    await member.client.login(member.user.username, PASSWORD);
    await raw(srv.url, 'GET', '/api/v4/no/such/route');
    await srv.parley.hub.drain();
  } finally {
    sock.close();
  }
}

for (const engine of engines()) {
  describe(`dashboards and alerts against a live Prometheus [${engine}]`, () => {
    let srv: TestServer;
    let prom: RunningPrometheus;
    let tmp: string;

    before(async () => {
      assert.ok(prometheusBinary, `prometheus is not on PATH; this test runs a real one. Install it with: ${INSTALL_HINT} (.ci/run does this in CI).`);
      srv = await startTestServer(engine, {}, undefined, { metrics: true });
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-prom-'));
      const target = new URL(srv.parley.metricsUrl!).host;
      prom = await startPrometheus({
        binary: prometheusBinary,
        dir: tmp,
        host: '127.0.0.1',
        port: await freePort(),
        targets: [target],
        scrapeInterval: '1s',
        evaluationInterval: '1s',
        ruleFiles: [ALERT_RULES],
      });
      await scriptedLoad(srv);
      // At least three scrapes after the load, so every rate() window holds two samples of every series.
      const loadEnd = Date.now() / 1000;
      const deadline = Date.now() + 20_000;
      for (;;) {
        const up = await instantQuery(prom.url, 'count_over_time(up{job="parley"}[1m])').catch(() => []);
        const last = await instantQuery(prom.url, 'timestamp(up{job="parley"} == 1)').catch(() => []);
        const lastScrape = Number(last[0]?.value?.[1] ?? 0);
        if (Number(up[0]?.value?.[1] ?? 0) >= 4 && lastScrape >= loadEnd + 2.5) break;
        assert.ok(Date.now() < deadline, `Prometheus did not scrape ${target} in time: ${JSON.stringify(up)} ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    });

    after(async () => {
      await prom?.stop();
      await srv?.close();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    test('the metrics endpoint exposes Mattermost names, Node runtime metrics and bounded labels', async () => {
      const text = await (await fetch(`${srv.parley.metricsUrl}/metrics`)).text();
      for (const name of [
        'mattermost_http_requests_total',
        'mattermost_http_errors_total',
        'mattermost_api_time_bucket',
        'mattermost_db_store_time_bucket',
        'mattermost_http_websockets_total',
        'mattermost_websocket_broadcasts_total',
        'mattermost_websocket_event_total',
        'mattermost_post_total',
        'mattermost_login_logins_total',
        'mattermost_cluster_cluster_event_type_totals',
        'mattermost_cache_mem_hit_total',
        'mattermost_process_cpu_seconds_total',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_heap_size_used_bytes',
        'nodejs_active_handles',
        'parley_users_online',
        'parley_build_info',
      ]) {
        assert.match(text, new RegExp(`^${name}[{ ]`, 'm'), `missing ${name}`);
      }
      assert.match(text, /mattermost_api_time_count\{handler="\/api\/v4\/channels\/:channel_id\/posts",method="GET",status_code="200"/);
      assert.match(text, /mattermost_db_store_time_count\{method="PostStore\.Save",success="true"\}/);
      const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
      // Five posts, plus the system messages of joining the team and channel.
      assert.ok(value('mattermost_post_total') >= 5, `mattermost_post_total ${value('mattermost_post_total')}`);
      assert.equal(value('mattermost_login_logins_fail_total'), 1);
      assert.equal(value('mattermost_login_logins_total'), 3);
      assert.ok(value('mattermost_websocket_event_total{type="user_typing"}') >= 1);
      // No label value is an id or a raw URL: 26-char ids never appear inside a label.
      const labelValues = [...text.matchAll(/="([^"]*)"/g)].map((m) => m[1]!);
      const offenders = labelValues.filter((v) => /\b[a-z0-9]{26}\b/.test(v) || v.includes('?'));
      assert.deepEqual(offenders, []);
      assert.ok(labelValues.includes('unmatched'), 'unknown routes are one label value');
    });

    test('every dashboard expression parses and returns data', async () => {
      const queries = dashboardQueries();
      assert.ok(queries.length >= 40, `expected the three dashboards' queries, found ${queries.length}`);
      const dashboards = new Set(queries.map((q) => q.dashboard));
      for (const d of ['parley-overview.json', 'parley-api-db.json', 'parley-cluster.json']) assert.ok(dashboards.has(d), `no queries from ${d}`);
      const failures: string[] = [];
      for (const q of queries) {
        const expr = substitute(q.expr);
        assert.doesNotMatch(expr, /\$/, `unsubstituted variable in ${q.dashboard} / ${q.panel}`);
        try {
          const result = await instantQuery(prom.url, expr);
          if (result.length === 0) failures.push(`${q.dashboard} / ${q.panel}: no data\n    ${expr}`);
        } catch (err) {
          failures.push(`${q.dashboard} / ${q.panel}: ${(err as Error).message}`);
        }
      }
      assert.deepEqual(failures, [], `${failures.length} of ${queries.length} dashboard queries failed`);
    });

    test('every alert rule loads, evaluates without error and has data behind its threshold', async () => {
      // Let the rule manager evaluate every group once (evaluation interval 1 s).
      await new Promise((r) => setTimeout(r, 1500));
      const res = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as {
        data: { groups: Array<{ file: string; rules: Array<{ name: string; query: string; health: string; lastError?: string; type: string }> }> };
      };
      const rules = res.data.groups.flatMap((g) => g.rules);
      assert.ok(rules.length >= 5, `expected the alert rules of ${ALERT_RULES}, found ${rules.length}`);
      const failures: string[] = [];
      for (const r of rules) {
        if (r.health !== 'ok') failures.push(`${r.name}: health ${r.health} ${r.lastError ?? ''}`);
        const parts = splitComparison(r.query);
        if (!parts || !/^-?[\d.]+(e-?\d+)?$/.test(parts.rhs)) {
          failures.push(`${r.name}: expected "<value> <comparison> <number>", got ${r.query}`);
          continue;
        }
        try {
          await instantQuery(prom.url, r.query); // the alert itself: empty while healthy, but must evaluate
          if ((await instantQuery(prom.url, parts.lhs)).length === 0) failures.push(`${r.name}: its value side returns no data\n    ${parts.lhs}`);
          const asBool = await instantQuery(prom.url, `(${parts.lhs}) ${parts.op} bool ${parts.rhs}`);
          if (asBool.length === 0) failures.push(`${r.name}: no series to compare`);
        } catch (err) {
          failures.push(`${r.name}: ${(err as Error).message}`);
        }
      }
      assert.deepEqual(failures, []);
    });

    test('health: liveness and readiness on the metrics listener', async () => {
      const live = await fetch(`${srv.parley.metricsUrl}/health/live`);
      assert.equal(live.status, 200);
      const ready = await fetch(`${srv.parley.metricsUrl}/health/ready`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'OK', database: 'OK', migrations: 'OK', shutdown: 'NO' });
      const ping = await raw(srv.url, 'GET', '/api/v4/system/ping?get_server_status=true');
      assert.equal(ping.json.database_status, 'OK');
      assert.equal(ping.json.filestore_status, 'OK');
      assert.equal(ping.json.bus_status, 'OK');
      assert.equal(ping.json.status, 'OK');
    });
  });
}
