// Group messages between three people in three browsers, switching teams from the rail with its unread
// badges, desktop notifications (the browser's Notification, recorded by an init script), presence dots
// fetched in one batch, and server errors in the reader's language. Data is seeded through the API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { makeUser, startTestServer, type TestServer, type TestUser } from '../../server/test/harness.js';
import { ensureWebBuild, launchChromium, openPage, screenshot } from './support.js';

interface Recorded {
  title: string;
  body: string;
  tag: string;
  silent: boolean;
}

/**
 * Wraps the browser's Notification so the test can see what the page shows: the real constructor still
 * runs, and each call is recorded with the notification object (to click it). Plain JavaScript in a
 * string: the test's own transpiler would add helpers to a function that the page does not have.
 */
const RECORD_NOTIFICATIONS = `(() => {
  const Real = window.Notification;
  const shown = [];
  const objects = [];
  class Recording extends Real {
    constructor(title, options) {
      super(title, options);
      shown.push({ title, body: (options && options.body) || '', tag: (options && options.tag) || '', silent: !!(options && options.silent) });
      objects.push(this);
    }
  }
  Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
  Object.defineProperty(Recording, 'requestPermission', { value: Real.requestPermission.bind(Real) });
  Object.defineProperty(window, 'Notification', { value: Recording, configurable: true, writable: true });
  window.__notifications = shown;
  window.__notificationObjects = objects;
})();`;

const shownNotifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Recorded[] }).__notifications);

async function logIn(page: Page, url: string, user: TestUser, path = '/'): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.locator('input[name=loginId]').fill(user.user.username);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByRole('button', { name: /Log in|Anmelden/ }).click();
  await page.locator('.channel-header__title').waitFor();
}

