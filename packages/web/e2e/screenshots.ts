// Screenshots of the main screens for docs/screenshots, in light and dark: a real Parley on loopback, data
// seeded through the API (a team with channels, people with names and presence, a conversation with
// markdown, reactions, a thread, a picture), and chromium showing it as a person would see it.
//   node --import tsx packages/web/e2e/screenshots.ts [output dir]
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { makeUser, startTestServer, type TestUser } from '../../server/test/harness.js';
import { ensureWebBuild, launchChromium, pngBytes, repoRoot } from './support.js';

const outDir = path.resolve(process.argv[2] ?? path.join(repoRoot, 'docs/screenshots'));
fs.mkdirSync(outDir, { recursive: true });

type Scheme = 'light' | 'dark';

async function post(u: TestUser, channelId: string, message: string, rootId = ''): Promise<string> {
  const p = await u.client.createPost({ channel_id: channelId, message, root_id: rootId } as never);
  return p.id;
}

async function seed(url: string) {
  const alice = await makeUser(url, null, { username: 'alice', first_name: 'Alice', last_name: 'Martin', nickname: 'Ali' });
  const admin = alice.client;
  const people = {
    bob: await makeUser(url, admin, { username: 'bob', first_name: 'Bob', last_name: 'Chen' }),
    carol: await makeUser(url, admin, { username: 'carol', first_name: 'Carol', last_name: 'Diaz' }),
    dave: await makeUser(url, admin, { username: 'dave', first_name: 'Dave', last_name: 'Okafor' }),
    erin: await makeUser(url, admin, { username: 'erin', first_name: 'Erin', last_name: 'Kowalska' }),
  };
  const { bob, carol, dave, erin } = people;
  const team = await admin.createTeam({ name: 'acme', display_name: 'Acme Design', type: 'O' } as Team);
  const ops = await admin.createTeam({ name: 'ops', display_name: 'Operations', type: 'O' } as Team);
  for (const p of Object.values(people)) {
    await admin.addToTeam(team.id, p.user.id);
    await admin.addToTeam(ops.id, p.user.id);
  }
  const channel = async (name: string, display: string, purpose: string, type: 'O' | 'P' = 'O'): Promise<Channel> => {
    const c = await admin.createChannel({ team_id: team.id, name, display_name: display, purpose, type } as Channel);
    for (const p of Object.values(people)) await admin.addToChannel(p.user.id, c.id);
    return c;
  };
  const reviews = await channel('design-reviews', 'Design Reviews', 'Critique, iterate, ship');
  const marketing = await channel('marketing', 'Marketing', 'Launch plans and copy');
  const leadership = await channel('leadership', 'Leadership', 'Decisions and priorities', 'P');
  await channel('random', 'Random', 'Everything else');
  const town = await admin.getChannelByName(team.id, 'town-square');
  await admin.savePreferences(alice.user.id, [{ user_id: alice.user.id, category: 'favorite_channel', name: reviews.id, value: 'true' }]);

  await post(bob, town.id, 'Morning all! Standup notes are in the wiki as usual.');
  await post(carol, marketing.id, 'Draft of the launch email is ready for a look @alice');
  await post(dave, leadership.id, 'Q3 priorities doc is updated.');

  // The conversation the channel screenshots show.
  await post(carol, reviews.id, 'Pushed the new **onboarding flow** to staging. Two open questions:\n\n1. Do we keep the progress bar?\n2. Is the copy on step 3 too long?');
  const root = await post(bob, reviews.id, 'Looks great @alice! One thing about the empty state — the illustration feels a bit heavy. :thinking:');
  await post(dave, reviews.id, 'Numbers from last week for context:\n\n| Step | Completion |\n|---|---|\n| Sign-up | 92% |\n| Team | 81% |\n| First message | 64% |');
  await post(erin, reviews.id, 'Here is the config change that goes with it:\n\n```ts\nexport const onboarding = {\n  steps: ["signup", "team", "invite"],\n  skippable: true,\n};\n```');
  const upload = await carol.client.uploadFile(
    (() => {
      const form = new FormData();
      form.append('channel_id', reviews.id);
      form.append('files', new Blob([new Uint8Array(pngBytes(480, 270, [99, 102, 241]))], { type: 'image/png' }), 'empty-state-v2.png');
      return form;
    })(),
  );
  await carol.client.createPost({ channel_id: reviews.id, message: 'Lighter version of the empty state, for comparison', file_ids: [upload.file_infos[0]!.id] } as never);
  await post(carol, reviews.id, 'Agreed, swapping it for a lighter one', root);
  await post(dave, reviews.id, 'Same here. Also +1 on keeping the progress bar, people liked it in testing.', root);
  await post(erin, reviews.id, 'I can pair on the illustration tomorrow if that helps', root);
  await bob.client.addReaction(bob.user.id, root, 'rocket');
  await carol.client.addReaction(carol.user.id, root, '+1');
  await dave.client.addReaction(dave.user.id, root, '+1');

  const dm = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
  await post(bob, dm.id, 'Have a minute to look at the roadmap later?');
  const gm = await carol.client.createGroupChannel([carol.user.id, alice.user.id, dave.user.id]);
  await post(carol, gm.id, 'Lunch on Thursday?');

  // Presence: chosen statuses stick (no socket needed).
  await bob.client.updateStatus({ user_id: bob.user.id, status: 'online' } as never);
  await carol.client.updateStatus({ user_id: carol.user.id, status: 'online' } as never);
  await dave.client.updateStatus({ user_id: dave.user.id, status: 'away' } as never);
  await erin.client.updateStatus({ user_id: erin.user.id, status: 'dnd' } as never);
  await post(bob, (await admin.getChannelByName(ops.id, 'town-square')).id, '@alice the deploy window moved to 4 pm');
  return { alice, team, reviews, root };
}

