// The client across a server restart, with the server run as `npm start` runs it (the bundled
// dist/main.js, configured by environment): log in, deep-link to a channel, lose the server, see the
// banner, and after the restart get what was posted meanwhile — the socket comes back with a connection id
// the new process does not know, so the client resyncs over REST.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import mattermostClient from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import type { Team } from '@mattermost/types/teams';
import { ensureServerBuild, ensureWebBuild, launchChromium, openPage, repoRoot, screenshot } from './support.js';

const { Client4 } = mattermostClient;
const PASSWORD = 'Sunny-Day-42';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function startServer(main: string, port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [main], {
    cwd: repoRoot,
    env: { ...process.env, PARLEY_LISTEN: `127.0.0.1:${port}`, PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'error', PARLEY_METRICS_LISTEN: 'off' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v4/system/ping`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function api(url: string, token = '') {
  const c = new Client4();
  c.setUrl(url);
  if (token) c.setToken(token);
  return c;
}

describe('web client across a server restart', () => {
  let main: string;
  let port: number;
  let url: string;
  let dataDir: string;
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  let bob: InstanceType<typeof Client4>;
  let channelId = '';

  before(async () => {
    ensureWebBuild();
    main = ensureServerBuild();
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-data-'));
    server = await startServer(main, port, dataDir);

    const admin = api(url);
    await admin.createUser({ username: 'olga', email: 'olga@example.com', password: PASSWORD } as UserProfile, '', '');
    await admin.login('olga', PASSWORD);
    const team = await admin.createTeam({ name: 'ops', display_name: 'Ops', type: 'O' } as Team);
    const channel = await admin.createChannel({ team_id: team.id, name: 'incidents', display_name: 'Incidents', type: 'O', purpose: 'What is on fire' });
    channelId = channel.id;
    const bobUser = await admin.createUser({ username: 'bob', email: 'bob@example.com', password: PASSWORD } as UserProfile, '', '');
    await admin.addToTeam(team.id, bobUser.id);
    await admin.addToChannel(bobUser.id, channel.id);
    bob = api(url);
    await bob.login('bob', PASSWORD);

    browser = await launchChromium();
    // While the server is down the socket's reconnect attempts fail loudly in the console; that is the point.
    // A request in flight (or a kept-alive connection) when the server stops is reset or answered empty.
    ({ page, problems } = await openPage(browser, [/WebSocket connection/, /ERR_CONNECTION_REFUSED/, /ERR_CONNECTION_RESET/, /ERR_EMPTY_RESPONSE/]));
  });

  after(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs in and lands on the deep-linked channel', async () => {
    await page.goto(`${url}/ops/channels/incidents`);
    await page.getByRole('heading', { name: 'Log in to Parley' }).waitFor();
    await page.locator('input[name=loginId]').fill('olga');
    await page.locator('input[name=password]').fill(PASSWORD);
    await screenshot(page, '12-login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('.channel-header__title', { hasText: 'Incidents' }).waitFor();
    assert.match(page.url(), /\/ops\/channels\/incidents$/);
    await bob.createPost({ channel_id: channelId, message: 'Disk alert on db-2' } as never);
    await page.locator('.post', { hasText: 'Disk alert on db-2' }).waitFor();
  });

  it('shows the connection is lost, then catches up after the restart', async () => {
    await stopServer(server);
    await page.getByText('Connection lost. Reconnecting…').waitFor();
    await screenshot(page, '13-reconnecting');
    server = await startServer(main, port, dataDir);
    await bob.createPost({ channel_id: channelId, message: 'Posted while you were away' } as never);
    await page.locator('.post', { hasText: 'Posted while you were away' }).waitFor({ timeout: 20_000 });
    await page.getByText('Connection lost. Reconnecting…').waitFor({ state: 'detached' });

    // Live again: the next post arrives over the new socket.
    await bob.createPost({ channel_id: channelId, message: 'And this one live' } as never);
    await page.locator('.post', { hasText: 'And this one live' }).waitFor();
    assert.deepEqual(problems, []);
  });
});