describe('web client: group messages, teams, notifications, presence', () => {
  let srv: TestServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let acme: Team;
  let ops: Team;
  let design: Channel;
  let aliceContext: BrowserContext;
  let alicePage: Page;
  let bobPage: Page;
  let carolPage: Page;
  const problems: string[][] = [];

  const post = (page: Page, text: string) => page.locator('.channel-view .post', { hasText: text });

  before(async () => {
    ensureWebBuild();
    srv = await startTestServer('sqlite');
    alice = await makeUser(srv.url, null, { username: 'alice', first_name: 'Alice', last_name: 'Martin' });
    bob = await makeUser(srv.url, alice.client, { username: 'bob', first_name: 'Bob', last_name: 'Chen' });
    carol = await makeUser(srv.url, alice.client, { username: 'carol', first_name: 'Carol', last_name: 'Diaz' });
    acme = await alice.client.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as Team);
    ops = await alice.client.createTeam({ name: 'ops', display_name: 'Ops', type: 'O' } as Team);
    for (const u of [bob, carol]) {
      await alice.client.addToTeam(acme.id, u.user.id);
      await alice.client.addToTeam(ops.id, u.user.id);
    }
    design = await alice.client.createChannel({ team_id: acme.id, name: 'design', display_name: 'Design', type: 'O' } as Channel);
    await alice.client.addToChannel(bob.user.id, design.id);
    await alice.client.addToChannel(carol.user.id, design.id);

    browser = await launchChromium();
    const a = await openPage(browser);
    aliceContext = a.context;
    alicePage = a.page;
    await aliceContext.grantPermissions(['notifications'], { origin: srv.url });
    await aliceContext.addInitScript({ content: RECORD_NOTIFICATIONS });
    const b = await openPage(browser);
    bobPage = b.page;
    const c = await openPage(browser);
    carolPage = c.page;
    problems.push(a.problems, b.problems, c.problems);
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('shows server errors in the reader’s language, and the server’s words for others', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(srv.url);
    await page.locator('input[name=loginId]').fill('alice');
    await page.locator('input[name=password]').fill('not-her-password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('alert').filter({ hasText: 'E-Mail bzw. Benutzername und Passwort passen nicht zusammen.' }).waitFor();
    await context.close();
  });

  it('lets three people start a group message and reply, live', async () => {
    await logIn(alicePage, srv.url, alice, '/acme/channels/town-square');
    await logIn(bobPage, srv.url, bob, '/acme/channels/town-square');
    await logIn(carolPage, srv.url, carol, '/acme/channels/town-square');

    await alicePage.getByRole('button', { name: 'New direct message' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Direct or group message' });
    const search = dialog.getByRole('textbox', { name: 'Search people by name' });
    await search.fill('bo');
    await dialog.getByRole('button', { name: /@bob/ }).click();
    await search.fill('car');
    await dialog.getByRole('button', { name: /@carol/ }).click();
    await dialog.getByRole('button', { name: 'Remove bob' }).waitFor();
    await screenshot(alicePage, '30-group-picker');
    await dialog.getByRole('button', { name: 'Start group message (3 people)' }).click();
    await alicePage.locator('.channel-header__title', { hasText: 'bob, carol' }).waitFor();
    const box = alicePage.getByRole('textbox', { name: 'Write to bob, carol' });
    await box.fill('Kick-off for the redesign: who is in?');
    await box.press('Enter');
    await alicePage.locator('.post--sending').waitFor({ state: 'detached' });

    // The others see the conversation appear, named after the other two, with an unread mention badge.
    for (const [page, others] of [
      [bobPage, 'alice, carol'],
      [carolPage, 'alice, bob'],
    ] as const) {
      const item = page.locator('.sidebar__section', { hasText: 'Direct messages' }).getByRole('button', { name: `${others}, 1 mention` });
      await item.waitFor();
      assert.match((await item.getAttribute('class')) ?? '', /sidebar-item--unread/);
      await item.click();
      await post(page, 'who is in?').waitFor();
    }
    await screenshot(bobPage, '31-group-message');
    await bobPage.getByRole('textbox', { name: 'Write to alice, carol' }).fill('Count me in');
    await bobPage.getByRole('textbox', { name: 'Write to alice, carol' }).press('Enter');
    await carolPage.getByRole('textbox', { name: 'Write to alice, bob' }).fill('Me too');
    await carolPage.getByRole('textbox', { name: 'Write to alice, bob' }).press('Enter');
    await post(alicePage, 'Count me in').waitFor();
    await post(alicePage, 'Me too').waitFor();
    await post(bobPage, 'Me too').waitFor();
  });

  it('fetches everyone’s presence in one request and shows it on their posts', async () => {
    await bob.client.updateStatus({ user_id: bob.user.id, status: 'away' } as never);
    await carol.client.updateStatus({ user_id: carol.user.id, status: 'dnd' } as never);
    const asked: string[][] = [];
    alicePage.on('request', (req) => {
      if (req.url().endsWith('/api/v4/users/status/ids')) asked.push(JSON.parse(req.postData() ?? '[]') as string[]);
    });
    await alicePage.reload();
    const authors = (name: string) => alicePage.locator('.channel-view .post', { has: alicePage.locator('.post__author', { hasText: name }) });
    await authors('bob').getByRole('img', { name: 'Away' }).waitFor();
    await authors('carol').getByRole('img', { name: 'Do not disturb' }).waitFor();
    assert.ok(
      asked.some((ids) => ids.includes(bob.user.id) && ids.includes(carol.user.id)),
      `bob and carol in one request: ${JSON.stringify(asked)}`,
    );
    // The member list shows presence too.
    await alicePage.getByRole('button', { name: 'Town Square', exact: true }).click();
    await alicePage.getByRole('button', { name: '3 members' }).click();
    const list = alicePage.getByRole('dialog', { name: 'Members of Town Square' });
    await list.locator('.list__row', { hasText: 'bob' }).getByRole('img', { name: 'Away' }).waitFor();
    await alicePage.keyboard.press('Escape');
  });

  it('shows another team’s unread mentions on the rail and switches to it', async () => {
    const opsTown = await alice.client.getChannelByName(ops.id, 'town-square');
    await bob.client.createPost({ channel_id: opsTown.id, message: '@alice the deploy window moved to 4 pm' } as never);
    const opsButton = alicePage.locator('.team-rail').getByRole('button', { name: 'Ops, 1 mention' });
    await opsButton.waitFor();
    assert.equal(await opsButton.locator('.badge').textContent(), '1');
    assert.match((await opsButton.getAttribute('class')) ?? '', /team-rail__team--unread/);
    await screenshot(alicePage, '32-team-rail-unread');

    await opsButton.click();
    await alicePage.locator('.sidebar__team-name', { hasText: 'Ops' }).waitFor();
    await post(alicePage, 'deploy window moved').waitFor();
    await alicePage.waitForURL(/\/ops\/channels\/town-square$/);
    await alicePage.locator('.team-rail').getByRole('button', { name: 'Ops', exact: true }).waitFor();

    // Ctrl+Alt+Up goes back to the team above on the rail.
    await alicePage.keyboard.press('Control+Alt+ArrowUp');
    await alicePage.locator('.sidebar__team-name', { hasText: 'Acme' }).waitFor();
    await alicePage.waitForURL(/\/acme\//);
  });

  it('raises desktop notifications for mentions and direct messages, not for the open channel', async () => {
    await alicePage.getByRole('button', { name: 'Town Square', exact: true }).click();
    await alicePage.locator('.channel-header__title', { hasText: 'Town Square' }).waitFor();
    // Permission was granted: no banner asking for it.
    assert.equal(await alicePage.getByRole('region', { name: 'Desktop notifications' }).count(), 0);
    // (The Ops mention of the last test raised one already: it came while another team was open.)
    const earlier = (await shownNotifications(alicePage)).length;

    await bob.client.createPost({ channel_id: design.id, message: 'Just chatting, no mention' } as never);
    await bob.client.createPost({ channel_id: design.id, message: '@alice can you **review** the mockups?' } as never);
    await alicePage.waitForFunction((n) => (window as unknown as { __notifications: unknown[] }).__notifications.length >= n + 1, earlier);
    const dm = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
    await bob.client.createPost({ channel_id: dm.id, message: 'Lunch today?' } as never);
    await alicePage.waitForFunction((n) => (window as unknown as { __notifications: unknown[] }).__notifications.length >= n + 2, earlier);

    const town = await alice.client.getChannelByName(acme.id, 'town-square');
    await carol.client.createPost({ channel_id: town.id, message: '@alice this one is in the open channel' } as never);
    await post(alicePage, 'this one is in the open channel').waitFor();

    const shown = (await shownNotifications(alicePage)).slice(earlier);
    assert.deepEqual(
      shown.map((n) => [n.title, n.body, n.silent]),
      [
        ['Design', 'bob: @alice can you review the mockups?', true],
        ['bob', 'Lunch today?', true],
      ],
    );

    // Clicking the first one opens its channel.
    await alicePage.evaluate((i) => {
      const first = (window as unknown as { __notificationObjects: Notification[] }).__notificationObjects[i];
      first!.onclick?.(new Event('click'));
    }, earlier);
    await alicePage.locator('.channel-header__title', { hasText: 'Design' }).waitFor();
    await post(alicePage, 'review').waitFor();
  });

  it('notifies for every post once the user asks for all activity', async () => {
    await alicePage.locator('.sidebar__footer').getByRole('button', { name: 'Settings' }).click();
    await alicePage.getByRole('tab', { name: 'Notifications' }).click();
    await alicePage.getByText('This browser shows Parley’s notifications.').waitFor();
    await alicePage.getByRole('radio', { name: 'For all activity' }).check();
    await alicePage.getByRole('checkbox', { name: 'Play a sound' }).check();
    await screenshot(alicePage, '33-notification-settings');
    await alicePage.keyboard.press('Escape');
    await (async () => {
      for (let i = 0; i < 50; i++) {
        const me = await alice.client.getMe();
        if (me.notify_props.desktop === 'all') return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('desktop level not saved');
    })();
    const before = (await shownNotifications(alicePage)).length;
    const town = await alice.client.getChannelByName(acme.id, 'town-square');
    await carol.client.createPost({ channel_id: town.id, message: 'Coffee is ready' } as never);
    await alicePage.waitForFunction((n) => (window as unknown as { __notifications: unknown[] }).__notifications.length > n, before);
    const last = (await shownNotifications(alicePage)).at(-1)!;
    assert.deepEqual([last.title, last.body, last.silent], ['Town Square', 'carol: Coffee is ready', false]);
    for (const p of problems) assert.deepEqual(p, []);
  });
});
