// Accessibility of the main screens, in light and dark, checked in the browser itself: every control and
// picture has an accessible name (from chromium's own accessibility tree), ARIA references point at
// elements that exist, ids are unique, and text has enough contrast against what is behind it (WCAG AA:
// 4.5:1, 3:1 for large text). On top of these, axe-core runs on every screen and any violation it rates
// serious or critical fails the test.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { makeUser, startTestServer, type TestServer, type TestUser } from '../../server/test/harness.js';
import { ensureWebBuild, launchChromium } from './support.js';

/** Roles that must have a name (axe: button-name, link-name, label, aria-*-name, image-alt). */
const NAMED_ROLES = new Set(['button', 'link', 'textbox', 'searchbox', 'combobox', 'checkbox', 'radio', 'menuitem', 'menuitemradio', 'menuitemcheckbox', 'tab', 'option', 'listbox', 'dialog', 'image', 'img', 'switch', 'slider', 'tabpanel', 'region']);

interface AxNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
}

async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as unknown as { nodes: AxNode[] };
  await cdp.detach();
  return nodes.filter((n) => !n.ignored && NAMED_ROLES.has(n.role?.value ?? '') && !(n.name?.value ?? '').trim()).map((n) => n.role!.value);
}

/** axe-core's browser bundle, injected into the page under test. */
const AXE_SCRIPT = path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');

/**
 * Single nodes for which one axe rule does not apply, each with the reason. Nothing else is switched off.
 * - The team rail's buttons show a team's initials as an icon (the full name is in their label and tooltip),
 *   so "label in name" (WCAG 2.5.3), which is about text labels, does not fit them: a voice-control user
 *   says the name shown in the tooltip.
 */
const AXE_EXCEPTIONS: readonly { rule: string; selector: string }[] = [{ rule: 'label-content-name-mismatch', selector: '.team-rail__team' }];

/**
 * axe-core's serious and critical violations on the whole document: rule, impact and the first targets.
 * A string for the same reason as PAGE_CHECKS; page.evaluate waits for the promise.
 */
const AXE_RUN = `(() => {
  const exceptions = ${JSON.stringify(AXE_EXCEPTIONS)};
  const excepted = (rule, node) => exceptions.some((x) => {
    if (x.rule !== rule) return false;
    const el = document.querySelector(node.target[node.target.length - 1]);
    return !!el && el.matches(x.selector);
  });
  return axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !excepted(v.id, n)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => v.id + ' (' + v.impact + ', ' + v.nodes.length + ' nodes): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + n.html.slice(0, 120)).join(' | ')));
})()`;

async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate<string[]>(AXE_RUN);
}

/**
 * ARIA id references, duplicate ids and text contrast, computed in the page. A string: the test's
 * transpiler would add helpers the page does not have.
 */
const PAGE_CHECKS = `(() => {
  const problems = [];
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push('duplicate id ' + id);
  for (const attr of ['aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-activedescendant']) {
    for (const el of document.querySelectorAll('[' + attr + ']')) {
      for (const ref of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(ref)) problems.push(attr + ' -> missing #' + ref + ' on ' + el.tagName.toLowerCase() + '.' + el.className);
      }
    }
  }
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, below) => ({ r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a), b: top.b * top.a + below.b * (1 - top.a), a: 1 });
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage !== 'none') return null;
      const c = parse(s.backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    if (getComputedStyle(document.documentElement).colorScheme === 'dark') bg = { r: 0, g: 0, b: 0, a: 1 };
    for (const c of layers.reverse()) bg = over(c, bg);
    return bg;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const el = t.parentElement;
    if (!el || seen.has(el) || !t.textContent.trim()) continue;
    seen.add(el);
    if (el.closest('[aria-hidden="true"], [disabled], :disabled, .visually-hidden, mark, .emoji')) continue;
    const rect = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (rect.width === 0 || rect.height === 0 || s.visibility === 'hidden' || Number(s.opacity) === 0) continue;
    if (rect.bottom < 0 || rect.top > innerHeight || rect.right < 0 || rect.left > innerWidth) continue;
    const fg = parse(s.color);
    const bg = background(el);
    if (!fg || !bg) continue;
    const color = over(fg, bg);
    const [hi, lo] = [lum(color), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push('contrast ' + ratio.toFixed(2) + ' for "' + t.textContent.trim().slice(0, 30) + '" (' + el.tagName.toLowerCase() + '.' + el.className + ', ' + s.color + ')');
  }
  return problems;
})()`;

