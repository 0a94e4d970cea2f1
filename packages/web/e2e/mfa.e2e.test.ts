// Two-factor sign-in in a real browser against a real Parley: Carol turns MFA on in Settings → Security
// (codes computed here from the key the page shows), signs out, and signs in with password and code; a
// wrong code is refused in words and a recovery code works once. With EnforceMultifactorAuthentication
// patched on by the administrator, Dave (no MFA) gets the setup step instead of the app, and the app after.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { makeUser, startTestServer, type TestServer, type TestUser } from '../../server/test/harness.js';
import { ensureWebBuild, launchChromium, openPage, screenshot } from './support.js';

const STEP_MS = 30_000;
const codeAt = (secret: string, step: number) =>
  OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: step * STEP_MS });

/** A code of the server's window (previous, current, next step) that was not used yet; each step is good once. */
function freshCode(secret: string, used: Set<number>): string {
  const now = Math.floor(Date.now() / STEP_MS);
  const step = [now + 1, now, now - 1].find((s) => !used.has(s));
  assert.ok(step !== undefined, 'every step of the window is used');
  used.add(step);
  return codeAt(secret, step);
}

/** A well-formed code that no step near now produces. */
function wrongCode(secret: string): string {
  const now = Math.floor(Date.now() / STEP_MS);
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => codeAt(secret, now + d)));
  let n = 0;
  while (valid.has(String(n).padStart(6, '0'))) n += 1;
  return String(n).padStart(6, '0');
}

describe('web client: two-factor authentication', () => {
  let srv: TestServer;
  let browser: Browser;
  let alice: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let secret = '';
  let recovery: string[] = [];
  const used = new Set<number>();
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];

  /** A fresh browser (no session cookie); the refused logins answer 401, which chromium logs. */
  async function freshPage(): Promise<Page> {
    const p = await openPage(browser, [/status of 40[13]/]);
    contexts.push(p.context);
    problems.push(p.problems);
    return p.page;
  }

  async function enterPassword(page: Page, user: TestUser) {
    await page.goto(`${srv.url}/acme/channels/design`);
    await page.locator('input[name=loginId]').fill(user.user.username);
    await page.locator('input[name=password]').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  async function enterCode(page: Page, code: string) {
    await page.getByLabel('Verification code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
  }

  const channelShown = (page: Page) => page.locator('.channel-view .post', { hasText: 'welcome to design' }).waitFor();

  before(async () => {
    ensureWebBuild();
    srv = await startTestServer('sqlite', { enableMultifactorAuthentication: true });
    alice = await makeUser(srv.url, null, { username: 'alice' });
    carol = await makeUser(srv.url, alice.client, { username: 'carol' });
    dave = await makeUser(srv.url, alice.client, { username: 'dave' });
    const team = await alice.client.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as Team);
    const design = await alice.client.createChannel({ team_id: team.id, name: 'design', display_name: 'Design', type: 'O' } as Channel);
    for (const u of [carol, dave]) {
      await alice.client.addToTeam(team.id, u.user.id);
      await alice.client.addToChannel(u.user.id, design.id);
    }
    await alice.client.createPost({ channel_id: design.id, message: 'welcome to design' } as never);
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await srv?.close();
  });

  it('turns MFA on in Settings: key and QR code, a wrong code refused, then the recovery codes once', async () => {
    const page = await freshPage();
    await enterPassword(page, carol);
    await channelShown(page);
    await page.locator('.sidebar__footer').getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Security' }).click();
    await dialog.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const qr = dialog.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    // The QR code is a real PNG the browser decoded.
    assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0));
    secret = (await dialog.getByTestId('mfa-secret').textContent()) ?? '';
    assert.match(secret, /^[A-Z2-7]{16,}$/);

    await dialog.getByLabel('Verification code').fill(wrongCode(secret));
    await dialog.getByRole('button', { name: 'Activate' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'That code isn’t right' }).waitFor();
    assert.equal((await alice.client.getUser(carol.user.id)).mfa_active, false);

    await dialog.getByLabel('Verification code').fill(freshCode(secret, used));
    await dialog.getByRole('button', { name: 'Activate' }).click();
    await dialog.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    recovery = await dialog.locator('.mfa-recovery__codes li').allTextContents();
    assert.equal(recovery.length, 10);
    assert.match(await dialog.getByRole('note').innerText(), /Store these now/);
    await screenshot(page, 'mfa-recovery-codes');
    assert.equal((await alice.client.getUser(carol.user.id)).mfa_active, true);

    await dialog.getByRole('button', { name: 'I’ve stored them' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Two-factor authentication is on.' }).waitFor();
    assert.equal(await dialog.locator('.mfa-recovery__codes').count(), 0);
    await page.keyboard.press('Escape');

    // Signing out goes back to the password step.
    await page.locator('.sidebar__team-button').click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.locator('input[name=password]').waitFor();
  });

  it('signs in with password and code, after refusing a wrong code', async () => {
    const page = await freshPage();
    await enterPassword(page, carol);
    await page.getByRole('heading', { name: 'Enter your verification code' }).waitFor();
    await screenshot(page, 'mfa-login-code');
    await enterCode(page, wrongCode(secret));
    await page.getByRole('alert').filter({ hasText: 'That code isn’t right' }).waitFor();
    await page.getByRole('heading', { name: 'Enter your verification code' }).waitFor();
    await enterCode(page, freshCode(secret, used));
    await channelShown(page);
  });

  it('takes a recovery code once', async () => {
    const code = recovery[0]!;
    const first = await freshPage();
    await enterPassword(first, carol);
    await enterCode(first, code);
    await channelShown(first);

    const again = await freshPage();
    await enterPassword(again, carol);
    await enterCode(again, code);
    await again.getByRole('alert').filter({ hasText: 'That code isn’t right' }).waitFor();
    assert.equal(await again.locator('.channel-view').count(), 0);
  });

  it('holds a user without MFA at the setup step while the server enforces it, and opens the app after', async () => {
    await alice.client.patchConfig({ ServiceSettings: { EnforceMultifactorAuthentication: true } } as never);
    const page = await freshPage();
    await enterPassword(page, dave);
    await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    await page.getByText(/requires two-factor authentication\. Set it up to continue\./).waitFor();
    assert.equal(await page.locator('.channel-view').count(), 0);
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const daveSecret = (await page.getByTestId('mfa-secret').textContent()) ?? '';
    await page.getByLabel('Verification code').fill(freshCode(daveSecret, new Set()));
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'I’ve stored them' }).click();
    await channelShown(page);
    // (GET /users/me stays open under enforcement; alice, without MFA, is held now too.)
    assert.equal((await dave.client.getMe()).mfa_active, true);
    assert.deepEqual(problems.flat(), []);
  });
});
