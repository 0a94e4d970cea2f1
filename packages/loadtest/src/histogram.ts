// A log-linear histogram in the HDR style (64 linear sub-buckets per power of two, so any recorded value is
// kept to within ~1.6 %). hdr-histogram-js is not in the lockfile and installs are off-limits here; this
// needs no dependency, merges by adding arrays and costs ~6 KB per instance.
const SUB_BITS = 6;
const SUB = 1 << SUB_BITS;
const OCTAVES = 32;

export class Histogram {
  private readonly counts = new Float64Array(OCTAVES * SUB);
  count = 0;
  sum = 0;
  max = 0;

  /** Records a value in microseconds (any non-negative number; fractions are dropped). */
  record(us: number): void {
    const v = Math.max(0, Math.floor(us));
    this.counts[Histogram.index(v)]! += 1;
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
  }

  private static index(v: number): number {
    if (v < SUB) return v;
    const octave = Math.min(OCTAVES - 1, 31 - Math.clz32(v) - SUB_BITS + 1);
    const sub = Math.min(SUB - 1, Math.floor(v / 2 ** (octave - 1)) - SUB);
    return octave * SUB + sub;
  }

  /** Upper edge of a bucket, so percentiles never understate latency. */
  private static upper(i: number): number {
    const octave = Math.floor(i / SUB);
    const sub = i % SUB;
    if (octave === 0) return sub;
    return (SUB + sub + 1) * 2 ** (octave - 1) - 1;
  }

  percentile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((q / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, Histogram.upper(i));
    }
    return this.max;
  }

  mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  add(other: Histogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
  }

  reset(): void {
    this.counts.fill(0);
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
