// The system console in a real browser against a real Parley: an administrator deactivates a user (whose
// session then stops working), renames the site (and a signed-out visitor sees the new name), finds both
// changes in the audit log, changes a role's permissions and puts a team on a permission scheme; a member
// sees no console entry and the console's address tells them they have no permission.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { client, makeUser, startTestServer, type TestServer, type TestUser } from '../../server/test/harness.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { ensureWebBuild, launchChromium, openPage, screenshot } from './support.js';

describe('web client: system console', () => {
  let srv: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  const signIn = async (p: Page, who: TestUser, path = '/acme/channels/town-square') => {
    await p.goto(`${srv.url}${path}`);
    await p.locator('input[name=loginId]').fill(who.user.username);
    await p.locator('input[name=password]').fill(who.password);
    await p.getByRole('button', { name: 'Log in' }).click();
  };
  const openSection = async (name: string) => {
    await page.getByRole('navigation', { name: 'System Console' }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  before(async () => {
    ensureWebBuild();
    // A logger that keeps lines (the tests' default is silent) so the Server logs screen has some to show.
    srv = await startTestServer('sqlite', {}, undefined, { logger: createLogger({ level: 'info', destination: { write: () => {} } }) });
    // The first account is the system administrator.
    alice = await makeUser(srv.url, null, { username: 'alice' });
    bob = await makeUser(srv.url, alice.client, { username: 'bob' });
    carol = await makeUser(srv.url, alice.client, { username: 'carol' });
    const team = await alice.client.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as Team);
    for (const u of [bob, carol]) await alice.client.addToTeam(team.id, u.user.id);
    browser = await launchChromium();
    // The configuration the test has refused on purpose logs a console error.
    ({ page, problems } = await openPage(browser, [/status of 400/]));
  });

  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('opens from the team menu for an administrator', async () => {
    await signIn(page, alice);
    await page.locator('.channel-header__title', { hasText: 'Town Square' }).waitFor();
    await page.locator('.sidebar__team-button').click();
    await page.getByRole('menuitem', { name: 'System Console' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin_console/users');
    await page.getByRole('cell', { name: '@bob', exact: true }).waitFor();
  });

  it('deactivates a user, whose session is refused from then on', async () => {
    await bob.client.getMe();
    await page.getByRole('button', { name: 'Actions for @bob' }).click();
    await page.getByRole('menuitem', { name: 'Deactivate' }).click();
    await page.getByRole('dialog', { name: 'Deactivate' }).getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('status').filter({ hasText: '@bob is deactivated.' }).waitFor();
    await page.getByRole('row', { name: /@bob/ }).getByText('Deactivated').waitFor();
    await assert.rejects(bob.client.getMe(), (err: { status_code?: number }) => err.status_code === 401);
    // Listed as deactivated when the list is filtered so.
    await page.getByRole('combobox', { name: 'Show' }).selectOption('inactive');
    await page.getByRole('cell', { name: '@carol', exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: '@bob', exact: true }).waitFor();
    await screenshot(page, 'console-users');
  });

  it('creates an account and gives it a new password', async () => {
    await page.getByRole('combobox', { name: 'Show' }).selectOption('all');
    await page.getByRole('button', { name: 'Create user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await dialog.getByRole('textbox', { name: 'Username' }).fill('dave');
    await dialog.getByRole('textbox', { name: 'Email' }).fill('dave@example.com');
    await dialog.getByLabel('Password').fill('first-Passw0rd');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('cell', { name: '@dave', exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'The account @dave is created.' }).waitFor();

    await page.getByRole('button', { name: 'Actions for @dave' }).click();
    await page.getByRole('menuitem', { name: 'Reset password' }).click();
    const reset = page.getByRole('dialog', { name: 'Reset password' });
    await reset.getByLabel('New password').fill('second-Passw0rd');
    await reset.getByRole('button', { name: 'Save' }).click();
    await reset.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: '@dave has a new password.' }).waitFor();
    const dave = client(srv.url);
    await assert.rejects(dave.login('dave', 'first-Passw0rd'));
    assert.equal((await dave.login('dave', 'second-Passw0rd')).username, 'dave');
  });

  it('archives a team', async () => {
    await alice.client.createTeam({ name: 'old', display_name: 'Old Projects', type: 'O' } as Team);
    await openSection('Teams');
    await page.getByRole('button', { name: 'Archive Old Projects' }).click();
    await page.getByRole('dialog', { name: 'Archive' }).getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('status').filter({ hasText: 'Old Projects is archived.' }).waitFor();
    const teams = (await alice.client.getTeams(0, 100, false)) as Team[];
    assert.ok(!teams.some((t) => t.name === 'old' && !t.delete_at));
  });

  it('converts, moves and archives channels of any team', async () => {
    const acme = await alice.client.getTeamByName('acme');
    const beta = await alice.client.createTeam({ name: 'beta', display_name: 'Beta', type: 'O' } as Team);
    const design = await alice.client.createChannel({ team_id: acme.id, name: 'design', display_name: 'Design', type: 'O' } as Channel);
    const roadmap = await alice.client.createChannel({ team_id: acme.id, name: 'roadmap', display_name: 'Roadmap', type: 'O' } as Channel);
    await openSection('Channels');
    const row = (name: string) => page.getByRole('row', { name: new RegExp(`^${name} `) });

    await page.getByRole('button', { name: 'Actions for Design in Acme' }).click();
    await page.getByRole('menuitem', { name: 'Convert to private channel' }).click();
    await row('Design').getByText('Private').waitFor();
    assert.equal((await alice.client.getChannel(design.id)).type, 'P');

    await page.getByRole('button', { name: 'Actions for Roadmap in Acme' }).click();
    await page.getByRole('menuitem', { name: 'Move to another team' }).click();
    const move = page.getByRole('dialog', { name: 'Move to another team' });
    await move.getByRole('combobox', { name: 'Team' }).selectOption(beta.id);
    await move.getByRole('button', { name: 'Move to another team' }).click();
    await move.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Actions for Roadmap in Beta' }).waitFor();
    assert.equal((await alice.client.getChannel(roadmap.id)).team_id, beta.id);

    await page.getByRole('button', { name: 'Actions for Design in Acme' }).click();
    await page.getByRole('menuitem', { name: 'Archive' }).click();
    await page.getByRole('dialog', { name: 'Archive' }).getByRole('button', { name: 'Archive' }).click();
    await row('Design').getByText('Archived').waitFor();
    assert.ok((await alice.client.getChannel(design.id)).delete_at > 0);
    await screenshot(page, 'console-channels');
  });

  it('changes a site setting, which takes effect at once', async () => {
    await openSection('Site configuration');
    const siteName = page.getByRole('textbox', { name: 'SiteName', exact: true });
    await siteName.fill('Acme Chat');
    await page.getByText('1 unsaved change').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await page.waitForFunction(() => document.title.endsWith('· Acme Chat'));
    assert.equal((await alice.client.getConfig()).TeamSettings.SiteName, 'Acme Chat');

    // A value the server refuses: its reason is shown and nothing is saved.
    await siteName.fill('A name far too long for any site name field');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: /./ }).first().waitFor();
    assert.equal((await alice.client.getConfig()).TeamSettings.SiteName, 'Acme Chat');
    await screenshot(page, 'console-config');

    // Someone signed out sees the new name.
    const { context, page: visitor } = await openPage(browser);
    await visitor.goto(srv.url);
    await visitor.locator('.auth__site', { hasText: 'Acme Chat' }).waitFor();
    await context.close();
  });

  it('shows both changes in the audit log', async () => {
    await openSection('Audit log');
    await page.getByRole('searchbox', { name: 'Filter by action' }).fill('/active');
    const row = page.getByRole('row', { name: new RegExp(`/api/v4/users/${bob.user.id}/active`) });
    await row.waitFor();
    assert.match(await row.innerText(), /@alice/);
    await page.getByRole('searchbox', { name: 'Filter by action' }).fill('/config/patch');
    await page.getByRole('row', { name: /\/api\/v4\/config\/patch/ }).first().waitFor();
  });

  it('shows the server log, by level and text', async () => {
    // Client4 sends client errors to the server log only when told to.
    alice.client.enableLogging = true;
    await alice.client.logClientError('console e2e marker');
    await openSection('Server logs');
    await page.locator('.console-logs__line').first().waitFor();
    await page.getByRole('combobox', { name: 'Level' }).selectOption('error');
    await page.getByRole('searchbox', { name: 'Filter lines' }).fill('e2e marker');
    const line = page.locator('.console-logs__line');
    await line.filter({ hasText: 'console e2e marker' }).waitFor();
    assert.equal(await line.count(), 1);
  });

  it('shows site statistics and edits a role', async () => {
    await openSection('Site statistics');
    await page.locator('.console-stats__card', { hasText: 'Teams' }).waitFor();
    await page.getByRole('img', { name: 'Posts per day' }).or(page.getByText('No posts in this period.')).waitFor();

    await openSection('Permissions');
    await page.getByRole('combobox', { name: 'Role' }).selectOption('channel_user');
    const reactions = page.getByRole('checkbox', { name: 'add_reaction', exact: true });
    const had = await reactions.isChecked();
    await reactions.setChecked(!had);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Permissions of Channel members saved.' }).waitFor();
    const [role] = await alice.client.getRolesByNames(['channel_user']);
    assert.equal(role!.permissions.includes('add_reaction'), !had);
  });

  it('creates a team scheme, edits its role, puts Acme on it and deletes it', async () => {
    await page.getByRole('button', { name: 'New scheme' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Strict teams');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Scheme Strict teams created.' }).waitFor();
    const [scheme] = await alice.client.getSchemes('team');
    assert.equal(scheme?.display_name, 'Strict teams');

    await page.getByRole('combobox', { name: 'Role' }).selectOption('team_user');
    const privateChannels = page.getByRole('checkbox', { name: 'create_private_channel', exact: true });
    assert.equal(await privateChannels.isChecked(), true, 'copied from the built-in team_user role');
    await privateChannels.setChecked(false);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Permissions of Team members saved.' }).waitFor();
    const [teamUser] = await alice.client.getRolesByNames([scheme!.default_team_user_role]);
    assert.equal(teamUser!.permissions.includes('create_private_channel'), false);

    await page.getByRole('combobox', { name: 'Add a team' }).selectOption({ label: 'Acme' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Acme now uses this scheme.' }).waitFor();
    assert.equal((await alice.client.getTeamByName('acme')).scheme_id, scheme!.id);

    await page.getByRole('button', { name: 'Delete scheme' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete scheme' }).click();
    await page.getByRole('status').filter({ hasText: 'Scheme Strict teams deleted.' }).waitFor();
    assert.equal((await alice.client.getTeamByName('acme')).scheme_id ?? null, null);
    assert.deepEqual(await alice.client.getSchemes('team'), []);
  });

  it('goes back to the chat', async () => {
    await page.getByRole('link', { name: 'Back to Acme Chat' }).click();
    await page.locator('.channel-header__title', { hasText: 'Town Square' }).waitFor();
    assert.deepEqual(problems, []);
  });

  it('is not offered to a member, and its address says they have no permission', async () => {
    const { context, page: member } = await openPage(browser);
    await signIn(member, carol);
    await member.locator('.channel-header__title', { hasText: 'Town Square' }).waitFor();
    await member.locator('.sidebar__team-button').click();
    await member.getByRole('menuitem', { name: 'Settings' }).waitFor();
    assert.equal(await member.getByRole('menuitem', { name: 'System Console' }).count(), 0);
    await member.keyboard.press('Escape');
    await member.goto(`${srv.url}/admin_console/config`);
    await member.getByRole('alert').filter({ hasText: 'You do not have permission to access the System Console.' }).waitFor();
    assert.equal(await member.getByRole('navigation', { name: 'System Console' }).count(), 0);
    await context.close();
  });
});
