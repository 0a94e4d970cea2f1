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

/** Where server-side figures of a remote target come from: its nodes' /metrics, or a Prometheus scraping them. */
export interface ServerSource {
  read(): Promise<ServerReading>;
}

export class MetricsScraper implements ServerSource {
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

/**
 * The same figures asked of a Prometheus server that scrapes the deployment (its HTTP query API), as
 * Mattermost's coordinator does: CPU as the mean per node between the last two scrapes, RSS summed, the worst
 * node's event-loop lag. Parley's own series names are tried first, prom-client's defaults after.
 */
export const PROMQL = {
  // irate (the last two scrapes), as LT's coordinator asks for CPU: rate() over a window the series does not
  // fill yet divides by the whole window and reads low at the start of a run.
  cpuPct: '100 * avg(irate(mattermost_process_cpu_seconds_total[1m]) or irate(process_cpu_seconds_total[1m]))',
  rssBytes: 'sum(mattermost_process_resident_memory_bytes or process_resident_memory_bytes)',
  eventLoopP99Seconds: 'max(nodejs_eventloop_lag_p99_seconds)',
} as const;

export class PrometheusQuery implements ServerSource {
  constructor(private readonly baseUrl: string) {}

  /** The first sample of an instant query's vector, or null (no data yet, or Prometheus unreachable). */
  async query(promql: string): Promise<number | null> {
    try {
      const res = await fetch(`${this.baseUrl.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(promql)}`, { signal: AbortSignal.timeout(3_000) });
      if (!res.ok) return null;
      const body = (await res.json()) as { status?: string; data?: { resultType?: string; result?: { value?: [number, string] }[] } };
      const raw = body.status === 'success' && body.data?.resultType === 'vector' ? body.data.result?.[0]?.value?.[1] : undefined;
      const v = raw === undefined ? NaN : Number(raw);
      return Number.isFinite(v) ? v : null;
    } catch {
      return null;
    }
  }

  async read(): Promise<ServerReading> {
    const [cpu, rss, lag] = await Promise.all([this.query(PROMQL.cpuPct), this.query(PROMQL.rssBytes), this.query(PROMQL.eventLoopP99Seconds)]);
    return {
      cpuPct: cpu === null ? null : Math.round(cpu * 10) / 10,
      rssMb: rss === null ? null : Math.round(rss / 1024 / 1024),
      eventLoopP99Ms: lag === null ? null : Math.round(lag * 1000 * 100) / 100,
    };
  }
}