/** The console's sections, each with what shows once its data is in. */
const CONSOLE_SCREENS: readonly [string, string][] = [
  ['Users', '.console-table tbody tr'],
  ['Teams', '.console-table tbody tr'],
  ['Channels', '.console-table tbody tr'],
  ['Site configuration', '.console-config__section'],
  ['Audit log', '.console-table tbody tr'],
  ['Server logs', '.console-logs, .empty-state'],
  ['Site statistics', '.console-stats__card'],
  ['Permissions', '.console-permissions li'],
];

describe('accessibility of the main screens', () => {
  let srv: TestServer;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  // An administrator with MFA on: the sign-in code step, and the one who can switch enforcement on and off.
  let keeper: TestUser;

  before(async () => {
    ensureWebBuild();
    srv = await startTestServer('sqlite', { enableMultifactorAuthentication: true });
    alice = await makeUser(srv.url, null, { username: 'alice' });
    bob = await makeUser(srv.url, alice.client, { username: 'bob' });
    keeper = await makeUser(srv.url, alice.client, { username: 'keeper' });
    await alice.client.updateUserRoles(keeper.user.id, 'system_user system_admin');
    const { secret } = await keeper.client.generateMfaSecret(keeper.user.id);
    const code = OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    await keeper.client.updateUserMfa(keeper.user.id, true, code);
    const team = await alice.client.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as Team);
    await alice.client.addToTeam(team.id, bob.user.id);
    const design = await alice.client.createChannel({ team_id: team.id, name: 'design', display_name: 'Design', type: 'O', purpose: 'Critique and ship' } as Channel);
    await alice.client.addToChannel(bob.user.id, design.id);
    const root = await bob.client.createPost({ channel_id: design.id, message: 'Review the **mockups** @alice :tada:' } as never);
    await alice.client.createPost({ channel_id: design.id, root_id: root.id, message: 'On it' } as never);
    await bob.client.addReaction(bob.user.id, root.id, '+1');
    // A bot-style message attachment with every kind of part, including buttons in each style and a menu.
    const integration = { url: 'http://127.0.0.1:9/never-called' };
    await alice.client.createPost({
      channel_id: design.id,
      message: '',
      props: {
        attachments: [
          {
            color: 'good',
            pretext: 'Build **42**',
            author_name: 'CI',
            author_link: 'https://example.com/ci',
            title: 'Release notes',
            title_link: 'https://example.com/notes',
            text: 'All checks passed',
            fields: [
              { title: 'Branch', value: 'main', short: true },
              { title: 'Duration', value: '4 min', short: true },
            ],
            footer: 'Deploy bot',
            actions: [
              ...['default', 'primary', 'danger', 'good', 'warning'].map((style) => ({ name: `Run ${style}`, type: 'button', style, integration })),
              { name: 'Environment', type: 'select', integration, options: [{ text: 'Production', value: 'prod' }] },
            ],
          },
        ],
      },
    } as never);
    await alice.client.createPost({ channel_id: design.id, message: 'Here is a `code` sample and a [link](https://example.com)' } as never);
    await bob.client.createPost({ channel_id: (await alice.client.getChannelByName(team.id, 'town-square')).id, message: '@alice standup?' } as never);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has named controls, valid ARIA references, readable text and no serious axe violations (${scheme})`, async () => {
      // bypassCSP: the pages forbid inline scripts, and addScriptTag injects axe-core as one.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', colorScheme: scheme, reducedMotion: 'reduce', bypassCSP: true });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems: string[] = [];
      const check = async (screen: string, on: Page = page) => {
        await on.mouse.move(1, 1);
        for (const role of await unnamedControls(on)) problems.push(`${screen}: a ${role} without a name`);
        for (const p of await on.evaluate<string[]>(PAGE_CHECKS)) problems.push(`${screen}: ${p}`);
        for (const v of await axeViolations(on)) problems.push(`${screen}: axe ${v}`);
      };

      await page.goto(`${srv.url}/acme/channels/design`);
      await page.locator('input[name=loginId]').fill('alice');
      await check('login');
      await page.locator('input[name=password]').fill(alice.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.locator('.channel-view .post', { hasText: 'code' }).waitFor();
      await page.locator('.channel-view .message-attachment', { hasText: 'Release notes' }).waitFor();
      await check('channel (with a message attachment)');

      await page.locator('.channel-view .post', { hasText: 'mockups' }).getByRole('button', { name: '1 reply' }).click();
      await page.getByRole('complementary', { name: 'Thread' }).locator('.post', { hasText: 'On it' }).waitFor();
      await check('thread');

      await page.getByRole('searchbox', { name: 'Search messages' }).fill('mockups');
      await page.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
      await page.locator('.search-result').first().waitFor();
      await check('search');
      await page.getByRole('button', { name: 'Close search results' }).click();

      await page.getByRole('button', { name: 'Threads', exact: true }).click();
      await page.locator('.thread-item').first().waitFor();
      await check('threads');

      await page.keyboard.press('Control+k');
      await page.getByRole('dialog', { name: 'Find channels' }).getByRole('option').first().waitFor();
      await check('switcher');
      await page.keyboard.press('Escape');

      await page.locator('.sidebar__footer').getByRole('button', { name: 'Settings' }).click();
      for (const tab of ['Profile', 'Display', 'Notifications', 'Security']) {
        await page.getByRole('tab', { name: tab }).click();
        await check(`settings ${tab}`);
      }
      // MFA setup: QR code, key and code field (the pending secret is never activated).
      await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
      await check('settings MFA setup');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'New direct message' }).click();
      await page.getByRole('textbox', { name: 'Search people by name' }).waitFor();
      await check('direct message picker');
      await page.keyboard.press('Escape');
      assert.deepEqual(problems, []);

      // Focus moves into a dialog and comes back to what opened it.
      const opener = page.locator('.sidebar').getByRole('button', { name: 'Create a channel' }).first();
      // The picker closed just before hands focus back to its own opener on its own schedule; focus ours
      // once that has happened, and press only when focus is here.
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      for (const end = Date.now() + 10_000; Date.now() < end; ) {
        await opener.focus();
        if (await opener.evaluate((el) => el === document.activeElement)) break;
        await page.waitForTimeout(100);
      }
      await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Create a channel');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'channelName');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Create a channel');

      // The system console (alice is the first account, so an administrator): every section.
      await page.locator('.sidebar__team-button').click();
      await page.getByRole('menuitem', { name: 'System Console' }).click();
      const consoleNav = page.getByRole('navigation', { name: 'System Console' });
      for (const [section, ready] of CONSOLE_SCREENS) {
        await consoleNav.getByRole('link', { name: section, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: section }).waitFor();
        await page.locator(ready).first().waitFor();
        await check(`console ${section}`);
      }
      await consoleNav.getByRole('link', { name: 'Users', exact: true }).click();
      await page.getByRole('button', { name: 'Actions for @bob' }).click();
      await page.getByRole('menuitem', { name: 'Reset password' }).click();
      await page.getByRole('dialog', { name: 'Reset password' }).waitFor();
      await check('console reset password');
      await page.keyboard.press('Escape');
      assert.deepEqual(problems, []);
      await context.close();

      // The sign-in code step (keeper has MFA) and the enforced setup step (bob has none), each in a fresh browser.
      const signIn = async (user: TestUser) => {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', colorScheme: scheme, reducedMotion: 'reduce', bypassCSP: true });
        const p = await ctx.newPage();
        p.setDefaultTimeout(10_000);
        await p.goto(`${srv.url}/acme/channels/design`);
        await p.locator('input[name=loginId]').fill(user.user.username);
        await p.locator('input[name=password]').fill(user.password);
        await p.getByRole('button', { name: 'Log in' }).click();
        return { ctx, p };
      };
      const codeStep = await signIn(keeper);
      await codeStep.p.getByRole('heading', { name: 'Enter your verification code' }).waitFor();
      await check('login code step', codeStep.p);
      await codeStep.ctx.close();
      await keeper.client.patchConfig({ ServiceSettings: { EnforceMultifactorAuthentication: true } } as never);
      try {
        const setup = await signIn(bob);
        await setup.p.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
        await check('enforced MFA setup', setup.p);
        await setup.ctx.close();
      } finally {
        await keeper.client.patchConfig({ ServiceSettings: { EnforceMultifactorAuthentication: false } } as never);
      }
      assert.deepEqual(problems, []);
    });
  }
});
