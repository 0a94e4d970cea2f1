// Slash commands: every built-in one checked by its effect through the API, refusals that change nothing,
// custom commands calling a real HTTP server on loopback (GET and POST, in_channel and ephemeral answers,
// response URLs), autocomplete, and ephemeral posts (POST /posts/ephemeral and command answers) that
// reach only their user's sockets and are never stored.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Command, CommandResponse } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { PASSWORD, engines, expectAppError, expectClientError, makeAdmin, makeChannel, makeUser, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';
import { IntegrationServer } from '../hook-kit.js';
import { RawSocket, type Frame } from '../ws-harness.js';

const latest = async (u: TestUser, channelId: string): Promise<Post> => {
  const list = await u.client.getPosts(channelId, 0, 1);
  return list.posts[list.order[0]!]!;
};

/** What a built-in answers when it has nothing to say (Mattermost's empty CommandResponse). */
const EMPTY_RESPONSE = {
  response_type: '',
  text: '',
  username: '',
  channel_id: '',
  icon_url: '',
  type: '',
  props: null,
  goto_location: '',
  trigger_id: '',
  skip_slack_parsing: false,
  attachments: null,
  extra_responses: null,
};

const ephemeralOf = (f: Frame) => (f.event === 'ephemeral_message' ? (JSON.parse(String(f.data?.post)) as Post) : undefined);

