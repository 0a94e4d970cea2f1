// The generated default avatar: a solid PNG whose colour is derived from the user id, so each user is
// recognisable before they upload a picture. Encoded by hand with zlib to avoid an image dependency.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const cache = new Map<string, Buffer>();

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function defaultProfileImage(userId: string, username: string): Buffer {
  const hit = cache.get(userId);
  if (hit) return hit;
  const h = createHash('sha1').update(userId + username).digest();
  // Mid-range colours so white text (drawn by clients over it) stays readable.
  const [r, g, b] = [64 + (h[0]! % 128), 64 + (h[1]! % 128), 64 + (h[2]! % 128)];
  const row = Buffer.alloc(1 + SIZE * 3);
  for (let x = 0; x < SIZE; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: SIZE }, () => row));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  if (cache.size > 10_000) cache.clear();
  cache.set(userId, png);
  return png;
}
