// Server-side figures for a remote target, read from Parley's Prometheus endpoints (one per node):
// CPU from process_cpu_seconds_total as the mean per node in % of one core (a node is one Node process,
// so 85 % means the same on one node as on five), RSS summed, and the worst node's event-loop lag p99
// (prom-client measures it between scrapes and resets it at each scrape).

/** Sums of the samples of each metric name in a Prometheus text exposition (labels ignored). */
export function parsePrometheusText(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const v = Number(m[3]);
    if (!Number.isFinite(v)) continue;
    out.set(m[1]!, (out.get(m[1]!) ?? 0) + v);
  }
  return out;
}

export interface ServerReading {
  cpuPct: number | null;
  rssMb: number | null;
  eventLoopP99Ms: number | null;
}

export class MetricsScraper {
  private last: { cpu: number; at: number } | null = null;

  constructor(private readonly urls: readonly string[]) {}

  private async scrape(url: string): Promise<Map<string, number> | null> {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      if (!res.ok) return null;
      return parsePrometheusText(await res.text());
    } catch {
      return null;
    }
  }

  /** One reading across all nodes; CPU is the rate since the previous reading (null on the first). */
  async read(): Promise<ServerReading> {
    const all = (await Promise.all(this.urls.map((u) => this.scrape(u)))).filter((m): m is Map<string, number> => m !== null);
    if (all.length === 0) return { cpuPct: null, rssMb: null, eventLoopP99Ms: null };
    // Parley exports Mattermost's names (mattermost_process_*) next to prom-client's defaults.
    const pick = (m: Map<string, number>, name: string) => m.get(`mattermost_${name}`) ?? m.get(name) ?? 0;
    const cpu = all.reduce((s, m) => s + pick(m, 'process_cpu_seconds_total'), 0);
    const rss = all.reduce((s, m) => s + pick(m, 'process_resident_memory_bytes'), 0);
    const lags = all.map((m) => m.get('nodejs_eventloop_lag_p99_seconds')).filter((v): v is number => v !== undefined);
    const now = { cpu, at: performance.now() };
    const prev = this.last;
    this.last = now;
    return {
      cpuPct: prev ? Math.round(((100 * (now.cpu - prev.cpu)) / Math.max(0.001, (now.at - prev.at) / 1000) / all.length) * 10) / 10 : null,
      rssMb: Math.round(rss / 1024 / 1024),
      eventLoopP99Ms: lags.length > 0 ? Math.round(Math.max(...lags) * 1000 * 100) / 100 : null,
    };
  }
}
