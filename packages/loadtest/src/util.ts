export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs fn over items with at most `limit` in flight; rejects on the first failure. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const chunks = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

/** Small seeded PRNG (mulberry32) so a dataset is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(xs: readonly T[], r: () => number = Math.random): T => xs[Math.floor(r() * xs.length)]!;

const WORDS = 'the a chat server load test message team channel thread reply post user status deploy build review merge ship fix bug idea meeting notes lunch today tomorrow please thanks great sounds good check this out'.split(' ');

/** Uniform length in [1, 2 * avg), as LT's genMessage. */
export function message(avgWords: number, r: () => number = Math.random): string {
  const n = 1 + Math.floor(r() * (2 * avgWords - 1));
  return Array.from({ length: n }, () => pick(WORDS, r)).join(' ');
}
