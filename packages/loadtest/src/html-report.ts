// A self-contained HTML report: inline SVG line charts, no scripts or external assets, so it can be
// attached to an issue or archived with the JSON and still open anywhere.
import type { Report, Sample } from './run.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd'];

interface Series {
  name: string;
  values: (number | null)[];
}

function chart(title: string, unit: string, t: number[], series: Series[]): string {
  const W = 640;
  const H = 200;
  const pad = { l: 50, r: 10, t: 24, b: 24 };
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const maxY = Math.max(1, ...all) * 1.1;
  const maxT = Math.max(1, ...t);
  const x = (v: number) => pad.l + (v / maxT) * (W - pad.l - pad.r);
  const y = (v: number) => H - pad.b - (v / maxY) * (H - pad.t - pad.b);
  const lines = series
    .map((s, i) => {
      const pts = s.values.map((v, j) => (v === null ? null : `${x(t[j]!).toFixed(1)},${y(v).toFixed(1)}`)).filter((p): p is string => p !== null);
      return `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5" points="${pts.join(' ')}"/>`;
    })
    .join('');
  const legend = series.map((s, i) => `<tspan fill="${COLORS[i % COLORS.length]}">■ ${esc(s.name)}</tspan>`).join(' ');
  const ticks = [0, 0.5, 1]
    .map((f) => `<text x="${pad.l - 4}" y="${y(maxY * f) + 4}" text-anchor="end">${(maxY * f).toFixed(maxY * f < 10 ? 1 : 0)}</text>`)
    .join('');
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-size="11" font-family="sans-serif">
<text x="${pad.l}" y="14" font-weight="bold">${esc(title)} (${esc(unit)})</text><text x="${W - pad.r}" y="14" text-anchor="end">${legend}</text>
<line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#999"/><line x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}" stroke="#999"/>
${ticks}<text x="${W - pad.r}" y="${H - 6}" text-anchor="end">${maxT.toFixed(0)} s</text>${lines}</svg></figure>`;
}

const col = (samples: Sample[], f: (s: Sample) => number | null) => samples.map(f);

export function renderHtml(r: Report): string {
  const s = r.samples;
  const t = s.map((x) => x.t);
  const rows = Object.entries(r.client.actions)
    .map(([name, a]) => `<tr><td>${esc(name)}</td><td>${a.n}</td><td>${a.avgMs}</td><td>${a.p50Ms}</td><td>${a.p95Ms}</td><td>${a.p99Ms}</td><td>${a.errors}</td></tr>`)
    .join('');
  const e = r.client.errors;
  const headline = r.capacity
    ? `<p class="big">Supported users: <b>${r.capacity.supportedUsers}</b>${r.speed !== 1 ? ` at speed ×${r.speed} (the action rate of ≈ ${r.capacity.equivalentUsersAtSpeed1} users at Mattermost's think time, with ${r.capacity.supportedUsers} sessions)` : ''} — ${esc(r.capacity.reason)}</p>`
    : `<p class="big">Bounded run: <b>${r.users.peak}</b> users for ${r.durationSec} s</p>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Parley load test ${esc(r.startedAt)}</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.big{font-size:1.3em}figure{margin:1em 0}</style></head><body>
<h1>Parley load test — ${esc(r.kind)}</h1>${headline}
<p>${esc(r.target)}${r.embedded ? ' (embedded)' : ''}; profile ${esc(r.profile)}, speed ×${r.speed}; dataset ${esc(r.dataset.tier)}; ${r.environment.cpus} × ${esc(r.environment.cpuModel)}, Node ${esc(r.environment.node)}; ${esc(r.environment.note)}. Started ${esc(r.startedAt)}.</p>
<p>${r.throughput.actionsPerSec} actions/s, ${r.throughput.httpReqPerSec} HTTP req/s (${r.throughput.httpReqPerUserPerMin} per user per minute). HTTP latency avg ${r.client.http.avgMs} ms, p50 ${r.client.http.p50Ms}, p95 ${r.client.http.p95Ms}, p99 ${r.client.http.p99Ms}. WebSocket posted delivery p50 ${r.client.wsPostedDelivery.p50Ms} ms, p99 ${r.client.wsPostedDelivery.p99Ms} ms.
Errors: 4xx ${e.http4xx}, 5xx ${e.http5xx}, network ${e.network}, timeouts ${e.timeouts}, WebSocket drops ${e.websocket}.
${r.server ? `Server CPU avg ${r.server.cpuPctAvg} % (max ${r.server.cpuPctMax} %) of one core, RSS max ${r.server.rssMbMax} MB.` : ''} Generator ${r.generator.cpuMsPerUserPerSec} ms CPU per user per second.</p>
${chart('Active users', 'users', t, [{ name: 'users', values: col(s, (x) => x.users) }])}
${chart('Client HTTP latency', 'ms', t, [
  { name: 'avg', values: col(s, (x) => x.avgMs) },
  { name: 'p99', values: col(s, (x) => x.p99Ms) },
])}
${chart('Throughput', 'per second', t, [
  { name: 'HTTP req/s', values: col(s, (x) => x.reqPerSec) },
  { name: 'actions/s', values: col(s, (x) => x.actionsPerSec) },
])}
${chart('Errors and timeouts', 'per sample', t, [
  { name: 'errors', values: col(s, (x) => x.errors) },
  { name: 'timeouts', values: col(s, (x) => x.timeouts) },
])}
${chart('Server CPU and generator CPU', '% of one core', t, [
  { name: 'server', values: col(s, (x) => x.serverCpuPct) },
  { name: 'generator', values: col(s, (x) => x.generatorCpuPct) },
])}
${chart('Server RSS', 'MB', t, [{ name: 'RSS', values: col(s, (x) => x.serverRssMb) }])}
<h2>Per action</h2><table><tr><th>action</th><th>n</th><th>avg ms</th><th>p50</th><th>p95</th><th>p99</th><th>errors</th></tr>${rows}</table>
</body></html>
`;
}
