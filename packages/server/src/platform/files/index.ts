// Picks the FileStore from configuration: S3 when a bucket is configured, else the local directory.
import type { FileStore } from './file-store.js';
import { LocalFileStore } from './local.js';
import { S3FileStore, type S3Options } from './s3.js';

export type FileStoreConfig = { driver: 'local'; directory: string } | ({ driver: 's3' } & S3Options);

export function openFileStore(cfg: FileStoreConfig): FileStore {
  return cfg.driver === 's3' ? new S3FileStore(cfg) : new LocalFileStore(cfg.directory);
}

export type { FileStore } from './file-store.js';
export { FileNotFoundError, checkPath, collect } from './file-store.js';
