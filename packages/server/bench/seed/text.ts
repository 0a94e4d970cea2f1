// Post text: LT's length model (uniform in [1, 2 × 35) words, so 35 on average) over a vocabulary shaped
// like chat: three words in four from a small set of common English words, the rest from 10,000 made-up
// words with a Zipf-like spread, so that full-text search meets both very common and rare terms.
import type { Prng } from './prng.js';

const AVG_WORDS = 35;

const COMMON = (
  'the a to and of in is it you that for on this we be have with are not just can do so my if at but me ' +
  'all was what about up will get like out know there how one now think they when our time new make good ' +
  'see today work team build deploy review merge ship fix bug test release meeting notes lunch tomorrow ' +
  'please thanks great sounds check issue update channel thread message server client design plan idea ' +
  'customer data query cache latency error config branch docs week call sync later yes no maybe done'
).split(' ');

const SYLLABLES = ['ka', 'lo', 'mi', 'ru', 'te', 'sa', 'no', 'vi', 'de', 'po', 'zu', 'ge', 'ha', 'ri', 'bo', 'fe'];
const RARE_COUNT = 10_000;

/** The made-up word number i (two or more syllables, all distinct). */
function rareWord(i: number): string {
  let w = '';
  let n = i + SYLLABLES.length;
  do {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return w;
}

const RARE = Array.from({ length: RARE_COUNT }, (_, i) => rareWord(i));

export function postMessage(r: Prng): string {
  const n = 1 + r.int(2 * AVG_WORDS - 1);
  let s = '';
  for (let i = 0; i < n; i++) {
    const u = r.next();
    // The low 3/4 of u picks a common word, the rest (rescaled and cubed) a made-up one, the lower indices
    // far more often.
    const w = u < 0.75 ? COMMON[Math.floor((u / 0.75) * COMMON.length)]! : RARE[Math.floor(((u - 0.75) / 0.25) ** 3 * RARE_COUNT)]!;
    s = i === 0 ? w : `${s} ${w}`;
  }
  return s;
}
