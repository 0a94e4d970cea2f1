// The FileStore contract, run against the local directory driver and the S3 driver on a real s3rver.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { checkPath, collect, FileNotFoundError, type FileStore } from '../../src/platform/files/file-store.js';
import { LocalFileStore } from '../../src/platform/files/local.js';
import { S3FileStore } from '../../src/platform/files/s3.js';

describe('checkPath', () => {
  it('accepts relative keys and rejects escapes', () => {
    assert.equal(checkPath('20240101/channels/a/data'), '20240101/channels/a/data');
    for (const bad of ['', '../x', 'a/../b', '/etc/passwd', 'a//b', 'a/./b', 'a\\b', 'C:/x', 'a\0b', 'a/', '..']) {
      assert.throws(() => checkPath(bad), /unsafe/, bad);
    }
  });
});

type Driver = { name: string; open: () => Promise<{ store: FileStore; close: () => Promise<void> }> };

const drivers: Driver[] = [
  {
    name: 'local',
    open: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-files-'));
      return { store: new LocalFileStore(dir), close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 's3 (s3rver)',
    open: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-s3-'));
      const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'parley' }] });
      const { port } = await server.run();
      const store = new S3FileStore({ bucket: 'parley', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
      return {
        store,
        close: async () => {
          store.close();
          await server.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

for (const driver of drivers) {
  describe(`FileStore [${driver.name}]`, () => {
    let store: FileStore;
    let close: () => Promise<void>;
    before(async () => ({ store, close } = await driver.open()));
    after(() => close());

    it('writes buffers and streams, reads them back, removes them', async () => {
      assert.equal(await store.write('a/b/small', Buffer.from('hello')), 5);
      assert.equal((await store.readAll('a/b/small')).toString(), 'hello');
      // Larger than one S3 multipart part (5 MiB), streamed in chunks.
      const chunk = Buffer.alloc(1024 * 1024, 7);
      const n = await store.write('a/big', Readable.from((function* () { for (let i = 0; i < 6; i++) yield chunk; })()));
      assert.equal(n, 6 * 1024 * 1024);
      const back = await collect(await store.read('a/big'));
      assert.equal(back.length, n);
      assert.ok(await store.exists('a/big'));
      await store.remove('a/big');
      assert.equal(await store.exists('a/big'), false);
      await store.remove('a/big');
      await assert.rejects(store.read('a/big'), FileNotFoundError);
    });

    it('refuses unsafe paths', async () => {
      await assert.rejects(store.write('../escape', Buffer.from('x')), /unsafe/);
      await assert.rejects(store.read('/etc/passwd'), /unsafe/);
    });

    it('leaves nothing behind when the source stream fails', async () => {
      const failing = new Readable({ read() { this.destroy(new Error('client went away')); } });
      await assert.rejects(store.write('a/failed', failing));
      assert.equal(await store.exists('a/failed'), false);
    });
  });
}
