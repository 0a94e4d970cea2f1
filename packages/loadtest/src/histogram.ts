// Latency histograms on hdr-histogram-js (3 significant digits, so a recorded value is kept to within
// 0.1 %), with the few operations the load test needs. Values are microseconds.
import * as hdr from 'hdr-histogram-js';

export class Histogram {
  private readonly h = hdr.build({ numberOfSignificantValueDigits: 3 });
  count = 0;
  sum = 0;
  max = 0;

  /** Records a value in microseconds (any non-negative number; fractions are dropped). */
  record(us: number): void {
    const v = Math.max(0, Math.floor(us));
    this.h.recordValue(v);
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
  }

  /** The value at percentile q (0–100): the upper edge of its bucket, so latency is never understated, capped at the largest value seen. */
  percentile(q: number): number {
    if (this.count === 0) return 0;
    return Math.min(this.max, this.h.getValueAtPercentile(q));
  }

  mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  add(other: Histogram): void {
    this.h.add(other.h);
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
  }

  reset(): void {
    this.h.reset();
    this.count = 0;
    this.sum = 0;
    this.max = 0;
  }
}

export interface LatencySummary {
  n: number;
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

const ms = (us: number) => Math.round(us / 100) / 10;

export function summarize(h: Histogram): LatencySummary {
  return { n: h.count, avgMs: ms(h.mean()), p50Ms: ms(h.percentile(50)), p95Ms: ms(h.percentile(95)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
}
