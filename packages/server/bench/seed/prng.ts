// Deterministic randomness for the seeder. Each part of the dataset draws from its own stream, derived from
// the run's seed and a label, so that a channel's posts are the same whatever order channels are built in.
// xoshiro128** with 128 bits of state: tens of thousands of streams of a million draws each must not overlap
// (a 32-bit generator such as mulberry32 is one cycle of 2^32, and such streams did overlap: duplicate ids).
import { encodeId } from '../../src/platform/ids.js';

/** splitmix32: spreads one 32-bit value over a well-mixed sequence, for seeding. */
function splitmix(x: number): () => number {
  let s = x >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: number | string): number {
  if (typeof label === 'number') return label >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private readonly bytes = new Uint8Array(16);

  /** A stream from a seed; `path` names a sub-stream (see fork). */
  constructor(
    private readonly seed: number,
    private readonly path: readonly number[] = [],
  ) {
    const a = splitmix(seed);
    let s = [a(), a(), a(), a()];
    for (const p of path) {
      const b = splitmix(p ^ s[0]!);
      s = s.map((v) => (v ^ b()) >>> 0);
    }
    if (!s.some((v) => v !== 0)) s[0] = 1;
    [this.s0, this.s1, this.s2, this.s3] = s as [number, number, number, number];
  }

  /** A stream of its own for `label`, independent of how much this one has been drawn from. */
  fork(label: number | string): Prng {
    return new Prng(this.seed, [...this.path, hashLabel(label)]);
  }

  /** 32 random bits (xoshiro128**). */
  next32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.next32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  pick<T>(xs: ArrayLike<T>): T {
    return xs[this.int(xs.length)]!;
  }

  /** A Mattermost-style id (26 characters of base32 over 16 random bytes), from this stream. */
  id(): string {
    const b = this.bytes;
    for (let i = 0; i < 16; i += 4) {
      const v = this.next32();
      b[i] = v >>> 24;
      b[i + 1] = (v >>> 16) & 255;
      b[i + 2] = (v >>> 8) & 255;
      b[i + 3] = v & 255;
    }
    return encodeId(b);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
