// What people do every day, in a real browser against a real Parley: the channel switcher, favourites,
// editing the last message with Up, @/~/: completion, drafts that survive a reload, saved and pinned
// messages, the Threads view, display settings (theme, clock, names), Arabic right to left and Polish
// plurals, and how fast a channel with 1,000 messages opens (with the size of the JavaScript it needs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { makeUser, startTestServer, type TestServer, type TestUser } from '../../server/test/harness.js';
import { ensureWebBuild, launchChromium, openPage, screenshot } from './support.js';

const HISTORY = 1000;
/** The budgets: initial JavaScript (gzip) and the first render of a channel. */
const MAX_INITIAL_JS_GZIP = 350 * 1024;
const MAX_FIRST_RENDER_MS = 1000;

describe('web client: everyday work', () => {
  let srv: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let team: Team;
  let design: Channel;
  let history: Channel;

  const header = (name: string) => page.locator('.channel-header__title', { hasText: name }).waitFor();
  const post = (text: string) => page.locator('.channel-view .post', { hasText: text });
  const sidebarItem = (name: string) => page.locator('.sidebar-item', { has: page.locator('.sidebar-item__name', { hasText: new RegExp(`^${name}$`) }) });
  const open = async (name: string) => {
    await sidebarItem(name).first().click();
    await header(name);
  };
  const composer = () => page.locator('.channel-view .composer__input');

  before(async () => {
    ensureWebBuild();
    srv = await startTestServer('sqlite');
    alice = await makeUser(srv.url, null, { username: 'alice', first_name: 'Alice', last_name: 'Martin' });
    bob = await makeUser(srv.url, alice.client, { username: 'bob', first_name: 'Bob', last_name: 'Chen' });
    carol = await makeUser(srv.url, alice.client, { username: 'carol', first_name: 'Carol', last_name: 'Diaz' });
    team = await alice.client.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as Team);
    for (const u of [bob, carol]) await alice.client.addToTeam(team.id, u.user.id);
    const channel = async (name: string, display: string) => {
      const c = await alice.client.createChannel({ team_id: team.id, name, display_name: display, type: 'O' } as Channel);
      for (const u of [bob, carol]) await alice.client.addToChannel(u.user.id, c.id);
      return c;
    };
    design = await channel('design', 'Design');
    await channel('marketing', 'Marketing');
    history = await channel('history', 'History');
    // A thousand messages, ten at a time.
    for (let i = 0; i < HISTORY; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => bob.client.createPost({ channel_id: history.id, message: `history message ${i + j + 1}` } as never)));
    }
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('logs in', async () => {
    await page.goto(`${srv.url}/acme/channels/design`);
    await page.locator('input[name=loginId]').fill('alice');
    await page.locator('input[name=password]').fill(alice.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await header('Design');
    await page.getByRole('button', { name: 'Not now' }).click();
  });

  it('finds channels and people with Ctrl+K', async () => {
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Find channels' });
    const input = dialog.getByRole('combobox', { name: 'Jump to a channel or person' });
    await input.fill('mark');
    await dialog.getByRole('option', { name: /Marketing/ }).waitFor();
    await input.press('Enter');
    await header('Marketing');
    await dialog.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+k');
    await input.fill('car');
    const person = dialog.getByRole('option', { name: /@carol/ });
    await person.waitFor();
    await input.press('ArrowDown');
    assert.equal(await person.getAttribute('aria-selected'), 'true');
    await input.press('Enter');
    await header('carol');
  });

  it('keeps favourites on top, across reloads', async () => {
    await open('Marketing');
    await page.getByRole('button', { name: 'Add to favourites' }).click();
    const favorites = page.locator('.sidebar__section', { has: page.getByRole('heading', { name: 'Favourites' }) });
    await favorites.locator('.sidebar-item__name', { hasText: 'Marketing' }).waitFor();
    await page.reload();
    await header('Marketing');
    await favorites.locator('.sidebar-item__name', { hasText: 'Marketing' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Remove from favourites' }).getAttribute('aria-pressed'), 'true');
  });

  it('edits the last message with Up in the empty box', async () => {
    await open('Design');
    await composer().fill('frist draft of the brief');
    await composer().press('Enter');
    await post('frist draft').waitFor();
    await page.locator('.post--sending').waitFor({ state: 'detached' });
    await composer().press('ArrowUp');
    const editor = page.locator('.channel-view .post-editor').getByRole('textbox', { name: 'Edit' });
    await editor.waitFor();
    await editor.fill('first draft of the brief');
    await editor.press('Enter');
    await post('first draft of the brief').locator('.post__edited').waitFor();
    // Focus is back in the message box.
    await page.waitForFunction(() => document.activeElement?.classList.contains('composer__input'));
  });

  it('completes @people, ~channels and :emoji: while typing', async () => {
    const box = composer();
    await box.fill('');
    await box.pressSequentially('Thanks @ca');
    const options = page.getByRole('listbox', { name: 'Suggestions' });
    await options.getByRole('option', { name: /@carol/ }).waitFor();
    await screenshot(page, '40-autocomplete');
    await box.press('Tab');
    await box.pressSequentially('see ~mark');
    await options.getByRole('option', { name: /~marketing/ }).waitFor();
    await box.press('Enter');
    await box.pressSequentially(':tad');
    await options.getByRole('option', { name: /:tada:/ }).waitFor();
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'Thanks @carol see ~marketing :tada: ');
    await box.press('Enter');
    const sent = post('Thanks @carol');
    await sent.locator('.mention', { hasText: '@carol' }).waitFor();
    await sent.locator('.emoji', { hasText: '🎉' }).waitFor();
  });

  it('keeps drafts per channel, through a reload', async () => {
    await composer().fill('an unsent thought about the logo');
    await open('Marketing');
    assert.equal(await composer().inputValue(), '');
    await sidebarItem('Design').locator('.sidebar-item__draft').waitFor();
    await open('Design');
    assert.equal(await composer().inputValue(), 'an unsent thought about the logo');
    // Written to the server a moment after typing stopped: it survives a reload.
    for (let i = 0; i < 50; i++) {
      const drafts = await alice.client.getUserDrafts(team.id);
      if (drafts.some((d) => d.message === 'an unsent thought about the logo')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.reload();
    await header('Design');
    await page.waitForFunction(() => (document.querySelector('.channel-view .composer__input') as HTMLTextAreaElement | null)?.value === 'an unsent thought about the logo');
    await composer().fill('');
  });

  it('saves and pins messages and lists them', async () => {
    await bob.client.createPost({ channel_id: design.id, message: 'The final logo files are in the shared drive' } as never);
    const theirs = post('final logo files');
    await theirs.waitFor();
    await theirs.hover();
    await theirs.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Save' }).click();
    await theirs.locator('.post__flag', { hasText: 'Saved' }).waitFor();
    await theirs.hover();
    await theirs.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Pin to channel' }).click();
    await theirs.locator('.post__flag', { hasText: 'Pinned' }).waitFor();
    const pinned = await bob.client.getPinnedPosts(design.id);
    assert.equal(Object.values(pinned.posts).length, 1);

    await page.getByRole('button', { name: 'Saved messages' }).click();
    const saved = page.getByRole('complementary', { name: 'Saved messages' });
    await saved.getByText('1 saved message').waitFor();
    await saved.locator('.search-result', { hasText: 'final logo files' }).waitFor();
    await page.getByRole('button', { name: 'Pinned messages' }).click();
    const pins = page.getByRole('complementary', { name: 'Pinned messages' });
    await pins.getByText('1 pinned message in Design').waitFor();
    await screenshot(page, '41-pinned');
    // Unpinning takes it off the open list.
    await theirs.hover();
    await theirs.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Unpin from channel' }).click();
    await pins.getByText('Nothing is pinned here').waitFor();
    await pins.getByRole('button', { name: 'Close pinned messages' }).click();
  });

  it('shows followed threads with their unread replies and reads them', async () => {
    const root = Object.values((await alice.client.getPosts(design.id)).posts).find((p) => p.message === 'first draft of the brief')!;
    await bob.client.createPost({ channel_id: design.id, root_id: root.id, message: 'Left two comments on the brief @alice' } as never);
    const threads = page.getByRole('button', { name: 'Threads, 1 mention' });
    await threads.waitFor();
    await threads.click();
    await page.getByRole('heading', { name: 'Followed threads' }).waitFor();
    const item = page.locator('.thread-item', { hasText: 'first draft of the brief' });
    await item.locator('.thread-item__new', { hasText: '1 new reply' }).waitFor();
    await page.waitForURL(/\/acme\/threads$/);
    await screenshot(page, '42-threads');
    await item.click();
    const panel = page.getByRole('complementary', { name: 'Thread' });
    await panel.locator('.post', { hasText: 'Left two comments' }).waitFor();
    await panel.getByRole('button', { name: 'Following' }).waitFor();
    await item.locator('.thread-item__new').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Threads', exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Close thread' }).click();
  });

  it('applies theme, clock and name format at once', async () => {
    await open('Design');
    await page.locator('.sidebar__footer').getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Display' }).click();
    await dialog.getByRole('radio', { name: 'Dark' }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const background = await page.locator('.channel-view').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, 'rgb(22, 23, 28)');
    await dialog.getByRole('radio', { name: /24-hour/ }).check();
    await dialog.getByRole('radio', { name: 'Full name', exact: true }).check();
    await screenshot(page, '43-settings-display-dark');
    await page.keyboard.press('Escape');
    const theirs = post('final logo files');
    await theirs.locator('.post__author', { hasText: 'Bob Chen' }).waitFor();
    assert.match((await theirs.locator('.post__time').textContent()) ?? '', /^\d{1,2}:\d{2}$/);
    await page.locator('.sidebar__me', { hasText: 'Alice Martin' }).waitFor();
    // Kept for the next visit, on the server.
    const prefs = await alice.client.getMyPreferences();
    const list = prefs as unknown as { category: string; name: string; value: string }[];
    assert.ok(list.some((p) => p.category === 'parley' && p.name === 'theme' && p.value === 'dark'));
    assert.ok(list.some((p) => p.category === 'display_settings' && p.name === 'use_military_time' && p.value === 'true'));
  });

  it('switches to Arabic, right to left, and to Polish with its plurals, at once', async () => {
    await page.locator('.sidebar__footer').getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Display' }).click();
    await page.locator('select[name=locale]').selectOption('ar');
    await page.getByRole('heading', { name: 'الإعدادات' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'القنوات' }).waitFor();
    // The sidebar moves to the right of the messages.
    const sidebar = await page.locator('.sidebar').boundingBox();
    const channel = await page.locator('.channel-view').boundingBox();
    assert.ok(sidebar && channel && sidebar.x > channel.x, 'sidebar on the right in RTL');
    await screenshot(page, '44-arabic-rtl');

    await page.locator('.sidebar__footer').getByRole('button', { name: 'الإعدادات' }).click();
    await page.getByRole('tab', { name: 'العرض' }).click();
    await page.locator('select[name=locale]').selectOption('pl');
    await page.getByRole('heading', { name: 'Ustawienia' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '3 członków' }).waitFor();
    await post('first draft of the brief').getByRole('button', { name: '1 odpowiedź' }).waitFor();
  });

  it(`opens a channel of ${HISTORY} messages within ${MAX_FIRST_RENDER_MS} ms, on at most ${MAX_INITIAL_JS_GZIP / 1024} kB of JavaScript`, async () => {
    // Back to English and light for the numbers that follow.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const fresh = await context.newPage();
    await fresh.goto(srv.url);
    await fresh.locator('input[name=loginId]').fill('bob');
    await fresh.locator('input[name=password]').fill(bob.password);
    await fresh.getByRole('button', { name: 'Log in' }).click();
    await fresh.locator('.channel-header__title').waitFor();

    // A cold load straight into the channel (signed in, from navigation start until its newest message is
    // on screen), and every script it fetches, compressed as a server would.
    const scripts = new Map<string, number>();
    fresh.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      void res.body().then(
        (body) => scripts.set(res.url(), zlib.gzipSync(body).length),
        () => {},
      );
    });
    // The moment the newest message is in the page, noted by the page itself (Playwright's polling would
    // add its own delay). A string: the test's transpiler would add helpers the page does not have.
    await fresh.addInitScript({
      content: `new MutationObserver((_, observer) => {
        if (![...document.querySelectorAll('.channel-view .post')].some((p) => p.textContent.includes('history message ${HISTORY}'))) return;
        window.__renderedAt = performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true, characterData: true });`,
    });
    await fresh.goto(`${srv.url}/acme/channels/history`);
    await fresh.locator('.channel-view .post', { hasText: `history message ${HISTORY}` }).waitFor();
    const coldMs = await fresh.evaluate<number>('window.__renderedAt');
    await fresh.waitForLoadState('networkidle');
    const initialJs = [...scripts.values()].reduce((a, b) => a + b, 0);

    // Switching to the channel from another one: the click until its newest message is on screen.
    await fresh.locator('.sidebar-item', { hasText: 'Town Square' }).click();
    await fresh.locator('.channel-header__title', { hasText: 'Town Square' }).waitFor();
    // (A string, not a function: the test's transpiler would add helpers the page does not have.)
    const switchMs = await fresh.evaluate<number>(`new Promise((resolve) => {
      const text = 'history message ${HISTORY}';
      const start = performance.now();
      const observer = new MutationObserver(() => {
        if (![...document.querySelectorAll('.channel-view .post')].some((p) => p.textContent.includes(text))) return;
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      [...document.querySelectorAll('.sidebar-item')].find((b) => b.textContent.includes('History')).click();
    })`);
    console.log(`# first render: cold load ${Math.round(coldMs)} ms, channel switch ${Math.round(switchMs)} ms; initial JS ${(initialJs / 1024).toFixed(1)} kB gzip in ${scripts.size} files`);
    await context.close();
    assert.ok(switchMs < MAX_FIRST_RENDER_MS, `channel switch took ${switchMs} ms`);
    assert.ok(coldMs < MAX_FIRST_RENDER_MS, `cold load took ${coldMs} ms`);
    assert.ok(initialJs < MAX_INITIAL_JS_GZIP, `initial JS is ${initialJs} bytes gzip`);
    assert.deepEqual(problems, []);
  });
});
