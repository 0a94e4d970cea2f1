// The web client end to end in a real browser (Debian's chromium through playwright-core) against a real
// Parley on loopback over SQLite: first-run sign-up, a team, a channel, posting, another person's messages
// and typing arriving live, a thread, reactions, unread badges, and switching the language.
// Screenshots go to PARLEY_E2E_SCREENSHOTS (default: a temp dir, printed) so a person can look at them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { client, makeUser, startTestServer, type TestServer, type TestUser } from '../../server/test/harness.js';
import { ensureWebBuild, launchChromium, openPage, screenshot, screenshotDir } from './support.js';

const PASSWORD = 'Sunny-Day-42';

/** A second person's WebSocket, to send `user_typing` as they would from their own client. */
async function openSocket(url: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v4/websocket`, { headers: { Authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (raw) => {
      if (JSON.parse(String(raw)).event === 'hello') resolve();
    });
    ws.on('error', reject);
  });
  return ws;
}

describe('web client in a browser', () => {
  let srv: TestServer;
  let browser: Browser;
  let page: Page;
  let alice: TestUser;
  let bob: TestUser;
  let teamId = '';
  let channelId = '';
  let townSquareId = '';
  let bobPostId = '';
  let problems: string[] = [];
  const shot = (name: string) => screenshot(page, name);

  const post = (text: string) => page.locator('.channel-view .post', { hasText: text });

  before(async () => {
    ensureWebBuild();
    srv = await startTestServer('sqlite');
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
    console.log(`# screenshots in ${screenshotDir}`);
  });

  it('signs up the first account on a fresh server and creates a team', async () => {
    await page.goto(srv.url);
    await page.getByRole('heading', { name: 'Welcome to Parley' }).waitFor();
    await shot('01-first-run-signup');
    await page.locator('input[name=email]').fill('alice@example.com');
    await page.locator('input[name=username]').fill('alice');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account and start' }).click();

    await page.getByRole('heading', { name: 'Hi alice, pick a team' }).waitFor();
    await page.locator('input[name=teamName]').fill('Acme Design');
    await shot('02-team-picker');
    await page.getByRole('button', { name: 'Create team' }).click();

    await page.locator('.channel-header__title', { hasText: 'Town Square' }).waitFor();
    await page.waitForURL(/\/acme-design\/channels\/town-square$/);
    const aliceClient = client(srv.url);
    alice = { user: await aliceClient.login('alice', PASSWORD), client: aliceClient, password: PASSWORD };
    const teams = await alice.client.getMyTeams();
    teamId = teams[0]!.id;
    townSquareId = (await alice.client.getChannelByName(teamId, 'town-square')).id;
  });

  it('creates a channel and posts with markdown, optimistically', async () => {
    await page.getByRole('button', { name: 'Create a channel' }).first().click();
    await page.locator('input[name=channelName]').fill('Design Reviews');
    await page.locator('input[name=purpose]').fill('Critique and ship');
    await shot('03a-create-channel-dialog');
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.locator('.channel-header__title', { hasText: 'Design Reviews' }).waitFor();
    await page.getByText('This is the very beginning of').waitFor();
    channelId = (await alice.client.getChannelByName(teamId, 'design-reviews')).id;

    const box = page.getByRole('textbox', { name: 'Write to Design Reviews' });
    await box.fill('Hello **team**, first <b>draft</b> is up');
    await box.press('Enter');
    const mine = post('first <b>draft</b> is up');
    await mine.waitFor();
    assert.equal(await mine.locator('.markdown strong').textContent(), 'team');
    assert.equal(await mine.locator('.markdown b').count(), 0, 'raw HTML stays text');
    await page.locator('.post--sending').waitFor({ state: 'detached' });

    await box.fill('line one');
    await box.press('Shift+Enter');
    await box.type('line two');
    assert.equal(await box.inputValue(), 'line one\nline two', 'Shift+Enter adds a line');
    await box.press('Enter');
    await post('line two').waitFor();
    const stored = await alice.client.getPosts(channelId);
    assert.ok(Object.values(stored.posts).some((p) => p.message === 'line one\nline two'));
  });

  it('shows another person’s typing and message as they happen', async () => {
    bob = await makeUser(srv.url, alice.client, { username: 'bob' });
    await alice.client.addToTeam(teamId, bob.user.id);
    await alice.client.addToChannel(bob.user.id, channelId);
    await page.locator('.channel-header__members', { hasText: '2' }).waitFor();

    const ws = await openSocket(srv.url, bob.client.getToken());
    ws.send(JSON.stringify({ action: 'user_typing', seq: 1, data: { channel_id: channelId, parent_id: '' } }));
    await page.getByText('bob is typing…').waitFor();
    await shot('03-typing');

    const created = await bob.client.createPost({ channel_id: channelId, message: 'Looks great @alice, one question about the :rocket: icon' } as never);
    bobPostId = created.id;
    const theirs = post('one question about the');
    await theirs.waitFor();
    assert.equal(await theirs.locator('.mention--me').textContent(), '@alice');
    await page.getByText('bob is typing…').waitFor({ state: 'detached' });
    ws.close();
    await shot('04-channel-live');
  });

  it('opens a thread, replies, and sees replies arrive', async () => {
    const theirs = post('one question about the');
    await theirs.hover();
    await theirs.getByRole('button', { name: 'Reply in thread' }).click();
    const panel = page.locator('.thread-panel');
    await panel.getByRole('heading', { name: 'Thread' }).waitFor();
    const reply = panel.getByRole('textbox', { name: 'Reply…' });
    await reply.fill('Swapping it for the new one today');
    await reply.press('Enter');
    await panel.locator('.post', { hasText: 'Swapping it' }).waitFor();

    await bob.client.createPost({ channel_id: channelId, root_id: bobPostId, message: 'Perfect, thanks!' } as never);
    await panel.locator('.post', { hasText: 'Perfect, thanks!' }).waitFor();
    await panel.getByText('2 replies').waitFor();
    await post('one question about the').getByRole('button', { name: '2 replies' }).waitFor();
  });

  it('adds and counts reactions', async () => {
    const theirs = post('one question about the');
    await theirs.hover();
    await theirs.locator('.post__actions').getByRole('button', { name: 'Add reaction' }).click();
    await page.getByRole('button', { name: ':+1:' }).click();
    const chip = theirs.locator('.reaction--mine');
    await chip.waitFor();
    assert.equal((await chip.locator('.reaction__count').textContent())?.trim(), '1');

    await bob.client.addReaction(bob.user.id, bobPostId, '+1');
    await theirs.locator('.reaction--mine .reaction__count', { hasText: '2' }).waitFor();
    await bob.client.addReaction(bob.user.id, bobPostId, 'tada');
    await theirs.locator('.reaction', { hasText: '🎉' }).waitFor();
    const reactions = await alice.client.getReactionsForPost(bobPostId);
    assert.equal(reactions.filter((r) => r.emoji_name === '+1').length, 2);
    await page.mouse.move(5, 5);
    await shot('05-thread-and-reactions');
  });

  it('marks another channel unread with a mention badge, cleared on opening it', async () => {
    await bob.client.createPost({ channel_id: townSquareId, message: '@alice standup in 5?' } as never);
    const item = page.getByRole('button', { name: 'Town Square, 1 mention' });
    await item.waitFor();
    assert.match((await item.getAttribute('class')) ?? '', /sidebar-item--unread/);
    assert.equal(await item.locator('.badge').textContent(), '1');
    await shot('06-unread-badge');

    await item.click();
    await post('standup in 5?').waitFor();
    await page.getByRole('button', { name: 'Town Square', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Design Reviews', exact: true }).click();
    await post('one question about the').waitFor();
  });

  it('edits and deletes an own post from its menu', async () => {
    const mine = post('line two');
    await mine.hover();
    await mine.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const editor = mine.getByRole('textbox', { name: 'Edit' });
    await editor.fill('line two, revised');
    await editor.press('Enter');
    await post('line two, revised').locator('.post__edited').waitFor();

    const revised = post('line two, revised');
    await revised.hover();
    await revised.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await revised.waitFor({ state: 'detached' });
  });

  it('opens a direct message by searching for a person', async () => {
    await page.getByRole('button', { name: 'New direct message' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Search people by name' }).fill('bo');
    await page.getByRole('dialog').getByRole('button', { name: /@bob/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Go' }).click();
    await page.locator('.channel-header__title', { hasText: 'bob' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Write to bob' });
    await box.fill('Hi Bob, got a minute?');
    await box.press('Enter');
    await post('got a minute?').waitFor();
    await page.locator('.post--sending').waitFor({ state: 'detached' });
    const dm = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
    const seen = await bob.client.getPosts(dm.id);
    assert.ok(Object.values(seen.posts).some((p) => p.message === 'Hi Bob, got a minute?'));
    await bob.client.createPost({ channel_id: dm.id, message: 'Sure, calling you now' } as never);
    await post('calling you now').waitFor();
    await page.locator('.sidebar__section', { hasText: 'Direct messages' }).getByRole('button', { name: 'bob', exact: true }).waitFor();
    await shot('06a-direct-message');
  });

  it('browses and joins a public channel', async () => {
    await bob.client.createChannel({ team_id: teamId, name: 'announcements', display_name: 'Announcements', type: 'O', purpose: 'News for everyone' });
    await page.getByRole('button', { name: 'Browse channels' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('News for everyone').waitFor();
    await dialog.locator('.list__row', { hasText: 'Announcements' }).getByRole('button', { name: 'Join' }).click();
    await page.locator('.channel-header__title', { hasText: 'Announcements' }).waitFor();
    await dialog.waitFor({ state: 'detached' });
  });

  it('loads older messages on scrolling up, rendering only what is on screen', async () => {
    const history = await bob.client.createChannel({ team_id: teamId, name: 'history', display_name: 'History', type: 'O' });
    for (let i = 1; i <= 90; i++) await bob.client.createPost({ channel_id: history.id, message: `history message ${i}` } as never);
    await bob.client.addToChannel(alice.user.id, history.id);
    const item = page.getByRole('button', { name: /^History/ });
    await item.waitFor();
    await item.click();
    await post('history message 90').waitFor();
    const scroller = page.locator('.post-list__scroller');
    for (let i = 0; i < 30 && (await post('history message 1').count()) === 0; i++) {
      await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
      await page.waitForTimeout(150);
    }
    await post('history message 1').first().waitFor();
    await page.getByText('This is the very beginning of').waitFor();
    const rendered = await page.locator('.channel-view .post').count();
    assert.ok(rendered < 70, `all 90 messages are loaded but only ${rendered} are in the page`);
    await page.getByRole('button', { name: 'Design Reviews', exact: true }).click();
    await post('one question about the').waitFor();
  });

  it('switches the language, with Russian plurals, and keeps it after a reload', async () => {
    await page.locator('.sidebar__footer').getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Display' }).click();
    await page.locator('select[name=locale]').selectOption('ru');
    await page.getByRole('heading', { name: 'Настройки' }).waitFor();
    await shot('07a-settings-russian');
    await page.keyboard.press('Escape');
    await post('one question about the').getByRole('button', { name: '2 ответа' }).waitFor();
    await page.getByText('Каналы', { exact: true }).waitFor();

    await bob.client.createPost({ channel_id: channelId, root_id: bobPostId, message: 'One more thing' } as never);
    await bob.client.createPost({ channel_id: channelId, root_id: bobPostId, message: 'And another' } as never);
    await bob.client.createPost({ channel_id: channelId, root_id: bobPostId, message: 'Last one' } as never);
    await post('one question about the').getByRole('button', { name: '5 ответов' }).waitFor();
    await shot('07-russian');

    await page.reload();
    await page.locator('.channel-header__title', { hasText: 'Design Reviews' }).waitFor();
    await post('one question about the').getByRole('button', { name: '5 ответов' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  });

  it('fits a phone screen and follows the dark colour scheme', async () => {
    await page.setViewportSize({ width: 390, height: 780 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await post('one question about the').waitFor();
    await shot('08-phone-dark');
    await page.getByRole('button', { name: 'Показать каналы' }).click();
    await page.locator('.layout--sidebar-open').waitFor();
    await shot('09-phone-sidebar');
    await page.getByRole('button', { name: 'Town Square' }).click();
    await page.locator('.layout--sidebar-open').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Design Reviews', exact: true }).click();
    await post('one question about the').waitFor();
    await shot('10-desktop-dark');
  });

  it('logs out back to the login screen, with no script or CSP errors on the way', async () => {
    await page.locator('.sidebar__team-button').click();
    await page.getByRole('menuitem', { name: 'Выйти' }).click();
    await page.getByRole('button', { name: /Войти|Log in/ }).waitFor();
    await shot('11-logged-out');
    assert.deepEqual(problems, []);
  });
});