for (const engine of engines()) {
  describe(`slash commands [${engine}]`, () => {
    let srv: TestServer;
    let cb: IntegrationServer;
    let admin: TestUser;
    let lead: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;
    let team: Team;
    let pub: Channel;
    let priv: Channel;

    const run = (u: TestUser, command: string, channel: Channel = pub, extra: Record<string, string> = {}) =>
      u.client.executeCommand(command, { channel_id: channel.id, team_id: team.id, ...extra }) as Promise<CommandResponse>;

    before(async () => {
      srv = await startTestServer(engine, { allowedUntrustedInternalConnections: '127.0.0.1', outgoingIntegrationRequestsTimeoutMs: 3000 });
      cb = await IntegrationServer.start();
      admin = await makeAdmin(srv.url);
      lead = await makeUser(srv.url, admin.client);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      carol = await makeUser(srv.url, admin.client);
      team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 'Commands', type: 'O' } as Team);
      for (const u of [lead, alice, bob, carol]) await admin.client.addToTeam(team.id, u.user.id);
      await admin.client.updateTeamMemberSchemeRoles(team.id, lead.user.id, true, true);
      pub = await makeChannel(admin, team, 'O', [lead, alice, bob]);
      priv = await makeChannel(admin, team, 'P', [bob]);
    });
    after(async () => {
      await srv.close();
      await cb.close();
    });

    // ---- built-in commands -------------------------------------------------------------------------------

    it('/away, /dnd, /offline and /online set the status by hand', async () => {
      for (const status of ['away', 'dnd', 'offline', 'online']) {
        const r = await run(alice, `/${status}`);
        assert.equal(r.response_type, 'ephemeral');
        assert.ok(r.text.length > 0);
        const s = await alice.client.getStatus(alice.user.id);
        assert.equal(s.status, status);
        assert.equal(s.manual, status !== 'online');
      }
    });

    it('/me posts a "me" message, /shrug appends the shrug, /code indents; /echo is off by default', async () => {
      const me = await run(alice, '/me waves hello');
      assert.equal(me.response_type, 'in_channel');
      let p = await latest(bob, pub.id);
      assert.equal(p.type, 'me');
      assert.equal(p.message, '*waves hello*');
      assert.equal(p.props.message, 'waves hello');
      assert.equal(p.user_id, alice.user.id);
      assert.equal(p.props.from_webhook, undefined, 'a built-in command posts as the user');

      await run(alice, '/shrug oh well');
      assert.equal((await latest(bob, pub.id)).message, 'oh well ¯\\\\\\_(ツ)\\_/¯');
      await run(alice, '/SHRUG');
      assert.equal((await latest(bob, pub.id)).message, '¯\\\\\\_(ツ)\\_/¯', 'triggers are case-insensitive');
      await run(alice, '/code let x = 1\nx += 1');
      assert.equal((await latest(bob, pub.id)).message, '    let x = 1\n    x += 1');

      // Threads: the command's root_id makes the post a reply.
      const root = await alice.client.createPost({ channel_id: pub.id, message: 'thread root' } as Post);
      await run(alice, '/me replies', pub, { root_id: root.id });
      p = await latest(bob, pub.id);
      assert.equal(p.root_id, root.id);

      await expectClientError(() => run(alice, '/echo "hi"'), 404, 'api.command.execute_command.not_found.app_error');
      const settings = srv.parley.app.ctx.config.settings;
      settings.enableCommandEcho = true;
      try {
        await run(alice, '/echo "echo, echo" 0');
        assert.equal((await latest(bob, pub.id)).message, 'echo, echo');
        const tooLong = await run(alice, '/echo "later" 20000');
        assert.equal(tooLong.response_type, 'ephemeral');
      } finally {
        settings.enableCommandEcho = false;
      }
    });

    it('/join and /leave change membership and point the client at the channel', async () => {
      const open = await makeChannel(admin, team, 'O');
      const joined = await run(alice, `/join ~${open.name}`);
      assert.equal(joined.goto_location, `${srv.parley.app.ctx.config.siteUrl}/${team.name}/channels/${open.name}`);
      assert.equal((await alice.client.getChannelMember(open.id, alice.user.id)).user_id, alice.user.id);
      const left = await run(alice, '/leave', open);
      assert.equal(left.goto_location, `${srv.parley.app.ctx.config.siteUrl}/${team.name}/channels/town-square`);
      await expectClientError(() => admin.client.getChannelMember(open.id, alice.user.id), 404);
      await run(alice, `/open ${open.name}`);
      assert.equal((await alice.client.getChannelMember(open.id, alice.user.id)).channel_id, open.id);

      const townSquare = await alice.client.getChannelByName(team.id, 'town-square');
      const refused = await run(alice, '/leave', townSquare);
      assert.equal(refused.response_type, 'ephemeral');
      assert.ok((await alice.client.getChannelMember(townSquare.id, alice.user.id)).channel_id);
      // A private channel one is not in cannot be joined, and its name stays as unknown as any other.
      const noJoin = await run(alice, `/join ~${priv.name}`);
      assert.equal(noJoin.response_type, 'ephemeral');
      await expectClientError(() => admin.client.getChannelMember(priv.id, alice.user.id), 404);
      assert.equal((await run(alice, '/join ~no-such-channel')).response_type, 'ephemeral');
    });

    it('/invite adds and /kick (or /remove) removes a member, with the channel permissions', async () => {
      const r = await run(alice, `/invite @${carol.user.username}`);
      assert.equal(r.response_type, 'ephemeral');
      assert.match(r.text, new RegExp(`@${carol.user.username} added to ~${pub.name}`));
      assert.equal((await admin.client.getChannelMember(pub.id, carol.user.id)).user_id, carol.user.id);
      const again = await run(alice, `/invite @${carol.user.username}`);
      assert.match(again.text, /already/);

      assert.deepEqual(await run(alice, `/kick @${carol.user.username}`), EMPTY_RESPONSE);
      await expectClientError(() => admin.client.getChannelMember(pub.id, carol.user.id), 404);
      await run(alice, `/invite @${carol.user.username}`);
      await run(alice, `/remove ${carol.user.username}`);
      await expectClientError(() => admin.client.getChannelMember(pub.id, carol.user.id), 404);

      // alice is not in the private channel: inviting into it is refused and adds nobody.
      const refused = await run(alice, `/invite @${carol.user.username} ~${priv.name}`);
      assert.equal(refused.response_type, 'ephemeral');
      await expectClientError(() => admin.client.getChannelMember(priv.id, carol.user.id), 404);
      assert.equal((await run(alice, '/invite @nobody-at-all')).response_type, 'ephemeral');
      assert.equal((await run(alice, '/kick')).response_type, 'ephemeral');
    });

    it('/kick without the manage-members permission (a guest) is refused and removes nobody', async () => {
      const guest = await makeUser(srv.url, admin.client);
      await admin.client.updateUserRoles(guest.user.id, 'system_guest');
      await guest.client.login(guest.user.username, PASSWORD);
      await admin.client.addToTeam(team.id, guest.user.id);
      await admin.client.addToChannel(guest.user.id, pub.id);
      const r = await run(guest, `/kick @${bob.user.username}`);
      assert.equal(r.response_type, 'ephemeral');
      assert.match(r.text, /permission/);
      assert.equal((await admin.client.getChannelMember(pub.id, bob.user.id)).user_id, bob.user.id, 'bob is still a member');
      // The guest may still use commands that need nothing more.
      await run(guest, '/shrug');
      assert.equal((await latest(bob, pub.id)).user_id, guest.user.id);
    });

    it('/msg opens the DM and posts; /header, /purpose and /rename edit the channel; /mute toggles', async () => {
      const r = await run(alice, `/msg @${bob.user.username} hello from a command`);
      const dm = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
      assert.equal(r.goto_location, `${srv.parley.app.ctx.config.siteUrl}/${team.name}/channels/${dm.name}`);
      const p = await latest(bob, dm.id);
      assert.equal(p.message, 'hello from a command');
      assert.equal(p.user_id, alice.user.id);
      assert.equal((await run(alice, '/msg @nobody-at-all hi')).response_type, 'ephemeral');

      const c = await makeChannel(alice, team, 'O', [bob]);
      await run(alice, '/header **Read me** first', c);
      await run(alice, '/purpose Where things happen', c);
      await run(alice, '/rename Renamed Channel', c);
      const changed = await bob.client.getChannel(c.id);
      assert.equal(changed.header, '**Read me** first');
      assert.equal(changed.purpose, 'Where things happen');
      assert.equal(changed.display_name, 'Renamed Channel');
      assert.equal((await latest(bob, c.id)).type, 'system_displayname_change');
      assert.equal((await run(alice, '/header', c)).response_type, 'ephemeral');
      assert.equal((await run(alice, `/rename ${'x'.repeat(65)}`, c)).response_type, 'ephemeral');
      assert.equal((await bob.client.getChannel(c.id)).display_name, 'Renamed Channel');
      assert.equal((await run(alice, '/purpose nope', dm)).response_type, 'ephemeral');

      const mute = await run(alice, '/mute', c);
      assert.match(mute.text, /muted/);
      assert.equal((await alice.client.getChannelMember(c.id, alice.user.id)).notify_props.mark_unread, 'mention');
      await run(alice, '/mute', c);
      assert.equal((await alice.client.getChannelMember(c.id, alice.user.id)).notify_props.mark_unread, 'all');
      await run(alice, `/mute ~${c.name}`, pub);
      assert.equal((await alice.client.getChannelMember(c.id, alice.user.id)).notify_props.mark_unread, 'mention');
    });

    it('/search and /help answer with an ephemeral message on the caller\'s socket only; it is not stored', async () => {
      const aliceWs = await RawSocket.open(srv.url, { token: alice.client.getToken() });
      const bobWs = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      try {
        await aliceWs.waitFor((f) => f.event === 'hello');
        await bobWs.waitFor((f) => f.event === 'hello');
        const help = await run(alice, '/help');
        assert.equal(help.response_type, 'ephemeral');
        assert.match(help.text, /\/join/);
        const search = await run(alice, '/search some words');
        assert.equal(search.response_type, 'ephemeral');
        const frame = await aliceWs.waitFor((f) => ephemeralOf(f)?.message === search.text, 5000, 'ephemeral answer');
        const eph = ephemeralOf(frame)!;
        assert.equal(eph.type, 'system_ephemeral');
        assert.equal(eph.channel_id, pub.id);
        assert.equal(frame.broadcast?.user_id, alice.user.id);
        assert.equal(frame.broadcast?.channel_id, pub.id);
        // bob is in the channel but hears nothing; a later post shows his socket was listening.
        await alice.client.createPost({ channel_id: pub.id, message: 'marker' } as Post);
        await bobWs.waitFor((f) => f.event === 'posted' && String(f.data?.post).includes('marker'));
        assert.equal(bobWs.frames.filter((f) => f.event === 'ephemeral_message').length, 0);
        await expectClientError(() => alice.client.getPost(eph.id), 404);
        assert.ok(!(await alice.client.getPosts(pub.id, 0, 50)).order.includes(eph.id));
      } finally {
        aliceWs.close();
        bobWs.close();
      }
    });

    it('refuses unknown commands, bad input, callers who cannot post, archived channels, and all commands when disabled', async () => {
      await expectClientError(() => run(alice, '/nosuchcommand with words'), 404, 'api.command.execute_command.not_found.app_error');
      await expectClientError(() => run(alice, 'no slash'), 400, 'api.command.execute_command.start.app_error');
      await expectClientError(() => run(alice, '/'), 400, 'api.command.execute_command.start.app_error');
      await expectClientError(() => run(carol, '/me sneaks in'), 403);
      await expectClientError(() => run(alice, '/me', priv), 403);
      const outsider = await makeUser(srv.url, admin.client);
      await expectClientError(() => run(outsider, '/away'), 403);
      const doomed = await makeChannel(alice, team, 'O');
      await alice.client.deleteChannel(doomed.id);
      await expectClientError(() => run(alice, '/me late', doomed), 400, 'api.command.execute_command.deleted.error');

      const settings = srv.parley.app.ctx.config.settings;
      settings.enableCommands = false;
      try {
        await expectClientError(() => run(alice, '/me off'), 501, 'api.command.disabled.app_error');
        await expectClientError(() => lead.client.addCommand({ team_id: team.id, trigger: 'off', url: `${cb.url}/x`, method: 'P' } as Command), 501);
      } finally {
        settings.enableCommands = true;
      }
    });

    // ---- custom commands ---------------------------------------------------------------------------------

    it('manages custom commands as a team admin; others are refused or see only what autocomplete shows', async () => {
      const cmd = await lead.client.addCommand({ team_id: team.id, trigger: 'Weather', method: 'G', url: `${cb.url}/weather`, display_name: 'Weather', auto_complete: true, auto_complete_desc: 'Forecast', auto_complete_hint: '[city]' } as Command);
      assert.equal(cmd.trigger, 'weather');
      assert.match(cmd.token, /^[a-z0-9]{26}$/);
      assert.equal(cmd.creator_id, lead.user.id);
      assert.equal((await lead.client.getCustomTeamCommands(team.id)).some((c) => c.id === cmd.id), true);
      const raw1 = await raw(srv.url, 'GET', `/api/v4/commands/${cmd.id}`, { token: lead.client.getToken() });
      assert.equal(raw1.json.url, `${cb.url}/weather`);

      await expectClientError(() => alice.client.addCommand({ team_id: team.id, trigger: 'mine', url: `${cb.url}/x`, method: 'P' } as Command), 403);
      await expectClientError(() => alice.client.getCustomTeamCommands(team.id), 403);
      expectAppError(await raw(srv.url, 'GET', `/api/v4/commands/${cmd.id}`, { token: alice.client.getToken() }), 404);
      await expectClientError(() => alice.client.deleteCommand(cmd.id), 404);
      await expectClientError(() => alice.client.regenCommandToken(cmd.id), 404);
      // For alice, the list is what autocomplete shows: built-ins plus auto-completing commands, sanitised.
      const seen = (await alice.client.getCommandsList(team.id)) as Command[];
      const weather = seen.find((c) => c.trigger === 'weather')!;
      assert.equal(weather.token, '');
      assert.equal(weather.url, '');
      assert.ok(seen.some((c) => c.trigger === 'join' && c.id === ''));

      await expectClientError(() => lead.client.addCommand({ team_id: team.id, trigger: 'me', url: `${cb.url}/x`, method: 'P' } as Command), 400, 'api.command.duplicate_trigger.app_error');
      await expectClientError(() => lead.client.addCommand({ team_id: team.id, trigger: 'weather', url: `${cb.url}/x`, method: 'P' } as Command), 400, 'api.command.duplicate_trigger.app_error');
      await expectClientError(() => lead.client.addCommand({ team_id: team.id, trigger: 'bad trigger', url: `${cb.url}/x`, method: 'P' } as Command), 400);
      await expectClientError(() => lead.client.addCommand({ team_id: team.id, trigger: 'badurl', url: 'ftp://example.com', method: 'P' } as Command), 400);
      await expectClientError(() => lead.client.addCommand({ team_id: team.id, trigger: 'badmethod', url: `${cb.url}/x`, method: 'X' } as unknown as Command), 400);

      const regen = await lead.client.regenCommandToken(cmd.id);
      assert.notEqual(regen.token, cmd.token);
      const edited = await lead.client.editCommand({ ...cmd, description: 'Weather report', url: `${cb.url}/weather2` });
      assert.equal(edited.description, 'Weather report');
      assert.equal(edited.token, regen.token);
      await lead.client.deleteCommand(cmd.id);
      await expectClientError(() => run(alice, '/weather'), 404, 'api.command.execute_command.not_found.app_error');
    });

    it('calls a POST command with the Mattermost fields and posts an in_channel answer as the caller', async () => {
      cb.answers.set('/deploy', { body: { response_type: 'in_channel', text: 'Deploying <!here>', props: { release: 'v2' } } });
      const cmd = await lead.client.addCommand({ team_id: team.id, trigger: 'deploy', method: 'P', url: `${cb.url}/deploy` } as Command);
      const r = await run(alice, '/deploy prod now');
      assert.equal(r.response_type, 'in_channel');
      assert.match(r.trigger_id, /\S/);
      const [got] = await cb.waitFor('/deploy');
      assert.equal(got!.method, 'POST');
      assert.equal(got!.headers.authorization, `Token ${cmd.token}`);
      assert.equal(got!.headers['content-type'], 'application/x-www-form-urlencoded');
      const f = got!.fields as Record<string, string>;
      assert.deepEqual(
        { token: f.token, team_id: f.team_id, team_domain: f.team_domain, channel_id: f.channel_id, channel_name: f.channel_name, user_id: f.user_id, user_name: f.user_name, command: f.command, text: f.text },
        { token: cmd.token, team_id: team.id, team_domain: team.name, channel_id: pub.id, channel_name: pub.name, user_id: alice.user.id, user_name: alice.user.username, command: '/deploy', text: 'prod now' },
      );
      // The integration gets the signed trigger id; the caller gets the client id inside it.
      assert.equal(Buffer.from(f.trigger_id!, 'base64').toString('utf8').split(':')[0], r.trigger_id);
      assert.match(f.response_url!, /\/hooks\/commands\/[a-z0-9]{26}$/);
      const p = await latest(bob, pub.id);
      assert.equal(p.message, 'Deploying @here');
      assert.equal(p.user_id, alice.user.id);
      assert.equal(p.props.from_webhook, 'true');
      assert.equal(p.props.release, 'v2');

      // The response URL takes later answers, five times at most.
      const url = new URL(f.response_url!);
      const later = await fetch(`${srv.url}${url.pathname}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ response_type: 'in_channel', text: 'done deploying' }) });
      assert.equal(later.status, 200);
      assert.equal(await later.text(), 'ok');
      const donePost = await latest(bob, pub.id);
      assert.equal(donePost.message, 'done deploying');
      assert.equal(donePost.user_id, alice.user.id);
      assert.equal(donePost.props.from_webhook, 'true');
      for (let i = 0; i < 4; i++) {
        assert.equal((await fetch(`${srv.url}${url.pathname}`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: `note ${i}` })).status, 200);
      }
      const spent = await fetch(`${srv.url}${url.pathname}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"sixth"}' });
      assert.equal(spent.status, 400);
      assert.equal(((await spent.json()) as { id: string }).id, 'app.command_webhook.try_use.invalid');
      const unknown = await fetch(`${srv.url}/hooks/commands/${'x'.repeat(26)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"?"}' });
      assert.equal(unknown.status, 404);
      await lead.client.deleteCommand(cmd.id);
    });

    it('calls a GET command with the fields in the query; a plain-text answer is ephemeral to the caller', async () => {
      cb.answers.set('/lookup', { body: 'only you can see this', contentType: 'text/plain' });
      const cmd = await lead.client.addCommand({ team_id: team.id, trigger: 'lookup', method: 'G', url: `${cb.url}/lookup?static=1` } as Command);
      const ws = await RawSocket.open(srv.url, { token: alice.client.getToken() });
      try {
        await ws.waitFor((f) => f.event === 'hello');
        const before = (await alice.client.getPosts(pub.id, 0, 10)).order;
        const r = await run(alice, '/lookup  spaced   words');
        assert.equal(r.text, 'only you can see this');
        assert.equal(r.response_type, '');
        const [got] = await cb.waitFor('/lookup');
        assert.equal(got!.method, 'GET');
        assert.equal(got!.query.get('static'), '1');
        assert.equal(got!.query.get('token'), cmd.token);
        assert.equal(got!.query.get('command'), '/lookup');
        assert.equal(got!.query.get('text'), ' spaced   words');
        assert.equal(got!.query.get('user_name'), alice.user.username);
        const frame = await ws.waitFor((f) => ephemeralOf(f)?.message === 'only you can see this');
        assert.equal(ephemeralOf(frame)!.user_id, alice.user.id);
        assert.deepEqual((await alice.client.getPosts(pub.id, 0, 10)).order, before, 'nothing was stored');
      } finally {
        ws.close();
      }
      cb.answers.set('/lookup', { status: 503, body: 'down for maintenance' });
      await expectClientError(() => run(alice, '/lookup x'), 500, 'api.command.execute_command.failed_resp.app_error');
      await lead.client.deleteCommand(cmd.id);
    });

    it('lists built-in and auto-completing commands for autocomplete and suggests triggers', async () => {
      const shown = await lead.client.addCommand({ team_id: team.id, trigger: 'standup', method: 'P', url: `${cb.url}/standup`, auto_complete: true, auto_complete_desc: 'Post the standup', auto_complete_hint: '[notes]' } as Command);
      const hidden = await lead.client.addCommand({ team_id: team.id, trigger: 'secretcmd', method: 'P', url: `${cb.url}/secret`, auto_complete: false } as Command);
      const list = (await alice.client.getAutocompleteCommandsList(team.id)) as Command[];
      const triggers = list.map((c) => c.trigger);
      for (const t of ['me', 'join', 'leave', 'msg', 'away', 'shrug', 'standup']) assert.ok(triggers.includes(t), t);
      assert.ok(!triggers.includes('secretcmd'));
      assert.ok(!triggers.includes('echo'), '/echo is off');
      assert.equal(list.find((c) => c.trigger === 'standup')!.token, '');

      const sugg = await alice.client.getCommandAutocompleteSuggestionsList('/st', team.id, { channel_id: pub.id } as never);
      assert.deepEqual(sugg.map((s) => s.Complete), ['standup']);
      assert.equal(sugg[0]!.Description, 'Post the standup');
      assert.equal(sugg[0]!.Hint, '[notes]');
      const jo = await alice.client.getCommandAutocompleteSuggestionsList('/jo', team.id, { channel_id: pub.id } as never);
      assert.deepEqual(jo.map((s) => s.Suggestion), ['join']);
      assert.deepEqual(await alice.client.getCommandAutocompleteSuggestionsList('/join ', team.id, { channel_id: pub.id } as never), []);
      const outsider = await makeUser(srv.url, admin.client);
      await expectClientError(() => outsider.client.getAutocompleteCommandsList(team.id), 403);
      await lead.client.deleteCommand(shown.id);
      await lead.client.deleteCommand(hidden.id);
    });

    it('POST /posts/ephemeral: system admins only, delivered to that user alone and never stored', async () => {
      const ws = await RawSocket.open(srv.url, { token: bob.client.getToken() });
      try {
        await ws.waitFor((f) => f.event === 'hello');
        const sent = (await admin.client.createPostEphemeral(bob.user.id, { channel_id: pub.id, message: 'for bob only' } as Post)) as Post;
        assert.equal(sent.type, 'system_ephemeral');
        const frame = await ws.waitFor((f) => ephemeralOf(f)?.id === sent.id);
        assert.equal(ephemeralOf(frame)!.message, 'for bob only');
        await expectClientError(() => bob.client.getPost(sent.id), 404);
      } finally {
        ws.close();
      }
      await expectClientError(() => alice.client.createPostEphemeral(bob.user.id, { channel_id: pub.id, message: 'nope' } as Post), 403);
      await expectClientError(() => admin.client.createPostEphemeral('x'.repeat(26), { channel_id: pub.id, message: 'nobody' } as Post), 404);
    });
  });

  describe(`slash commands without the internal allow-list [${engine}]`, () => {
    let srv: TestServer;
    let cb: IntegrationServer;

    before(async () => {
      srv = await startTestServer(engine);
      cb = await IntegrationServer.start();
    });
    after(async () => {
      await srv.close();
      await cb.close();
    });

    it('refuses a command URL on loopback and sends nothing', async () => {
      const admin = await makeAdmin(srv.url);
      const team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 'Strict', type: 'O' } as Team);
      const channel = await makeChannel(admin, team, 'O');
      await admin.client.addCommand({ team_id: team.id, trigger: 'local', method: 'P', url: `${cb.url}/local` } as Command);
      await admin.client.addCommand({ team_id: team.id, trigger: 'metadata', method: 'G', url: 'http://169.254.169.254/latest/meta-data/' } as Command);
      for (const c of ['/local', '/metadata']) {
        await expectClientError(() => admin.client.executeCommand(c, { channel_id: channel.id, team_id: team.id }), 500, 'api.command.execute_command.failed.app_error');
      }
      assert.equal(cb.received.length, 0);
    });
  });
}