async function shoot(page: Page, name: string, scheme: Scheme): Promise<void> {
  await page.mouse.move(1, 1);
  // Fonts, thumbnails and avatars settle before the picture is taken.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
  await page.screenshot({ path: path.join(outDir, `${name}-${scheme}.png`) });
  console.log(`# ${name}-${scheme}.png`);
}

async function capture(browser: Browser, url: string, data: Awaited<ReturnType<typeof seed>>, scheme: Scheme): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: scheme, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);

  await page.goto(`${url}/acme/channels/design-reviews`);
  await page.locator('input[name=loginId]').fill('alice');
  await page.locator('input[name=password]').fill(data.alice.password);
  await shoot(page, 'login', scheme);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('.channel-header__title', { hasText: 'Design Reviews' }).waitFor();
  await page.locator('.attachment-picture img').waitFor();
  const dismiss = page.getByRole('button', { name: 'Not now' });
  if (await dismiss.count()) await dismiss.click();
  await page.locator('.status-dot--online').first().waitFor();
  await shoot(page, 'channel', scheme);

  await page.locator('.channel-view .post', { hasText: 'empty state — the illustration' }).getByRole('button', { name: /3 replies/ }).click();
  await page.locator('.thread-panel .post', { hasText: 'pair on the illustration' }).waitFor();
  await shoot(page, 'thread', scheme);
  await page.getByRole('button', { name: 'Close thread' }).click();

  const box = page.getByRole('searchbox', { name: 'Search messages' });
  await box.fill('onboarding');
  await box.press('Enter');
  await page.locator('.search-result').first().waitFor();
  await shoot(page, 'search', scheme);
  await page.getByRole('button', { name: 'Close search results' }).click();

  await page.getByRole('button', { name: 'Threads', exact: true }).click();
  await page.locator('.thread-item').first().waitFor();
  await shoot(page, 'threads', scheme);

  await page.getByRole('button', { name: 'Design Reviews', exact: true }).click();
  await page.locator('.channel-header__title', { hasText: 'Design Reviews' }).waitFor();
  await page.keyboard.press('Control+k');
  await page.getByRole('dialog', { name: 'Find channels' }).getByRole('combobox').fill('mar');
  await page.getByRole('option', { name: /Marketing/ }).waitFor();
  await shoot(page, 'switcher', scheme);
  await page.keyboard.press('Escape');

  await page.locator('.sidebar__footer').getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Display' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).getByText('Theme').waitFor();
  await shoot(page, 'settings', scheme);

  // Arabic, right to left; then back to English for the next run.
  await page.locator('select[name=locale]').selectOption('ar');
  await page.getByRole('heading', { name: 'الإعدادات' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'القنوات' }).waitFor();
  await shoot(page, 'channel-arabic', scheme);
  await data.alice.client.patchMe({ locale: 'en' });
  await context.close();
}

ensureWebBuild();
const srv = await startTestServer('sqlite');
let browser: Browser | undefined;
try {
  const data = await seed(srv.url);
  browser = await launchChromium();
  for (const scheme of ['light', 'dark'] as const) await capture(browser, srv.url, data, scheme);
  console.log(`# screenshots in ${outDir}`);
} finally {
  await browser?.close();
  await srv.close();
}
