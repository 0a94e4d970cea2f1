// `npm run monitoring`: a local Prometheus scraping the running Parley node(s) with the alert rules from
// deploy/prometheus, and Grafana with deploy/grafana's provisioning when Grafana is installed. Nothing to
// configure by hand; stop with Ctrl-C.
//   PARLEY_METRICS_TARGETS    host:port list of metrics listeners (default 127.0.0.1:8067)
//   PARLEY_MONITORING_DIR     configuration, data and logs (default ./data/monitoring)
//   PARLEY_PROMETHEUS_LISTEN  default 127.0.0.1:9090 (the next free port if taken)
//   PARLEY_GRAFANA_LISTEN     default 127.0.0.1:3000 (the next free port if taken)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ALERT_RULES,
  DASHBOARDS_DIR,
  findExecutable,
  GRAFANA_PROVISIONING,
  INSTALL_HINT,
  portIsFree,
  startPrometheus,
  tail,
  type RunningPrometheus,
} from './prometheus.js';

const env = process.env;
const targets = (env.PARLEY_METRICS_TARGETS || '127.0.0.1:8067').split(/[\s,]+/).filter(Boolean);
const dir = path.resolve(env.PARLEY_MONITORING_DIR || 'data/monitoring');

function splitListen(value: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(value);
  if (!m) throw new Error(`expected host:port, got "${value}"`);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}

/** The requested address, or (when it was only the default) the next free port after it. */
async function pickListen(explicit: string | undefined, fallback: string): Promise<{ host: string; port: number }> {
  const want = splitListen(explicit || fallback);
  if (explicit) return want;
  for (let port = want.port; port < want.port + 50; port++) if (await portIsFree(want.host, port)) return { ...want, port };
  throw new Error(`no free port near ${fallback}`);
}

const prometheusBinary = findExecutable('prometheus');
if (!prometheusBinary) {
  console.error(`Prometheus is not installed. Install it with:\n\n  ${INSTALL_HINT}\n`);
  process.exit(1);
}

const children: ChildProcess[] = [];
const running: { prometheus?: RunningPrometheus } = {};
let stopping = false;
async function shutdown(code: number): Promise<never> {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await running.prometheus?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const promListen = await pickListen(env.PARLEY_PROMETHEUS_LISTEN, '127.0.0.1:9090');
const promDir = path.join(dir, 'prometheus');
const prometheus = await startPrometheus({
  binary: prometheusBinary,
  dir: promDir,
  ...promListen,
  targets,
  scrapeInterval: '5s',
  evaluationInterval: '15s',
  ruleFiles: [ALERT_RULES],
});
running.prometheus = prometheus;
prometheus.process.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`Prometheus stopped (${signal ?? code}). Last lines of ${path.join(promDir, 'prometheus.log')}:\n${tail(path.join(promDir, 'prometheus.log'))}`);
  void shutdown(1);
});
console.log(`Prometheus  ${prometheus.url}  (config ${path.join(promDir, 'prometheus.yml')}, data ${path.join(promDir, 'data')})`);

// Report each target once it has been scraped, so a Parley that is not running is obvious at once.
async function reportTargets(promUrl: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_000));
    const res = await fetch(`${promUrl}/api/v1/targets`).catch(() => null);
    if (!res?.ok) continue;
    const body = (await res.json()) as { data: { activeTargets: Array<{ scrapeUrl: string; health: string; lastError: string }> } };
    const active = body.data.activeTargets;
    if (active.length === 0 || active.some((t) => t.health === 'unknown')) continue;
    for (const t of active) {
      if (t.health === 'up') console.log(`  scraping  ${t.scrapeUrl}  up`);
      else console.log(`  scraping  ${t.scrapeUrl}  DOWN: ${t.lastError} (is Parley running, with PARLEY_METRICS_LISTEN on?)`);
    }
    return;
  }
}

function findGrafana(): { command: string; args: string[]; home: string } | null {
  const home = [env.GRAFANA_HOME, '/usr/share/grafana', '/usr/local/share/grafana', '/opt/homebrew/share/grafana'].find(
    (d): d is string => !!d && fs.existsSync(path.join(d, 'conf/defaults.ini')),
  );
  if (!home) return null;
  // Grafana 10+ ships `grafana server`; older packages only `grafana-server`.
  const grafana = findExecutable('grafana');
  if (grafana) return { command: grafana, args: ['server'], home };
  const legacy = findExecutable('grafana-server');
  if (legacy) return { command: legacy, args: [], home };
  return null;
}

const grafana = findGrafana();
if (grafana) {
  const listen = await pickListen(env.PARLEY_GRAFANA_LISTEN, '127.0.0.1:3000');
  const gDir = path.join(dir, 'grafana');
  for (const sub of ['data', 'logs', 'plugins']) fs.mkdirSync(path.join(gDir, sub), { recursive: true });
  const ini = path.join(gDir, 'grafana.ini');
  fs.writeFileSync(
    ini,
    [
      '; Generated by npm run monitoring; edits are overwritten.',
      '[paths]',
      `data = ${path.join(gDir, 'data')}`,
      `logs = ${path.join(gDir, 'logs')}`,
      `plugins = ${path.join(gDir, 'plugins')}`,
      `provisioning = ${GRAFANA_PROVISIONING}`,
      '[server]',
      `http_addr = ${listen.host}`,
      `http_port = ${listen.port}`,
      '[auth.anonymous]',
      'enabled = true',
      'org_role = Admin',
      '[analytics]',
      'reporting_enabled = false',
      'check_for_updates = false',
      '[dashboards]',
      `default_home_dashboard_path = ${path.join(DASHBOARDS_DIR, 'parley-overview.json')}`,
      '',
    ].join('\n'),
  );
  const log = fs.openSync(path.join(gDir, 'grafana.log'), 'a');
  const child = spawn(grafana.command, [...grafana.args, `--homepath=${grafana.home}`, `--config=${ini}`], {
    stdio: ['ignore', log, log],
    // The provisioning files read these (deploy/grafana/provisioning/*).
    env: { ...env, PROMETHEUS_URL: prometheus.url, PARLEY_DASHBOARDS_DIR: DASHBOARDS_DIR },
  });
  fs.closeSync(log);
  children.push(child);
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`Grafana stopped (${signal ?? code}); see ${path.join(gDir, 'grafana.log')}`);
  });
  console.log(`Grafana     http://${listen.host}:${listen.port}  (dashboards in folder "Parley"; log ${path.join(gDir, 'grafana.log')})`);
} else {
  console.log('Grafana     not installed; Prometheus alone is running. Dashboards: deploy/grafana/dashboards (see docs/OBSERVABILITY.md),');
  console.log('            or run Prometheus and Grafana in containers: docker compose -f deploy/docker/compose.monitoring.yml up');
}
await reportTargets(prometheus.url);
console.log('Ctrl-C stops monitoring.');
