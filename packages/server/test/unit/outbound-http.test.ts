// The outbound HTTP guard used by outgoing webhooks and slash commands: the address classifier, the
// allow-list, and the request limits (size, time, redirects), against real HTTP servers on loopback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AllowList, OutboundError, OutboundHttp, classifyAddress } from '../../src/platform/outbound-http.js';

describe('classifyAddress', () => {
  const cases: Array<[string, string]> = [
    // IPv4
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['192.168.1.1', 'private'],
    ['192.169.0.1', 'public'],
    ['169.254.169.254', 'link_local'],
    ['169.254.0.1', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['2606:4700:4700::1111', 'public'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456:789a::1', 'unique_local'],
    ['fe80::1', 'link_local'],
    ['febf::1', 'link_local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    // IPv4-mapped and other IPv6 forms that carry an IPv4 address
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:192.168.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::808:808', 'public'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a00:1::1', 'private'],
    // not an address at all
    ['example.com', 'reserved'],
  ];
  for (const [ip, expected] of cases) {
    it(`${ip} is ${expected}`, () => assert.equal(classifyAddress(ip), expected));
  }
});

describe('AllowList', () => {
  it('matches host names exactly (case and trailing dot aside)', () => {
    const a = new AllowList('hooks.internal  Build.Example.com.');
    assert.ok(a.allowsHost('hooks.internal'));
    assert.ok(a.allowsHost('HOOKS.internal.'));
    assert.ok(a.allowsHost('build.example.com'));
    assert.ok(!a.allowsHost('sub.hooks.internal'));
    assert.ok(!a.allowsHost('internal'));
    assert.ok(!a.allowsAddress('10.0.0.1'));
  });

  it('matches addresses and CIDR ranges, IPv4 ranges also covering mapped IPv6', () => {
    const a = new AllowList('127.0.0.1 10.1.0.0/16, fd00::/8 192.168.7.7/32');
    assert.ok(a.allowsAddress('127.0.0.1'));
    assert.ok(!a.allowsAddress('127.0.0.2'));
    assert.ok(a.allowsAddress('10.1.200.3'));
    assert.ok(!a.allowsAddress('10.2.0.1'));
    assert.ok(a.allowsAddress('::ffff:10.1.0.9'));
    assert.ok(a.allowsAddress('::ffff:127.0.0.1'));
    assert.ok(a.allowsAddress('fd00::42'));
    assert.ok(!a.allowsAddress('fc00::42'));
    assert.ok(a.allowsAddress('192.168.7.7'));
    assert.ok(!a.allowsAddress('192.168.7.8'));
    assert.ok(!a.allowsHost('127.0.0.1/8'));
  });

  it('ignores malformed entries', () => {
    const a = new AllowList('10.0.0.0/40 ::1/200 garbage/8');
    assert.ok(!a.allowsAddress('10.0.0.1'));
    assert.ok(!a.allowsAddress('::1'));
  });
});

describe('OutboundHttp', () => {
  let server: http.Server;
  let base: string;
  const seen: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === '/big') {
        // 2 MiB in 64 KiB chunks without a content-length: the limit must cut the stream.
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 120);
        let sent = 0;
        const pump = () => {
          while (sent < 32) {
            sent += 1;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      if (req.url === '/declared-big') {
        res.writeHead(200, { 'Content-Length': String(5 * 1024 * 1024) });
        res.end();
        return;
      }
      if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 1500).unref();
        return;
      }
      if (req.url === '/redirect') {
        res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data' });
        res.end();
        return;
      }
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, body, host: req.headers.host, type: req.headers['content-type'] ?? '' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const allowed = (opts: Partial<ConstructorParameters<typeof OutboundHttp>[0]> = {}) => new OutboundHttp({ allowList: '127.0.0.1', timeoutMs: 3000, ...opts });

  async function refused(p: Promise<unknown>, code: string, pattern?: RegExp): Promise<OutboundError> {
    try {
      await p;
    } catch (err) {
      assert.ok(err instanceof OutboundError, `expected an OutboundError, got ${String(err)}`);
      assert.equal(err.code, code, err.message);
      if (pattern) assert.match(err.message, pattern);
      return err;
    }
    throw new Error(`expected ${code}, but the request succeeded`);
  }

  it('sends a POST with its body when the address is allow-listed', async () => {
    const res = await allowed().request({ method: 'POST', url: `${base}/echo`, headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    assert.equal(res.status, 200);
    const j = JSON.parse(res.body.toString()) as Record<string, string>;
    assert.deepEqual([j.method, j.body, j.type], ['POST', 'hello', 'text/plain']);
    assert.equal(j.host, new URL(base).host);
  });

  it('refuses loopback, private and metadata addresses without the allow-list, before connecting', async () => {
    const before = seen.length;
    const strict = new OutboundHttp({ timeoutMs: 3000 });
    await refused(strict.request({ method: 'POST', url: `${base}/echo`, body: 'x' }), 'refused', /loopback/);
    await refused(strict.request({ method: 'GET', url: 'http://169.254.169.254/latest/meta-data/' }), 'refused', /link-local/);
    await refused(strict.request({ method: 'GET', url: 'http://10.0.0.1/' }), 'refused', /private/);
    await refused(strict.request({ method: 'GET', url: 'http://[::1]:9/' }), 'refused', /loopback/);
    await refused(strict.request({ method: 'GET', url: 'http://[::ffff:127.0.0.1]:9/' }), 'refused', /loopback/);
    await refused(strict.request({ method: 'GET', url: 'http://0.0.0.0:9/' }), 'refused');
    assert.equal(seen.length, before, 'the server saw no request');
  });

  it('checks every resolved address and connects to the checked one', async () => {
    // A name that resolves to a private address is refused …
    const rebinding = new OutboundHttp({ timeoutMs: 3000, resolve: async () => [{ address: '192.168.1.20', family: 4 }] });
    await refused(rebinding.request({ method: 'GET', url: 'http://hooks.example.test/' }), 'refused', /private/);
    // … and one allow-listed by name connects to the address its lookup gave, whatever the host says.
    let lookups = 0;
    const byName = new OutboundHttp({
      allowList: 'hooks.example.test',
      timeoutMs: 3000,
      resolve: async () => {
        lookups += 1;
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    const port = new URL(base).port;
    const res = await byName.request({ method: 'POST', url: `http://hooks.example.test:${port}/echo`, body: 'by name' });
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.body.toString()) as { host: string }).host, `hooks.example.test:${port}`);
    assert.equal(lookups, 1, 'resolved once, not again at connect time');
    // Mixed answers: only an allowed address is used; the private one first in the list is skipped.
    const mixed = new OutboundHttp({ allowList: '127.0.0.1', timeoutMs: 3000, resolve: async () => [{ address: '10.0.0.5', family: 4 }, { address: '127.0.0.1', family: 4 }] });
    assert.equal((await mixed.request({ method: 'GET', url: `http://both.example.test:${port}/echo` })).status, 200);
    const none = new OutboundHttp({ timeoutMs: 3000, resolve: async () => [{ address: '10.0.0.5', family: 4 }, { address: '127.0.0.1', family: 4 }] });
    await refused(none.request({ method: 'GET', url: 'http://both.example.test/' }), 'refused');
  });

  it('allow-lists by CIDR', async () => {
    const res = await new OutboundHttp({ allowList: '127.0.0.0/8', timeoutMs: 3000 }).request({ method: 'GET', url: `${base}/echo` });
    assert.equal(res.status, 200);
  });

  it('cuts off responses beyond the size limit, streamed or declared', async () => {
    const small = allowed({ maxBytes: 1024 * 1024 });
    await refused(small.request({ method: 'GET', url: `${base}/big` }), 'too_large');
    await refused(small.request({ method: 'GET', url: `${base}/declared-big` }), 'too_large');
    const ok = await allowed({ maxBytes: 4 * 1024 * 1024 }).request({ method: 'GET', url: `${base}/big` });
    assert.equal(ok.body.length, 2 * 1024 * 1024);
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    await refused(allowed({ timeoutMs: 200 }).request({ method: 'GET', url: `${base}/slow` }), 'timeout');
    assert.ok(Date.now() - started < 1400, 'did not wait for the slow answer');
  });

  it('does not follow redirects', async () => {
    await refused(allowed().request({ method: 'GET', url: `${base}/redirect` }), 'redirect', /302/);
  });

  it('accepts only http and https URLs', async () => {
    await refused(allowed().request({ method: 'GET', url: 'file:///etc/passwd' }), 'invalid_url');
    await refused(allowed().request({ method: 'GET', url: 'gopher://127.0.0.1/' }), 'invalid_url');
    await refused(allowed().request({ method: 'GET', url: 'not a url' }), 'invalid_url');
  });
});
