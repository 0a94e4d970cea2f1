import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Scheme } from '@mattermost/types/schemes';
import type { Team } from '@mattermost/types/teams';
import { canPost, engines, expectAppError, expectClientError, makeAdmin, makeChannel, makeTeam, makeUser, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';

const SCHEME_FIELDS = [
  'create_at',
  'default_channel_admin_role',
  'default_channel_guest_role',
  'default_channel_user_role',
  'default_playbook_admin_role',
  'default_playbook_member_role',
  'default_run_admin_role',
  'default_run_member_role',
  'default_team_admin_role',
  'default_team_guest_role',
  'default_team_user_role',
  'delete_at',
  'description',
  'display_name',
  'id',
  'name',
  'scope',
  'update_at',
];

const schemeName = () => uniqueName('scheme').toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 64);

for (const engine of engines()) {
  describe(`permission schemes [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let member: TestUser;
    let other: TestUser;
    let team: Team;
    let otherTeam: Team;
    let channel: Channel;
    let second: Channel;
    let otherChannel: Channel;

    const create = (scope: 'team' | 'channel', extra: Partial<Scheme> = {}) =>
      admin.client.createScheme({ name: schemeName(), display_name: 'Restricted', description: 'no posting', scope, ...extra } as Scheme);
    /** Removes `permission` from one of the scheme's roles, through /roles like the console. */
    const withoutPermission = async (roleName: string, permission: string) => {
      const [role] = await admin.client.getRolesByNames([roleName]);
      assert.ok(role, roleName);
      await admin.client.patchRole(role.id, { permissions: role.permissions.filter((p) => p !== permission) });
    };

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      member = await makeUser(srv.url, admin.client);
      other = await makeUser(srv.url, admin.client);
      team = await makeTeam(admin, [member]);
      otherTeam = await makeTeam(admin, [other]);
      channel = await makeChannel(admin, team, 'O', [member]);
      second = await makeChannel(admin, team, 'O', [member]);
      otherChannel = await makeChannel(admin, otherTeam, 'O', [other]);
    });
    after(() => srv.close());

    it('creates team and channel schemes with their own roles, copied from the built-in ones', async () => {
      const teamScheme = await create('team');
      assert.deepEqual(Object.keys(teamScheme).sort(), SCHEME_FIELDS);
      assert.equal(teamScheme.scope, 'team');
      assert.match(teamScheme.id, /^[a-z0-9]{26}$/);
      const names = [
        teamScheme.default_team_admin_role,
        teamScheme.default_team_user_role,
        teamScheme.default_team_guest_role,
        teamScheme.default_channel_admin_role,
        teamScheme.default_channel_user_role,
        teamScheme.default_channel_guest_role,
      ];
      for (const n of names) assert.match(n, /^[a-z0-9]{26}$/);
      const roles = await admin.client.getRolesByNames(names);
      assert.equal(roles.length, 6);
      const builtIn = await admin.client.getRoleByName('channel_user');
      const channelUser = roles.find((r) => r.name === teamScheme.default_channel_user_role)!;
      assert.deepEqual([...channelUser.permissions].sort(), [...builtIn.permissions].sort());
      assert.equal(channelUser.built_in, false);
      assert.equal(channelUser.scheme_managed, true);
      assert.equal(channelUser.display_name, `Channel User Role for Scheme ${teamScheme.name}`);

      const channelScheme = await create('channel');
      assert.equal(channelScheme.default_team_user_role, '');
      assert.match(channelScheme.default_channel_user_role, /^[a-z0-9]{26}$/);

      assert.equal((await admin.client.getScheme(teamScheme.id)).name, teamScheme.name);
      const teamSchemes = await admin.client.getSchemes('team', 0, 200);
      assert.ok(teamSchemes.some((s) => s.id === teamScheme.id));
      assert.ok(!teamSchemes.some((s) => s.id === channelScheme.id));
      assert.equal((await admin.client.getSchemes('', 0, 1)).length, 1);

      const patched = await admin.client.patchScheme(teamScheme.id, { display_name: 'Renamed', name: `${teamScheme.name}_x` });
      assert.equal(patched.display_name, 'Renamed');
      assert.equal(patched.description, 'no posting');
      const [renamedRole] = await admin.client.getRolesByNames([teamScheme.default_team_user_role]);
      assert.equal(renamedRole!.display_name, `Team User Role for Scheme ${teamScheme.name}_x`);
      await admin.client.deleteScheme(teamScheme.id);
      await admin.client.deleteScheme(channelScheme.id);
    });

    it('refuses invalid schemes and scheme ids with Mattermost’s errors, changing nothing', async () => {
      const before = (await admin.client.getSchemes('', 0, 200)).length;
      await expectClientError(() => create('team', { name: 'A' }), 400, 'app.scheme.save.invalid_scheme.app_error');
      await expectClientError(() => create('team', { display_name: '' }), 400, 'app.scheme.save.invalid_scheme.app_error');
      await expectClientError(() => create('playbook' as 'team'), 400, 'app.scheme.save.invalid_scheme.app_error');
      const taken = await create('team');
      await expectClientError(() => create('channel', { name: taken.name }), 400, 'app.scheme.save.invalid_scheme.app_error');
      await expectClientError(() => admin.client.getSchemes('other'), 400, 'api.context.invalid_param.app_error');
      await expectClientError(() => admin.client.getScheme('a'.repeat(26)), 404, 'app.scheme.get.app_error');
      await expectClientError(() => admin.client.updateTeamScheme(team.id, 'nope'), 400);
      expectAppError(await raw(srv.url, 'PUT', `/api/v4/teams/${team.id}/scheme`, { token: admin.client.getToken(), body: { scheme_id: null } }), 400);
      const channelScheme = await create('channel');
      await expectClientError(() => admin.client.updateTeamScheme(team.id, channelScheme.id), 400, 'api.team.update_team_scheme.scheme_scope.error');
      await expectClientError(() => admin.client.updateChannelScheme(channel.id, taken.id), 400, 'api.channel.update_channel_scheme.scheme_scope.error');
      await expectClientError(() => admin.client.getSchemeChannels(taken.id), 400, 'api.scheme.get_channels_for_scheme.scope.error');
      await expectClientError(() => admin.client.getSchemeTeams(channelScheme.id), 400, 'api.scheme.get_teams_for_scheme.scope.error');
      assert.equal((await admin.client.getTeam(team.id)).scheme_id ?? null, null);
      assert.equal((await admin.client.getSchemes('', 0, 200)).length, before + 2);
      await admin.client.deleteScheme(taken.id);
      await admin.client.deleteScheme(channelScheme.id);
    });

    it('checks members of a team on a scheme against its roles, and others against the defaults', async () => {
      const scheme = await create('team');
      await withoutPermission(scheme.default_channel_user_role, 'create_post');
      assert.ok(await canPost(member, channel));

      await admin.client.updateTeamScheme(team.id, scheme.id);
      assert.equal((await admin.client.getTeam(team.id)).scheme_id, scheme.id);
      assert.deepEqual((await admin.client.getSchemeTeams(scheme.id)).map((t) => t.id), [team.id]);
      assert.equal(await canPost(member, channel), false);
      await expectClientError(() => member.client.createPost({ channel_id: channel.id, message: 'x' } as Post), 403, 'api.context.permissions.app_error');
      assert.ok(await canPost(other, otherChannel), 'another team keeps the defaults');
      assert.ok(await canPost(admin, channel), 'system admins keep everything');

      // The member's role strings name the scheme's roles, as Mattermost's do.
      const teamMember = await member.client.getTeamMember(team.id, member.user.id);
      assert.equal(teamMember.roles, scheme.default_team_user_role);
      const channelMember = await member.client.getChannelMember(channel.id, member.user.id);
      assert.equal(channelMember.roles, scheme.default_channel_user_role);
      const mine = await member.client.getMyChannelMembers(team.id);
      assert.equal(mine.find((m) => m.channel_id === channel.id)?.roles, scheme.default_channel_user_role);
      assert.equal((await other.client.getChannelMember(otherChannel.id, other.user.id)).roles, 'channel_user');

      // A team permission through the scheme's team_user role.
      assert.ok((await member.client.getMyTeamMembers()).length > 0);
      await withoutPermission(scheme.default_team_user_role, 'create_public_channel');
      await expectClientError(
        () => member.client.createChannel({ team_id: team.id, name: uniqueName('c'), display_name: 'c', type: 'O' } as Channel),
        403,
      );

      await admin.client.updateTeamScheme(team.id, '');
      assert.equal((await admin.client.getTeam(team.id)).scheme_id ?? null, null);
      assert.ok(await canPost(member, channel), 'allowed again after the reset');
      assert.equal((await member.client.getTeamMember(team.id, member.user.id)).roles, 'team_user');
      await admin.client.deleteScheme(scheme.id);
    });

    it('lets a channel scheme override the team scheme', async () => {
      const teamScheme = await create('team');
      await withoutPermission(teamScheme.default_channel_user_role, 'create_post');
      await admin.client.updateTeamScheme(team.id, teamScheme.id);
      const channelScheme = await create('channel');
      await admin.client.updateChannelScheme(second.id, channelScheme.id);
      assert.equal((await admin.client.getChannel(second.id)).scheme_id, channelScheme.id);
      assert.deepEqual((await admin.client.getSchemeChannels(channelScheme.id)).map((c) => c.id), [second.id]);

      assert.equal(await canPost(member, channel), false, 'the team scheme applies');
      assert.ok(await canPost(member, second), 'the channel scheme applies');
      assert.equal((await member.client.getChannelMember(second.id, member.user.id)).roles, channelScheme.default_channel_user_role);

      await withoutPermission(channelScheme.default_channel_user_role, 'create_post');
      assert.equal(await canPost(member, second), false);
      await admin.client.updateChannelScheme(second.id, '');
      await admin.client.updateTeamScheme(team.id, '');
      assert.ok(await canPost(member, second));
      await admin.client.deleteScheme(teamScheme.id);
      await admin.client.deleteScheme(channelScheme.id);
    });

    it('restores the defaults when a scheme is deleted', async () => {
      const scheme = await create('team');
      await withoutPermission(scheme.default_channel_user_role, 'create_post');
      await admin.client.updateTeamScheme(team.id, scheme.id);
      assert.equal(await canPost(member, channel), false);
      await admin.client.deleteScheme(scheme.id);
      assert.ok(await canPost(member, channel));
      assert.equal((await admin.client.getTeam(team.id)).scheme_id ?? null, null);
      await expectClientError(() => admin.client.getScheme(scheme.id), 404, 'app.scheme.get.app_error');
      assert.equal((await admin.client.getRolesByNames([scheme.default_channel_user_role])).length, 0);
      assert.ok(!(await admin.client.getSchemes('team', 0, 200)).some((s) => s.id === scheme.id));
    });

    it('refuses non-admins, changing nothing', async () => {
      const scheme = await create('team');
      const [role] = await admin.client.getRolesByNames([scheme.default_channel_user_role]);
      const c = member.client;
      await expectClientError(() => c.createScheme({ name: schemeName(), display_name: 'x', scope: 'team' } as Scheme), 403, 'api.context.permissions.app_error');
      await expectClientError(() => c.getSchemes(), 403);
      await expectClientError(() => c.getScheme(scheme.id), 403);
      await expectClientError(() => c.patchScheme(scheme.id, { display_name: 'mine' }), 403);
      await expectClientError(() => c.deleteScheme(scheme.id), 403);
      await expectClientError(() => c.getSchemeTeams(scheme.id), 403);
      await expectClientError(() => c.updateTeamScheme(team.id, scheme.id), 403);
      await expectClientError(() => c.updateChannelScheme(channel.id, ''), 403);
      await expectClientError(() => c.patchRole(role!.id, { permissions: [] }), 403);
      const after = await admin.client.getScheme(scheme.id);
      assert.deepEqual(after, scheme);
      assert.equal((await admin.client.getTeam(team.id)).scheme_id ?? null, null);
      const [roleAfter] = await admin.client.getRolesByNames([scheme.default_channel_user_role]);
      assert.deepEqual(roleAfter!.permissions, role!.permissions);
      expectAppError(await raw(srv.url, 'GET', '/api/v4/schemes'), 401);
      await admin.client.deleteScheme(scheme.id);
    });
  });
}
