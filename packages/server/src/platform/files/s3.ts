// FileStore on S3 or any S3-compatible server (path-style addressing, as MinIO and s3rver need).
// Uploads stream through lib-storage's multipart Upload, so a large file is never held in memory.
import { Readable, Transform } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checkPath, collect, FileNotFoundError, type FileStore } from './file-store.js';

export interface S3Options {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

function isNotFound(err: unknown): boolean {
  return err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);
}

export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly opts: S3Options) {
    this.client = new S3Client({
      region: opts.region,
      forcePathStyle: true,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(opts.accessKeyId && opts.secretAccessKey ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } } : {}),
    });
  }

  async write(p: string, data: Readable | Buffer): Promise<number> {
    let bytes = 0;
    let body: Readable | Buffer = data;
    if (!Buffer.isBuffer(data)) {
      // Counting in a Transform rather than a 'data' listener, which would start the flow before Upload reads.
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      data.on('error', (err) => counter.destroy(err));
      body = data.pipe(counter);
    }
    await new Upload({ client: this.client, params: { Bucket: this.opts.bucket, Key: checkPath(p), Body: body } }).done();
    return Buffer.isBuffer(data) ? data.length : bytes;
  }

  async read(p: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: checkPath(p) }));
      if (!(out.Body instanceof Readable)) throw new Error('S3 returned no stream');
      return out.Body;
    } catch (err) {
      if (isNotFound(err)) throw new FileNotFoundError(p);
      throw err;
    }
  }

  async readAll(p: string): Promise<Buffer> {
    return collect(await this.read(p));
  }

  async exists(p: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: checkPath(p) }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async remove(p: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: checkPath(p) }));
  }

  close(): void {
    this.client.destroy();
  }
}
