// Client-side measurements, kept twice: cumulative (the final summary) and per window (the coordinator's
// feedback loop, which must react to the last few seconds, not the whole run).
import { Histogram, summarize, type LatencySummary } from './histogram.js';

export class Counters {
  readonly http = new Histogram();
  readonly delivery = new Histogram();
  readonly actions = new Map<string, Histogram>();
  readonly actionErrors = new Map<string, number>();
  requests = 0;
  errors4xx = 0;
  errors5xx = 0;
  networkErrors = 0;
  timeouts = 0;
  wsConnects = 0;
  wsErrors = 0;
  readonly errorsByRoute = new Map<string, number>();

  action(name: string): Histogram {
    let h = this.actions.get(name);
    if (!h) {
      h = new Histogram();
      this.actions.set(name, h);
    }
    return h;
  }

  reset(): void {
    this.http.reset();
    this.delivery.reset();
    this.actions.clear();
    this.actionErrors.clear();
    this.errorsByRoute.clear();
    this.requests = this.errors4xx = this.errors5xx = this.networkErrors = this.timeouts = this.wsConnects = this.wsErrors = 0;
  }
}

export type Outcome = { kind: 'ok' } | { kind: 'status'; status: number } | { kind: 'timeout' } | { kind: 'network' };

export class Metrics {
  readonly total = new Counters();
  readonly window = new Counters();
  private readonly both = [this.total, this.window];

  request(route: string, us: number, outcome: Outcome): void {
    for (const c of this.both) {
      c.requests++;
      if (outcome.kind !== 'timeout') c.http.record(us);
      if (outcome.kind === 'ok') continue;
      const key = outcome.kind === 'status' ? `${outcome.status} ${route}` : `${outcome.kind} ${route}`;
      c.errorsByRoute.set(key, (c.errorsByRoute.get(key) ?? 0) + 1);
      if (outcome.kind === 'timeout') c.timeouts++;
      else if (outcome.kind === 'network') c.networkErrors++;
      else if (outcome.status >= 500) c.errors5xx++;
      else c.errors4xx++;
    }
  }

  action(name: string, us: number, failed: boolean): void {
    for (const c of this.both) {
      c.action(name).record(us);
      if (failed) c.actionErrors.set(name, (c.actionErrors.get(name) ?? 0) + 1);
    }
  }

  delivered(us: number): void {
    for (const c of this.both) c.delivery.record(us);
  }

  wsConnected(): void {
    for (const c of this.both) c.wsConnects++;
  }

  wsError(): void {
    for (const c of this.both) c.wsErrors++;
  }
}

export interface CountersSummary {
  requests: number;
  http: LatencySummary;
  errors: { http4xx: number; http5xx: number; network: number; timeouts: number; websocket: number; byRoute: Record<string, number> };
  actions: Record<string, LatencySummary & { errors: number }>;
  wsPostedDelivery: LatencySummary;
  wsConnects: number;
}

export function summarizeCounters(c: Counters): CountersSummary {
  const actions: CountersSummary['actions'] = {};
  for (const [name, h] of [...c.actions].sort((a, b) => b[1].count - a[1].count)) actions[name] = { ...summarize(h), errors: c.actionErrors.get(name) ?? 0 };
  return {
    requests: c.requests,
    http: summarize(c.http),
    errors: { http4xx: c.errors4xx, http5xx: c.errors5xx, network: c.networkErrors, timeouts: c.timeouts, websocket: c.wsErrors, byRoute: Object.fromEntries(c.errorsByRoute) },
    actions,
    wsPostedDelivery: summarize(c.delivery),
    wsConnects: c.wsConnects,
  };
}
