// Injected wherever time matters so tests can assert on timestamps deterministically.
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
