// Mattermost v11 password hashes: PBKDF2-SHA256 in PHC form, `$pbkdf2$f=SHA256,w=<iter>,l=<len>$<salt>$<hash>`
// with raw (unpadded) std base64, so hashes move between Parley and Mattermost either way.
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
export const DEFAULT_ITERATIONS = 600_000;
const KEY_LENGTH = 32;

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, iterations = DEFAULT_ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  const key = await pbkdf2Async(password, salt, iterations, KEY_LENGTH, 'sha256');
  return `$pbkdf2$f=SHA256,w=${iterations},l=${KEY_LENGTH}$${b64(salt)}$${b64(key)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^\$pbkdf2\$f=SHA256,w=(\d+),l=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
  if (!m) return false;
  const iterations = Number(m[1]);
  const length = Number(m[2]);
  if (iterations < 1 || iterations > 10_000_000 || length < 16 || length > 64) return false;
  const salt = Buffer.from(m[3]!, 'base64');
  const expected = Buffer.from(m[4]!, 'base64');
  if (expected.length !== length) return false;
  const key = await pbkdf2Async(password, salt, iterations, length, 'sha256');
  return timingSafeEqual(key, expected);
}
