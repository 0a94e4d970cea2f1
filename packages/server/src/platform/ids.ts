// Mattermost ids: 16 random bytes in base32 with Mattermost's alphabet, no padding → 26 chars.
// Clients validate ids by length and character set, so the exact encoding matters.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

export function encodeId(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export function newId(): string {
  return encodeId(randomBytes(16));
}

const ID_RE = /^[a-z0-9]{26}$/;
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_RE.test(value);
}
