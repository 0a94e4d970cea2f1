// Where uploaded bytes live. Paths are relative, '/'-separated keys chosen by the server; the checks here
// are the last line of defence should a user-supplied name ever reach one.
import type { Readable } from 'node:stream';

export interface FileStore {
  /** Streams data to path (replacing what is there); resolves with the number of bytes written. */
  write(path: string, data: Readable | Buffer): Promise<number>;
  /** A stream of the file; rejects with FileNotFoundError when absent. */
  read(path: string): Promise<Readable>;
  /** Whole file in memory (small files: images being resized, emoji). */
  readAll(path: string): Promise<Buffer>;
  exists(path: string): Promise<boolean>;
  /** No error when absent. */
  remove(path: string): Promise<void>;
}

export class FileNotFoundError extends Error {
  constructor(path: string) {
    super(`file not found: ${path}`);
  }
}

/** Rejects anything that could leave the store's root: '..', absolute paths, backslashes, NUL, empty parts. */
export function checkPath(path: string): string {
  if (
    path === '' ||
    path.length > 1024 ||
    path.includes('\0') ||
    path.includes('\\') ||
    path.startsWith('/') ||
    /^[A-Za-z]:/.test(path) ||
    path.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`unsafe file path: ${JSON.stringify(path)}`);
  }
  return path;
}

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
