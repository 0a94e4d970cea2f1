// The web client's static serving: SPA fallback, caching, security headers, the JSON 404 kept for /api,
// and a helpful page (not a crash) when the client has not been built.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expectAppError, raw, startTestServer, type TestServer } from '../harness.js';
import { resolveWebDir } from '../../src/api4/web-client.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

/** Starts a server whose web client lives in `dir` (PARLEY_WEB_DIR is read when routes are registered). */
async function startWith(dir: string): Promise<TestServer> {
  const before = process.env.PARLEY_WEB_DIR;
  process.env.PARLEY_WEB_DIR = dir;
  try {
    return await startTestServer('sqlite');
  } finally {
    if (before === undefined) delete process.env.PARLEY_WEB_DIR;
    else process.env.PARLEY_WEB_DIR = before;
  }
}

/** A GET with the path sent exactly as written (fetch would normalise dot segments away). */
function rawGet(url: string, pathname: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: pathname, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web client serving', () => {
  let srv: TestServer;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("parley");\n');
    fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    srv = await startWith(dir);
  });
  after(async () => {
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache and safe headers', async () => {
    const res = await fetch(`${srv.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(await res.text(), INDEX);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    assert.equal(scriptSrc, "script-src 'self'", 'inline scripts are forbidden');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /object-src 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  });

  it('falls back to index.html for client routes', async () => {
    for (const p of ['/myteam', '/myteam/channels/town-square', '/some/deep/path?x=1']) {
      const res = await fetch(srv.url + p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers.get('cache-control'), 'no-cache', p);
      assert.equal(await res.text(), INDEX, p);
    }
  });

  it('caches hashed assets for good and other files briefly', async () => {
    const asset = await fetch(`${srv.url}/assets/index-abc123.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.match(asset.headers.get('cache-control') ?? '', /max-age=31536000/);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(asset.headers.get('x-content-type-options'), 'nosniff');
    const icon = await fetch(`${srv.url}/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('cache-control') ?? '', /max-age=3600/);
    assert.doesNotMatch(icon.headers.get('cache-control') ?? '', /immutable/);
  });

  it('answers a missing asset with 404 rather than the page', async () => {
    const res = await fetch(`${srv.url}/assets/gone-000000.js`);
    assert.equal(res.status, 404);
    assert.notEqual(await res.text(), INDEX);
  });

  it('keeps unknown /api/v4 paths a JSON 404 in Mattermost shape', async () => {
    const res = await raw(srv.url, 'GET', '/api/v4/no/such/route');
    expectAppError(res, 404, 'api.context.404.app_error');
    assert.equal(res.headers.get('content-type'), 'application/json');
    const bare = await raw(srv.url, 'GET', '/api/nothing');
    expectAppError(bare, 404);
    // The public file route with an id too long to match it is the server's too, not a page.
    const longId = await raw(srv.url, 'GET', `/files/${'a'.repeat(600)}/public`);
    expectAppError(longId, 404);
  });

  it('never serves files outside the build directory', async () => {
    for (const p of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json']) {
      const res = await rawGet(srv.url, p);
      assert.ok(res.status === 200 || res.status === 400 || res.status === 403 || res.status === 404, `${p}: ${res.status}`);
      assert.doesNotMatch(res.body, /"name":/, p);
    }
  });

  it('answers HEAD like GET', async () => {
    const res = await fetch(`${srv.url}/`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  });
});

describe('web client not built', () => {
  let srv: TestServer;
  let dir: string;

  before(async () => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-')), 'missing');
    srv = await startWith(dir);
  });
  after(() => srv.close());

  it('says how to build it instead of failing', async () => {
    const res = await fetch(`${srv.url}/`);
    assert.equal(res.status, 503);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /npm run build -w @parley\/web/);
    const api = await raw(srv.url, 'GET', '/api/v4/system/ping');
    assert.equal(api.status, 200);
  });
});

describe('resolveWebDir', () => {
  it('prefers PARLEY_WEB_DIR, else finds packages/web/dist above the server code', () => {
    assert.equal(resolveWebDir({ PARLEY_WEB_DIR: '/srv/web' }), path.resolve('/srv/web'));
    const root = path.resolve(import.meta.dirname, '../../../..');
    assert.equal(resolveWebDir({}, path.join(root, 'packages/server/src/api4')), path.join(root, 'packages/web/dist'));
    assert.equal(resolveWebDir({}, path.join(root, 'packages/server/dist')), path.join(root, 'packages/web/dist'));
  });
});
