// Logs carry request_id, user_id and node_id and never a token, password or cookie, also when a request
// fails inside the store; health reports database, bus and file store; readiness turns off on shutdown.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createLogger, safeUrl } from '../../src/platform/logger.js';
import { engines, makeAdmin, PASSWORD, raw, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';

/** A logger at debug level whose lines are kept for inspection. */
function capturingLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', nodeId: 'node-under-test', destination: { write: (s: string) => void lines.push(s) } });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('redaction: secrets are removed by key at any depth, and from URLs', () => {
  const { logger, lines } = capturingLogger();
  logger.info(
    {
      password: 'pw-top',
      body: { login_id: 'alice', password: 'pw-body', new_password: 'pw-new' },
      req: { headers: { authorization: 'Bearer tok-header', cookie: 'MMAUTHTOKEN=tok-cookie', 'x-csrf-token': 'tok-csrf' } },
      res: { headers: { 'set-cookie': ['MMAUTHTOKEN=tok-set-cookie'] } },
      session: { token: 'tok-session', csrfToken: 'tok-csrf2' },
    },
    'something',
  );
  const line = lines.join('');
  for (const secret of ['pw-top', 'pw-body', 'pw-new', 'tok-header', 'tok-cookie', 'tok-csrf', 'tok-set-cookie', 'tok-session', 'tok-csrf2']) {
    assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
  }
  assert.match(line, /"login_id":"alice"/);
  assert.match(line, /"node_id":"node-under-test"/);
  assert.equal(safeUrl('/api/v4/users/me?access_token=abc&page=2'), '/api/v4/users/me?access_token=%5Bredacted%5D&page=2');
  assert.equal(safeUrl('/api/v4/users/me'), '/api/v4/users/me');
});

for (const engine of engines()) {
  describe(`request logs and health [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    const capture = capturingLogger();

    before(async () => {
      srv = await startTestServer(engine, {}, undefined, { logger: capture.logger, metrics: true });
      admin = await makeAdmin(srv.url);
    });
    after(async () => {
      await srv.close();
    });

    test('request lines carry request_id, user_id and node_id; no token or password is ever logged', async () => {
      const token = admin.client.getToken();
      const me = await raw(srv.url, 'GET', '/api/v4/users/me', { token });
      assert.equal(me.status, 200);
      const requestId = me.headers.get('x-request-id');
      await raw(srv.url, 'GET', `/api/v4/users/me?access_token=${token}`);
      await raw(srv.url, 'GET', '/api/v4/users/me', { headers: { Cookie: `MMAUTHTOKEN=${token}; MMCSRF=x` } });
      await raw(srv.url, 'POST', '/api/v4/users/login', { body: { login_id: admin.user.username, password: 'wrong-password-123' } });
      const sock = await RawSocket.open(srv.url, { token });
      await sock.waitFor((f) => f.event === 'hello');
      sock.close();

      // A failure inside the store while a token is being resolved: logged as an error with its request.
      const db = srv.parley.database.db;
      await sql`ALTER TABLE sessions RENAME TO sessions_away`.execute(db);
      let failed: Awaited<ReturnType<typeof raw>>;
      try {
        failed = await raw(srv.url, 'GET', '/api/v4/users/me', { token, headers: { 'X-Requested-With': 'XMLHttpRequest' } });
      } finally {
        await sql`ALTER TABLE sessions_away RENAME TO sessions`.execute(db);
      }
      assert.equal(failed.status, 500);

      const lines = capture.parsed();
      const all = capture.lines.join('');
      assert.ok(!all.includes(token), 'a session token reached the log');
      assert.ok(!all.includes(PASSWORD) && !all.includes('wrong-password-123'), 'a password reached the log');

      const meLine = lines.find((l) => l.request_id === requestId && l.msg === 'request completed');
      assert.ok(meLine, `no request line for ${requestId}`);
      assert.equal(meLine.user_id, admin.user.id);
      assert.equal(meLine.node_id, 'node-under-test');
      assert.equal(meLine.route, '/api/v4/users/:user_id');
      assert.equal(meLine.status_code, 200);

      const error = lines.find((l) => l.level === 50 && l.msg === 'request failed');
      assert.ok(error, 'the store failure was logged');
      assert.equal(error.request_id, failed.headers.get('x-request-id'));
      assert.ok((error.err as { message?: string }).message, 'the error itself is in the line');
      assert.ok(lines.some((l) => typeof l.url === 'string' && l.url.includes('access_token=%5Bredacted%5D')));
    });

    test('ping reports database, bus and file store; an unwritable data directory is unhealthy', async () => {
      const ok = await raw(srv.url, 'GET', '/api/v4/system/ping?get_server_status=true');
      assert.deepEqual(
        { status: ok.json.status, database: ok.json.database_status, filestore: ok.json.filestore_status, bus: ok.json.bus_status },
        { status: 'OK', database: 'OK', filestore: 'OK', bus: 'OK' },
      );
      // Moving the directory away stands in for a lost volume (root ignores permission bits).
      const dir = srv.parley.app.ctx.config.dataDir;
      fs.renameSync(dir, `${dir}-away`);
      try {
        const bad = await raw(srv.url, 'GET', '/api/v4/system/ping?get_server_status=true&use_rest_semantics=true');
        assert.equal(bad.status, 500);
        assert.equal(bad.json.filestore_status, 'UNHEALTHY');
        assert.equal(bad.json.status, 'UNHEALTHY');
      } finally {
        fs.renameSync(`${dir}-away`, dir);
      }
    });

    test('readiness: ready while serving, not ready once shutdown begins; liveness needs nothing', async () => {
      assert.deepEqual(await srv.parley.ready(), { ready: true, checks: { database: 'OK', migrations: 'OK', shutdown: 'NO' } });
      const live = await fetch(`${srv.parley.metricsUrl}/health/live`);
      assert.equal(live.status, 200);
      const closing = srv.parley.close();
      const during = await srv.parley.ready();
      assert.equal(during.ready, false);
      assert.equal(during.checks.shutdown, 'IN_PROGRESS');
      await closing;
    });
  });
}

test('metrics listener: off when not configured', async () => {
  const srv = await startTestServer(engines()[0] ?? 'sqlite');
  try {
    assert.equal(srv.parley.metricsUrl, undefined);
    assert.equal(srv.parley.metrics, undefined);
  } finally {
    await srv.close();
  }
});
