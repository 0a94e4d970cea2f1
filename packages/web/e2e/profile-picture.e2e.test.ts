// A profile picture, in a real browser against a real Parley: Alice uploads one in Settings → Profile and
// Bob, in his own browser, sees her avatar change at once (user_updated, and a new `_=` in the address so
// no cache keeps the old picture); a file that is not an image is refused in words; removing it goes back
// to the generated picture for both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { makeUser, startTestServer, type TestServer, type TestUser } from '../../server/test/harness.js';
import { ensureWebBuild, launchChromium, openPage, pngBytes, screenshot } from './support.js';

describe('web client: profile picture', () => {
  let srv: TestServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  let alicePage: Page;
  let bobPage: Page;
  const problems: string[][] = [];

  /** Alice's avatar next to her message, as Bob sees it. */
  const aliceAvatarForBob = () => bobPage.locator('.channel-view .post', { hasText: 'hello from alice' }).locator('.avatar img');

  async function logIn(page: Page, user: TestUser) {
    await page.goto(`${srv.url}/acme/channels/design`);
    await page.locator('input[name=loginId]').fill(user.user.username);
    await page.locator('input[name=password]').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('.channel-view .post', { hasText: 'hello from alice' }).waitFor();
  }

  /** Waits until Bob's view of Alice's avatar asks for this version and the picture has loaded. */
  async function bobSeesVersion(version: number) {
    await bobPage.waitForFunction((v) => {
      const post = Array.from(document.querySelectorAll('.channel-view .post')).find((p) => p.textContent?.includes('hello from alice'));
      const img = post?.querySelector('.avatar img') as HTMLImageElement | null | undefined;
      return !!img && img.getAttribute('src')?.endsWith(`?_=${v}`) === true && img.complete && img.naturalWidth > 0;
    }, version);
  }

  before(async () => {
    ensureWebBuild();
    srv = await startTestServer('sqlite');
    alice = await makeUser(srv.url, null, { username: 'alice' });
    bob = await makeUser(srv.url, alice.client, { username: 'bob' });
    const team = await alice.client.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as Team);
    await alice.client.addToTeam(team.id, bob.user.id);
    const design = await alice.client.createChannel({ team_id: team.id, name: 'design', display_name: 'Design', type: 'O' } as Channel);
    await alice.client.addToChannel(bob.user.id, design.id);
    await alice.client.createPost({ channel_id: design.id, message: 'hello from alice' } as never);
    browser = await launchChromium();
    // The refused upload answers 400, which chromium logs.
    const a = await openPage(browser, [/status of 400/]);
    const b = await openPage(browser);
    alicePage = a.page;
    bobPage = b.page;
    problems.push(a.problems, b.problems);
    await logIn(alicePage, alice);
    await logIn(bobPage, bob);
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('shows the generated picture to begin with', async () => {
    assert.equal(await aliceAvatarForBob().getAttribute('src'), `/api/v4/users/${alice.user.id}/image?_=0`);
    await alicePage.locator('.sidebar__footer').getByRole('button', { name: 'Settings' }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('img', { name: 'Your profile picture' }).waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Remove picture' }).count(), 0);
  });

  it('refuses a file that is not a picture, in words', async () => {
    const dialog = alicePage.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Upload picture').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
    await dialog.getByRole('alert').filter({ hasText: 'That file isn’t a picture Parley can read.' }).waitFor();
    assert.equal((await alice.client.getMe()).last_picture_update ?? 0, 0);
  });

  it('uploads a picture in Settings, and Bob sees it at once', async () => {
    const dialog = alicePage.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Upload picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: pngBytes(300, 200, [200, 60, 40]) });
    await dialog.getByRole('button', { name: 'Remove picture' }).waitFor();
    assert.equal(await dialog.getByRole('alert').count(), 0);
    const version = (await alice.client.getMe()).last_picture_update;
    assert.ok(version > 0, `last_picture_update ${version}`);
    // Alice's own preview moved to the new address …
    await alicePage.waitForFunction((v) => document.querySelector<HTMLImageElement>('.settings__picture img')?.getAttribute('src')?.endsWith(`?_=${v}`) === true, version);
    // … and so did Bob's view of her, with the server's 128×128 picture loaded.
    await bobSeesVersion(version);
    assert.equal(await aliceAvatarForBob().evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight].join('×')), '128×128');
    assert.equal(await bobPage.locator('.channel-view .post', { hasText: 'hello from alice' }).locator('.avatar__letter').count(), 0);
    await screenshot(alicePage, 'profile-picture');
  });

  it('removes it again, back to the generated picture for both', async () => {
    const dialog = alicePage.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: 'Remove picture' }).click();
    await dialog.getByRole('button', { name: 'Remove picture' }).waitFor({ state: 'detached' });
    const version = (await alice.client.getMe()).last_picture_update;
    assert.ok(version < 0, `last_picture_update ${version} after a reset`);
    await bobSeesVersion(version);
    await bobPage.locator('.channel-view .post', { hasText: 'hello from alice' }).locator('.avatar__letter', { hasText: 'A' }).waitFor();
    assert.deepEqual(problems.flat(), []);
  });
});
