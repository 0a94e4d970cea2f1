// The default FileStore: a directory (PARLEY_DATA_DIR/files). Writes go to a temp name and are renamed,
// so a reader never sees half a file and a failed upload leaves nothing behind.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '../ids.js';
import { checkPath, collect, FileNotFoundError, type FileStore } from './file-store.js';

export class LocalFileStore implements FileStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private resolve(p: string): string {
    const full = path.resolve(this.root, checkPath(p));
    if (!full.startsWith(this.root + path.sep)) throw new Error(`unsafe file path: ${JSON.stringify(p)}`);
    return full;
  }

  async write(p: string, data: Readable | Buffer): Promise<number> {
    const full = this.resolve(p);
    await fsp.mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.${newId()}.tmp`;
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(Buffer.isBuffer(data) ? Readable.from([data]) : data, count, fs.createWriteStream(tmp, { flags: 'wx' }));
      await fsp.rename(tmp, full);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    return bytes;
  }

  async read(p: string): Promise<Readable> {
    const full = this.resolve(p);
    try {
      const handle = await fsp.open(full, 'r');
      return handle.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(p);
      throw err;
    }
  }

  async readAll(p: string): Promise<Buffer> {
    return collect(await this.read(p));
  }

  async exists(p: string): Promise<boolean> {
    try {
      await fsp.access(this.resolve(p));
      return true;
    } catch {
      return false;
    }
  }

  async remove(p: string): Promise<void> {
    await fsp.rm(this.resolve(p), { force: true });
  }
}
