// Bot accounts through Client4: creation behind EnableBotAccountCreation and create_bot, reading and managing
// with Mattermost's owner/others permissions (a hidden bot is "not found"), tokens that work with personal
// access tokens off, posts marked from_bot, disabling (token refused, socket closed) and the owner's
// deactivation disabling their bots.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Bot } from '@mattermost/types/bots';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { client, engines, expectAppError, expectClientError, makeAdmin, makeChannel, makeUser, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';

const NOT_FOUND = 'store.sql_bot.get.missing.app_error';
const PERMISSION = 'api.context.permissions.app_error';

for (const engine of engines()) {
  describe(`bots [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let team: Team;
    let channel: Channel;

    const settings = () => srv.parley.app.ctx.config.settings;
    const newBot = (fields: Partial<Bot> = {}) =>
      admin.client.createBot({ username: uniqueName('bot'), display_name: 'Build Bot', description: 'builds things', ...fields } as Bot);

    before(async () => {
      srv = await startTestServer(engine, { enableBotAccountCreation: true });
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 'Bots', type: 'O' } as Team);
      await admin.client.addToTeam(team.id, alice.user.id);
      channel = await makeChannel(admin, team, 'O', [alice]);
    });
    after(async () => {
      await srv.close();
    });

    it('creates a bot only with creation enabled and create_bot; refusals create nothing', async () => {
      settings().enableBotAccountCreation = false;
      const name = uniqueName('bot');
      try {
        await expectClientError(() => admin.client.createBot({ username: name, display_name: '', description: '' } as Bot), 403, 'api.bot.create_disabled');
      } finally {
        settings().enableBotAccountCreation = true;
      }
      await expectClientError(() => alice.client.createBot({ username: name, display_name: '', description: '' } as Bot), 403, PERMISSION);
      await expectClientError(() => admin.client.getUserByUsername(name), 404);

      const bot = await newBot({ username: name });
      assert.equal(bot.username, name);
      assert.equal(bot.display_name, 'Build Bot');
      assert.equal(bot.description, 'builds things');
      assert.equal(bot.owner_id, admin.user.id);
      assert.equal(bot.delete_at, 0);
      // The bot is a user: listed with is_bot and its description; it cannot log in with a password.
      const user = await alice.client.getUser(bot.user_id);
      assert.equal(user.is_bot, true);
      assert.equal(user.bot_description, 'builds things');
      assert.equal(user.first_name, 'Build Bot');
      const login = await raw(srv.url, 'POST', '/api/v4/users/login', { body: { login_id: name, password: 'whatever-it-is' } });
      assert.equal(login.status, 401);

      await expectClientError(() => admin.client.createBot({ username: name, display_name: '', description: '' } as Bot), 400, 'app.user.save.username_exists.app_error');
      await expectClientError(() => admin.client.createBot({ username: 'Not Valid!', display_name: '', description: '' } as Bot), 400, 'model.bot.is_valid.username.app_error');
      await expectClientError(() => admin.client.createBot({ username: uniqueName('bot'), display_name: '', description: 'x'.repeat(1025) } as Bot), 400, 'model.bot.is_valid.description.app_error');
    });

    it('reads bots with read_bots / read_others_bots; others are told the bot does not exist', async () => {
      const bot = await newBot();
      assert.equal((await admin.client.getBot(bot.user_id)).user_id, bot.user_id);
      const listed = await admin.client.getBots(0, 200);
      assert.ok(listed.some((b) => b.user_id === bot.user_id));
      await expectClientError(() => alice.client.getBot(bot.user_id), 404, NOT_FOUND);
      await expectClientError(() => alice.client.getBots(0, 60), 403, PERMISSION);
      // A plain user is not even told a real user is a bot.
      await expectClientError(() => admin.client.getBot(alice.user.id), 404, NOT_FOUND);
      await expectClientError(() => alice.client.patchBot(bot.user_id, { description: 'mine now' } as Bot), 404, NOT_FOUND);
      assert.equal((await admin.client.getBot(bot.user_id)).description, 'builds things');
    });

    it('patches a bot and its user together; a taken username changes nothing', async () => {
      const bot = await newBot();
      const other = await newBot();
      const renamed = uniqueName('renamed');
      const patched = await admin.client.patchBot(bot.user_id, { username: renamed, display_name: 'Deployer', description: 'ships' } as Bot);
      assert.equal(patched.username, renamed);
      assert.equal(patched.display_name, 'Deployer');
      assert.equal(patched.description, 'ships');
      const user = await admin.client.getUser(bot.user_id);
      assert.equal(user.username, renamed);
      assert.equal(user.first_name, 'Deployer');
      assert.equal(user.bot_description, 'ships');
      await expectClientError(() => admin.client.patchBot(bot.user_id, { username: other.username } as Bot), 400, 'app.user.save.username_exists.app_error');
      assert.equal((await admin.client.getBot(bot.user_id)).username, renamed);
    });

    it("a bot's token works with personal access tokens off, posts from_bot, and dies with the bot", async () => {
      const bot = await newBot();
      await admin.client.addToTeam(team.id, bot.user_id);
      await admin.client.addToChannel(bot.user_id, channel.id);
      settings().enableUserAccessTokens = false;
      try {
        // People cannot have tokens now; the bot still can (it has no other way in).
        await expectClientError(() => admin.client.createUserAccessToken(alice.user.id, 'nope'), 501, 'app.user_access_token.disabled');
        await expectClientError(() => alice.client.createUserAccessToken(bot.user_id, 'not yours'), 403);
        const token = await admin.client.createUserAccessToken(bot.user_id, 'ci');
        const botClient = client(srv.url, token.token!);
        const post: Post = await botClient.createPost({ channel_id: channel.id, message: 'build green' } as Post);
        assert.equal(post.user_id, bot.user_id);
        assert.equal(post.props.from_bot, 'true');
        assert.equal((await alice.client.getPost(post.id)).props.from_bot, 'true');
        // A person's own post is not marked.
        const mine = await alice.client.createPost({ channel_id: channel.id, message: 'thanks' } as Post);
        assert.equal(mine.props.from_bot, undefined);

        const sock = await RawSocket.open(srv.url, { token: token.token! });
        await sock.waitFor((f) => f.event === 'hello');
        const disabled = await admin.client.disableBot(bot.user_id);
        assert.ok(disabled.delete_at > 0);
        await sock.waitClosed();
        await expectClientError(() => botClient.getMe(), 401);
        assert.ok((await admin.client.getUser(bot.user_id)).delete_at > 0);
        // Hidden from the default listing, there with include_deleted.
        assert.ok(!(await admin.client.getBots(0, 200)).some((b) => b.user_id === bot.user_id));
        assert.ok((await admin.client.getBotsIncludeDeleted(0, 200)).some((b) => b.user_id === bot.user_id));
        await expectClientError(() => admin.client.getBot(bot.user_id), 404, NOT_FOUND);

        const enabled = await admin.client.enableBot(bot.user_id);
        assert.equal(enabled.delete_at, 0);
        assert.equal((await botClient.getMe()).id, bot.user_id);
      } finally {
        settings().enableUserAccessTokens = true;
      }
    });

    it('posts through an incoming webhook it created, as itself and marked from_bot', async () => {
      const bot = await newBot();
      const token = await admin.client.createUserAccessToken(bot.user_id, 'hooks');
      // Managing webhooks takes team admin on the default roles, for a bot as for anyone.
      await admin.client.addToTeam(team.id, bot.user_id);
      await admin.client.updateTeamMemberSchemeRoles(team.id, bot.user_id, true, true);
      await admin.client.addToChannel(bot.user_id, channel.id);
      const botClient = client(srv.url, token.token);
      const hook = await botClient.createIncomingWebhook({ channel_id: channel.id, display_name: 'bot hook' } as never);
      assert.equal(hook.user_id, bot.user_id);
      const res = await fetch(`${srv.url}/hooks/${hook.id}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'deployed by the bot' }) });
      assert.equal(res.status, 200);
      const list = await alice.client.getPosts(channel.id);
      const post = Object.values(list.posts).find((p) => p.message === 'deployed by the bot');
      assert.ok(post, 'the webhook post is in the channel');
      assert.equal(post.user_id, bot.user_id);
      assert.equal(post.props.from_webhook, 'true');
      assert.equal(post.props.from_bot, 'true');
    });

    it('converts a user to a bot (manage_system): no more password logins', async () => {
      const victim = await makeUser(srv.url, admin.client);
      const path = `/api/v4/users/${victim.user.id}/convert_to_bot`;
      expectAppError(await raw(srv.url, 'POST', path, { token: alice.client.getToken() }), 403, PERMISSION);
      assert.equal((await admin.client.getUser(victim.user.id)).is_bot, false);
      const res = await raw(srv.url, 'POST', path, { token: admin.client.getToken() });
      assert.equal(res.status, 200);
      assert.equal(res.json.user_id, victim.user.id);
      assert.equal(res.json.owner_id, victim.user.id);
      assert.equal((await admin.client.getUser(victim.user.id)).is_bot, true);
      await expectClientError(() => victim.client.getMe(), 401);
      const login = await raw(srv.url, 'POST', '/api/v4/users/login', { body: { login_id: victim.user.username, password: victim.password } });
      expectAppError(login, 401, 'api.user.login.bot_login_forbidden.app_error');
      assert.equal((await raw(srv.url, 'POST', path, { token: admin.client.getToken() })).status, 400);

      // Two conversions at once (the fuzzer found a 500 here on PostgreSQL): one wins, the other is refused.
      const twice = await makeUser(srv.url, admin.client);
      const both = await Promise.all([0, 1, 2].map(() => raw(srv.url, 'POST', `/api/v4/users/${twice.user.id}/convert_to_bot`, { token: admin.client.getToken() })));
      assert.deepEqual(both.map((r) => r.status).sort(), [200, 400, 400]);
    });

    it('takes an SVG icon from a manager, serves it sandboxed, and resets it', async () => {
      const bot = await newBot();
      const upload = (token: string, body: string, type = 'image/svg+xml') => {
        const form = new FormData();
        form.append('image', new Blob([body], { type }), 'icon.svg');
        return fetch(`${srv.url}/api/v4/bots/${bot.user_id}/icon`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
      };
      const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
      const icon = `/api/v4/bots/${bot.user_id}/icon`;
      assert.equal((await raw(srv.url, 'GET', icon, { token: alice.client.getToken() })).status, 404);
      assert.equal((await upload(alice.client.getToken(), svg)).status, 404, 'a plain user cannot see the bot to change it');
      const notSvg = await upload(admin.client.getToken(), '\x89PNG not an svg', 'image/png');
      assert.equal(notSvg.status, 400);
      assert.equal(((await notSvg.json()) as { id: string }).id, 'api.bot.set_bot_icon_image.parse.app_error');
      assert.equal(((await admin.client.getBot(bot.user_id)) as Bot & { last_icon_update?: number }).last_icon_update, undefined);

      assert.equal((await upload(admin.client.getToken(), svg)).status, 200);
      assert.ok(((await admin.client.getBot(bot.user_id)) as Bot & { last_icon_update?: number }).last_icon_update! > 0);
      const res = await fetch(`${srv.url}${icon}`, { headers: { Authorization: `Bearer ${alice.client.getToken()}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/svg+xml');
      assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
      assert.equal(await res.text(), svg);

      assert.equal((await raw(srv.url, 'DELETE', icon, { token: admin.client.getToken() })).status, 200);
      assert.equal((await raw(srv.url, 'GET', icon, { token: alice.client.getToken() })).status, 404);
    });

    it("assigns a new owner (never a bot); the owner's deactivation disables their bots", async () => {
      const owner = await makeUser(srv.url, admin.client);
      const bot = await newBot();
      const botTwo = await newBot();
      await expectClientError(() => admin.client.assignBot(bot.user_id, botTwo.user_id), 403, PERMISSION);
      const assigned = await admin.client.assignBot(bot.user_id, owner.user.id);
      assert.equal(assigned.owner_id, owner.user.id);
      // The owner holds no read_bots (a plain user), so even their own bot stays hidden from them.
      await expectClientError(() => owner.client.getBot(bot.user_id), 404, NOT_FOUND);

      await admin.client.updateUserActive(owner.user.id, false);
      const after = await admin.client.getBotsIncludeDeleted(0, 200);
      assert.ok(after.find((b) => b.user_id === bot.user_id)!.delete_at > 0);
      assert.ok((await admin.client.getUser(bot.user_id)).delete_at > 0);
      assert.equal(after.find((b) => b.user_id === botTwo.user_id)!.delete_at, 0);

      // With DisableBotsWhenOwnerIsDeactivated off the bot stays up, orphaned.
      settings().disableBotsWhenOwnerIsDeactivated = false;
      try {
        const keeper = await makeUser(srv.url, admin.client);
        await admin.client.assignBot(botTwo.user_id, keeper.user.id);
        await admin.client.updateUserActive(keeper.user.id, false);
        assert.equal((await admin.client.getBot(botTwo.user_id)).delete_at, 0);
        const orphans = await admin.client.getBotsOrphaned(0, 200);
        assert.deepEqual(orphans.map((b) => b.user_id), [botTwo.user_id]);
      } finally {
        settings().disableBotsWhenOwnerIsDeactivated = true;
      }
    });
  });
}
