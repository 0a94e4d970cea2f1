// Search, attachments, leaving and archiving channels, and the "New messages" line, in a real browser
// (Debian's chromium through playwright-core) against a real Parley on loopback over SQLite. Other people
// act through REST, as they would from their own clients, and the page must follow over the WebSocket.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { makeChannel, makeTeam, makeUser, startTestServer, type TestServer, type TestUser } from '../../server/test/harness.js';
import { ensureWebBuild, launchChromium, openPage, pngBytes, screenshot } from './support.js';

/** Small enough to test the client's own size check without sending megabytes. */
const MAX_FILE_SIZE = 1024 * 1024;

describe('web client: search, files, leaving and archiving, new messages', () => {
  let srv: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  let alice: TestUser;
  let bob: TestUser;
  let team: Team;
  let planning: Channel;
  let rootId = '';

  const sidebarItem = (name: string) => page.locator('.sidebar-item', { has: page.locator('.sidebar-item__name', { hasText: new RegExp(`^${name}$`) }) });
  const header = (name: string) => page.locator('.channel-header__title', { hasText: name }).waitFor();
  const post = (text: string) => page.locator('.channel-view .post', { hasText: text });
  const open = async (name: string) => {
    await sidebarItem(name).click();
    await header(name);
  };

  before(async () => {
    ensureWebBuild();
    srv = await startTestServer('sqlite', { maxFileSize: MAX_FILE_SIZE });
    alice = await makeUser(srv.url, null, { username: 'alice' });
    bob = await makeUser(srv.url, alice.client, { username: 'bob' });
    team = await makeTeam(alice, [bob]);
    planning = await alice.client.createChannel({ team_id: team.id, name: 'planning', display_name: 'Planning', type: 'O' } as Channel);
    await alice.client.addToChannel(bob.user.id, planning.id);
    const root = await bob.client.createPost({ channel_id: planning.id, message: 'The quarterly **roadmap** draft is ready for review' } as never);
    rootId = root.id;
    await bob.client.createPost({ channel_id: planning.id, root_id: root.id, message: 'Roadmap comments go in this thread' } as never);
    await bob.client.createPost({ channel_id: planning.id, message: 'Lunch at noon?' } as never);
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('logs in', async () => {
    await page.goto(`${srv.url}/${team.name}/channels/town-square`);
    await page.locator('input[name=loginId]').fill('alice');
    await page.locator('input[name=password]').fill(alice.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await header('Town Square');
  });

  it('searches the team’s messages, highlights the words and jumps to a result', async () => {
    const box = page.getByRole('searchbox', { name: 'Search messages' });
    await box.fill('roadmap');
    await box.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Search results' });
    await panel.getByText('2 results for “roadmap”').waitFor();
    const results = panel.locator('.search-result');
    assert.equal(await results.count(), 2);
    // Newest first: the reply, then the root.
    assert.match((await results.nth(0).textContent()) ?? '', /Roadmap comments go in this thread/);
    assert.match((await results.nth(0).textContent()) ?? '', /In a thread/);
    assert.deepEqual(await results.nth(1).locator('mark.highlight').allTextContents(), ['roadmap']);
    assert.equal(await results.nth(1).locator('.markdown strong mark').count(), 1, 'markdown is rendered around the highlight');
    assert.match((await results.nth(1).locator('.search-result__channel').textContent()) ?? '', /Planning/);
    await screenshot(page, '20-search-results');

    await results.nth(1).getByRole('button', { name: 'Jump' }).click();
    await header('Planning');
    await post('draft is ready for review').waitFor();

    // A reply opens its thread; closing it brings the results back.
    await results.nth(0).getByRole('button', { name: 'Jump' }).click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    await thread.locator('.post', { hasText: 'Roadmap comments go in this thread' }).waitFor();
    await thread.getByRole('button', { name: 'Close thread' }).click();
    await panel.getByText('2 results for “roadmap”').waitFor();
  });

  it('passes Mattermost search syntax through and says when nothing matched', async () => {
    const box = page.getByRole('searchbox', { name: 'Search messages' });
    await box.fill('from:bob in:planning lunch');
    await box.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Search results' });
    await panel.getByText('1 result for “from:bob in:planning lunch”').waitFor();
    assert.deepEqual(await panel.locator('mark.highlight').allTextContents(), ['Lunch']);

    await box.fill('roadmap -quarterly');
    await box.press('Enter');
    await panel.getByText('1 result for “roadmap -quarterly”').waitFor();

    await box.fill('xylophone');
    await box.press('Enter');
    await panel.getByText('No results for “xylophone”').waitFor();
    await panel.getByRole('button', { name: 'Close search results' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it('jumps from a search result to an old message: scrolled to and marked, newer posts loading on the way down', async () => {
    const history = await alice.client.createChannel({ team_id: team.id, name: 'history', display_name: 'History', type: 'O' } as Channel);
    // 120 posts, so the one searched for is far from the newest and not in the first page.
    let oldId = '';
    for (let i = 0; i < 120; i += 1) {
      const message = i === 2 ? 'The zebracorn protocol was agreed long ago' : `History message ${i}`;
      const created = await alice.client.createPost({ channel_id: history.id, message } as never);
      if (i === 2) oldId = created.id;
    }
    await sidebarItem('History').waitFor();
    const box = page.getByRole('searchbox', { name: 'Search messages' });
    await box.fill('zebracorn');
    await box.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Search results' });
    await panel.getByText('1 result for “zebracorn”').waitFor();
    await panel.getByRole('button', { name: 'Jump' }).click();
    await header('History');

    const target = page.locator('.channel-view .post--highlighted', { hasText: 'The zebracorn protocol was agreed long ago' });
    await target.waitFor();
    const scroller = page.locator('.channel-view .post-list__scroller');
    const [box1, view] = await Promise.all([target.boundingBox(), scroller.boundingBox()]);
    assert.ok(box1 && view && box1.y >= view.y && box1.y + box1.height <= view.y + view.height, `the post is in view: ${JSON.stringify({ box1, view })}`);
    assert.match(page.url(), new RegExp(`/${team.name}/channels/history$`));
    assert.equal(await post('History message 119').count(), 0, 'the newest posts are not loaded yet');
    await screenshot(page, '20b-permalink');

    // Scrolling down loads newer pages until the newest post.
    const newest = post('History message 119');
    // Each page arrives over the network; on a busy machine that can take a while, so the bound is time.
    for (const end = Date.now() + 30_000; Date.now() < end && (await newest.count()) === 0; ) {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await page.waitForTimeout(150);
    }
    await newest.waitFor();
    await page.locator('.channel-view .post--highlighted').waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: 'Close search results' }).click();

    // The permalink itself, loaded afresh, lands in the same place.
    await page.goto(`${srv.url}/${team.name}/pl/${oldId}`);
    await header('History');
    await target.waitFor();
    assert.equal(await post('History message 119').count(), 0);
    // One that cannot be read says so, and goes to town-square.
    await page.goto(`${srv.url}/${team.name}/pl/${'x'.repeat(26)}`);
    const notice = page.getByRole('alert').filter({ hasText: 'This message does not exist, or you do not have access to it.' });
    await notice.waitFor();
    await header('Town Square');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    // The browser logs the refused request; that one was expected.
    const expected = problems.filter((p) => /status of (403|404)/.test(p));
    assert.ok(expected.length <= 1, JSON.stringify(problems));
    for (const p of expected) problems.splice(problems.indexOf(p), 1);
  });

  it('uploads an image and a text file, posts them, and shows a thumbnail and a downloadable file card', async () => {
    await open('Planning');
    const image = pngBytes(64, 48, [220, 80, 40]);
    const notes = Buffer.from('Agenda\n1. Roadmap\n2. Lunch\n', 'utf8');
    const input = page.locator('.channel-view .composer input[type=file]');
    await input.setInputFiles([
      { name: 'sketch.png', mimeType: 'image/png', buffer: image },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: notes },
      { name: 'oops.txt', mimeType: 'text/plain', buffer: Buffer.from('not this one') },
    ]);
    const chips = page.locator('.channel-view .composer .upload');
    await page.waitForFunction(() => document.querySelectorAll('.channel-view .composer .upload').length === 3 && document.querySelectorAll('.channel-view .composer .upload--pending').length === 0);
    await page.getByRole('button', { name: 'Remove oops.txt' }).click();
    assert.equal(await chips.count(), 2);

    // Bigger than the server's MaxFileSize: refused before anything is sent.
    await input.setInputFiles([{ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(MAX_FILE_SIZE + 1) }]);
    await page.getByRole('alert').filter({ hasText: 'huge.bin is too large: files can be at most 1 MB.' }).waitFor();
    assert.equal(await chips.count(), 2);
    await screenshot(page, '21-attachments-pending');

    const box = page.getByRole('textbox', { name: 'Write to Planning' });
    await box.fill('Sketch and agenda attached');
    await box.press('Enter');
    const mine = post('Sketch and agenda attached');
    await mine.locator('.attachment-picture img').waitFor();
    await page.locator('.post--sending').waitFor({ state: 'detached' });
    assert.equal(await chips.count(), 0, 'the composer is empty again');

    // The thumbnail really loaded (the server made it from the PNG).
    const thumb = mine.locator('.attachment-picture img');
    await page.waitForFunction((el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0, await thumb.elementHandle());
    const card = mine.locator('.file-card', { hasText: 'notes.txt' });
    assert.equal(await card.locator('.file-card__meta').textContent(), `TXT · ${notes.length} bytes`);
    assert.equal(await mine.locator('.file-card', { hasText: 'oops.txt' }).count(), 0);
    await screenshot(page, '22-attachments-posted');

    // The download link gives back the very bytes that were uploaded.
    const href = await card.getByRole('link', { name: 'Download notes.txt' }).getAttribute('href');
    assert.ok(href);
    const downloaded = await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), href);
    assert.deepEqual(Buffer.from(downloaded), notes);

    // The picture opens large in a dialog.
    await mine.getByRole('button', { name: 'Open sketch.png' }).click();
    const viewer = page.getByRole('dialog', { name: 'sketch.png' });
    const full = viewer.locator('.image-viewer img');
    await page.waitForFunction((el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth === 64, await full.elementHandle());
    const imageHref = await viewer.getByRole('link', { name: 'Download' }).getAttribute('href');
    const imageBytes = await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url!)).arrayBuffer())), imageHref);
    assert.deepEqual(Buffer.from(imageBytes), image);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    // Others get the files too.
    const list = await bob.client.getPosts(planning.id);
    const stored = Object.values(list.posts).find((p) => p.message === 'Sketch and agenda attached');
    assert.equal(stored?.file_ids?.length, 2);
  });

  it('takes files dropped on the message box or pasted into it', async () => {
    const composer = page.locator('.channel-view .composer');
    const transfer = (name: string) =>
      page.evaluateHandle((fileName) => {
        const dt = new DataTransfer();
        dt.items.add(new File([`contents of ${fileName}`], fileName, { type: 'text/plain' }));
        return dt;
      }, name);
    const dropped = await transfer('dropped.txt');
    await composer.dispatchEvent('dragover', { dataTransfer: dropped });
    await composer.locator('.composer__drop-hint').waitFor();
    await composer.dispatchEvent('drop', { dataTransfer: dropped });
    await composer.locator('.upload:not(.upload--pending)', { hasText: 'dropped.txt' }).waitFor();
    assert.equal(await composer.locator('.composer__drop-hint').count(), 0);

    const pasted = await transfer('pasted.txt');
    await page.getByRole('textbox', { name: 'Write to Planning' }).evaluate((el, dt) => {
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt as DataTransfer, bubbles: true, cancelable: true }));
    }, pasted);
    await composer.locator('.upload:not(.upload--pending)', { hasText: 'pasted.txt' }).waitFor();

    await page.getByRole('textbox', { name: 'Write to Planning' }).press('Enter');
    const sent = page.locator('.channel-view .post', { has: page.locator('.file-card', { hasText: 'dropped.txt' }) });
    await sent.locator('.file-card', { hasText: 'pasted.txt' }).waitFor();
    await page.locator('.post--sending').waitFor({ state: 'detached' });
  });

  it('leaves a private channel after confirming, and archives a public one', async () => {
    const secret = await makeChannel(alice, team, 'P');
    const old = await makeChannel(alice, team, 'O', [bob]);
    await sidebarItem(secret.display_name).waitFor();
    await sidebarItem(old.display_name).waitFor();

    // Town-square can be neither left nor archived.
    await open('Town Square');
    await page.getByRole('button', { name: 'Channel actions' }).click();
    await page.getByRole('menuitem', { name: 'Mute channel' }).waitFor();
    assert.equal(await page.getByRole('menuitem', { name: 'Leave channel' }).count(), 0);
    assert.equal(await page.getByRole('menuitem', { name: 'Archive channel' }).count(), 0);
    await page.keyboard.press('Escape');

    await open(secret.display_name);
    await page.getByRole('button', { name: 'Channel actions' }).click();
    await page.getByRole('menuitem', { name: 'Leave channel' }).click();
    const confirm = page.getByRole('dialog', { name: `Leave ${secret.display_name}?` });
    await confirm.getByText('is private').waitFor();
    await confirm.getByRole('button', { name: 'Leave channel' }).click();
    await header('Town Square');
    await sidebarItem(secret.display_name).waitFor({ state: 'detached' });
    await assert.rejects(alice.client.getChannelMember(secret.id, alice.user.id));

    await open(old.display_name);
    await page.getByRole('button', { name: 'Channel actions' }).click();
    await page.getByRole('menuitem', { name: 'Archive channel' }).click();
    await page.getByRole('dialog', { name: `Archive ${old.display_name}?` }).getByRole('button', { name: 'Archive channel' }).click();
    await header('Town Square');
    await sidebarItem(old.display_name).waitFor({ state: 'detached' });
    assert.ok((await alice.client.getChannel(old.id)).delete_at > 0);
    assert.equal(await page.getByRole('alert').count(), 0, 'archiving it oneself needs no notice');
  });

  it('follows someone else archiving the open channel', async () => {
    const doomed = await makeChannel(bob, team, 'O', [alice]);
    await open(doomed.display_name);
    await bob.client.deleteChannel(doomed.id);
    await page.getByRole('alert').filter({ hasText: `${doomed.display_name} was archived.` }).waitFor();
    await header('Town Square');
    await sidebarItem(doomed.display_name).waitFor({ state: 'detached' });
    await post('bob joined the team.').waitFor();
    await screenshot(page, '23-archived-by-someone-else');
  });

  it('draws a "New messages" line above the first post that arrived while the channel was not open', async () => {
    await open('Planning');
    await post('Sketch and agenda attached').waitFor();
    await open('Town Square');
    await bob.client.createPost({ channel_id: planning.id, message: 'First thing you missed' } as never);
    await bob.client.createPost({ channel_id: planning.id, message: 'Second thing you missed' } as never);
    await page.getByRole('button', { name: 'Planning, unread' }).waitFor();

    await open('Planning');
    await page.getByRole('separator', { name: 'New messages' }).waitFor();
    await post('Second thing you missed').waitFor();
    const rows = await page.$$eval('.post-list [data-item-index]', (els) => els.map((e) => (e.querySelector('.new-messages') ? 'NEW' : (e.textContent ?? '').trim())));
    const line = rows.indexOf('NEW');
    const firstMissed = rows.findIndex((r) => r.includes('First thing you missed'));
    const mine = rows.findIndex((r) => r.includes('Sketch and agenda attached'));
    assert.ok(line >= 0 && firstMissed === line + 1, `line right above the first missed post: ${JSON.stringify(rows)}`);
    assert.ok(mine < line, 'what was already seen stays above the line');
    await screenshot(page, '24-new-messages');

    // A post arriving while the channel is open goes below the line, which stays put.
    await bob.client.createPost({ channel_id: planning.id, message: 'And one more, live' } as never);
    await post('And one more, live').waitFor();
    await page.getByRole('separator', { name: 'New messages' }).waitFor();

    // Gone once the channel is left and opened again: everything has been seen.
    await open('Town Square');
    await open('Planning');
    await post('And one more, live').waitFor();
    assert.equal(await page.getByRole('separator', { name: 'New messages' }).count(), 0);
    assert.ok(rootId);
    assert.deepEqual(problems, []);
  });
});
