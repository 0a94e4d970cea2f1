import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Role } from '@mattermost/types/roles';
import type { Post } from '@mattermost/types/posts';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { ServerEvent } from '../../src/events/event.js';
import { startParley, type Parley } from '../../src/compose.js';
import { createLogger } from '../../src/platform/logger.js';
import {
  client,
  engines,
  expectClientError,
  makeAdmin,
  makeChannel,
  makeTeam,
  makeUser,
  raw,
  startTestServer,
  type TestServer,
  type TestUser,
} from '../harness.js';

const ROLE_FIELDS = ['built_in', 'create_at', 'delete_at', 'description', 'display_name', 'id', 'name', 'permissions', 'scheme_managed', 'update_at'];

for (const engine of engines()) {
  describe(`roles [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let member: TestUser;
    let teamAdmin: TestUser;
    let team: Team;
    let channel: Channel;

    const post = (u: TestUser, message: string) => u.client.createPost({ channel_id: channel.id, message } as Post);
    const channelUser = () => admin.client.getRoleByName('channel_user');

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      member = await makeUser(srv.url, admin.client);
      teamAdmin = await makeUser(srv.url, admin.client);
      team = await makeTeam(admin, [member, teamAdmin]);
      await admin.client.updateTeamMemberSchemeRoles(team.id, teamAdmin.user.id, true, true);
      channel = await makeChannel(admin, team, 'O', [member]);
    });
    after(() => srv.close());

    it('reads built-in roles in Mattermost’s shape, by id, name and names', async () => {
      const [user, chan] = await member.client.getRolesByNames(['system_user', ' channel_user ', 'no_such_role', 'system_user']);
      assert.equal(user?.name, 'system_user');
      assert.equal(chan?.name, 'channel_user');
      assert.deepEqual(Object.keys(user!).sort(), ROLE_FIELDS);
      assert.match(user!.id, /^[a-z0-9]{26}$/);
      assert.equal(user!.built_in, true);
      assert.equal(user!.scheme_managed, true);
      assert.equal(user!.delete_at, 0);
      assert.ok(user!.permissions.includes('create_team'));
      assert.equal(user!.display_name, 'authentication.roles.global_user.name');
      assert.equal((await member.client.getRolesByNames(['system_user', 'channel_user', 'no_such_role'])).length, 2);
      assert.deepEqual(await member.client.getRole(user!.id), user);
      assert.deepEqual(await member.client.getRoleByName('channel_user'), chan);
      const admins = (await member.client.getRoleByName('system_admin')) as Role;
      assert.ok(admins.permissions.includes('manage_system'));
      assert.equal((await member.client.getRoleByName('system_user_access_token')).scheme_managed, false);

      const all = await raw(srv.url, 'GET', '/api/v4/roles', { token: admin.client.getToken() });
      assert.equal(all.status, 200);
      const names = (all.json as unknown as Role[]).map((r) => r.name);
      for (const n of ['system_admin', 'system_user', 'system_guest', 'team_admin', 'team_user', 'channel_admin', 'channel_user', 'channel_guest']) assert.ok(names.includes(n), n);
      assert.equal(new Set((all.json as unknown as Role[]).map((r) => r.id)).size, names.length);
    });

    it('refuses bad names and ids, unknown roles, and the full list to non-admins', async () => {
      await expectClientError(() => member.client.getRolesByNames([]), 400, 'api.context.invalid_param.app_error');
      await expectClientError(() => member.client.getRolesByNames(['Not A Role!']), 400, 'api.context.invalid_param.app_error');
      await expectClientError(() => member.client.getRoleByName('no_such_role'), 404, 'app.role.get_by_name.app_error');
      await expectClientError(() => member.client.getRole('abc'), 400, 'api.context.invalid_url_param.app_error');
      await expectClientError(() => member.client.getRole('a'.repeat(26)), 404, 'app.role.get.app_error');
      assert.equal((await raw(srv.url, 'GET', '/api/v4/roles', { token: member.client.getToken() })).status, 403);
      assert.equal((await raw(srv.url, 'POST', '/api/v4/roles/names', { body: ['system_user'] })).status, 401);
    });

    it('lets only system admins patch, and refuses invalid patches without changing anything', async () => {
      const before = await channelUser();
      const without = before.permissions.filter((p) => p !== 'create_post');
      await expectClientError(() => member.client.patchRole(before.id, { permissions: without }), 403, 'api.context.permissions.app_error');
      await expectClientError(() => teamAdmin.client.patchRole(before.id, { permissions: without }), 403, 'api.context.permissions.app_error');
      await expectClientError(() => admin.client.patchRole(before.id, { permissions: [...without, 'fly_to_the_moon'] }), 400, 'app.role.save.invalid_role.app_error');
      const sysAdmin = await admin.client.getRoleByName('system_admin');
      await expectClientError(
        () => admin.client.patchRole(sysAdmin.id, { permissions: sysAdmin.permissions.filter((p) => p !== 'manage_system') }),
        400,
        'api.roles.patch_roles.not_allowed_permission.error',
      );
      await expectClientError(() => admin.client.patchRole(before.id, { permissions: [...before.permissions, 'manage_roles'] }), 501, 'api.roles.patch_roles.not_allowed_permission.error');
      const guest = await admin.client.getRoleByName('channel_guest');
      await expectClientError(() => admin.client.patchRole(guest.id, { permissions: [] }), 501, 'api.roles.patch_roles.license.error');
      const bad = await raw(srv.url, 'PUT', `/api/v4/roles/${before.id}/patch`, { token: admin.client.getToken(), body: { permissions: 'create_post' } });
      assert.equal(bad.status, 400);
      assert.deepEqual(await channelUser(), before);
      assert.deepEqual(await admin.client.getRoleByName('system_admin'), sysAdmin);
      await post(member, 'still allowed');
    });

    it('applies a patch at once, announces it, keeps it across a restart, and other nodes re-read it', async () => {
      const original = await channelUser();
      await post(member, 'before the change');
      const events: ServerEvent[] = [];
      const stop = srv.parley.bus.subscribe((e) => events.push(e));
      const patched = await admin.client.patchRole(original.id, { permissions: original.permissions.filter((p) => p !== 'create_post') });
      stop();
      assert.equal(patched.id, original.id);
      assert.ok(!patched.permissions.includes('create_post'));
      assert.ok(patched.update_at > 0);
      const announced = events.find((e) => e.event === 'role_updated');
      assert.ok(announced, 'role_updated published');
      assert.deepEqual(announced.broadcast.user_id + announced.broadcast.channel_id + announced.broadcast.team_id, '');
      assert.deepEqual(JSON.parse((announced.data as { role: string }).role), patched);
      await expectClientError(() => post(member, 'refused'), 403, 'api.context.permissions.app_error');
      assert.deepEqual(await member.client.getRoleByName('channel_user'), patched);

      // A second process over the same database: what a restart (or another node) loads.
      const config = srv.parley.app.ctx.config;
      const other: Parley = await startParley(config, { logger: createLogger('silent'), pgSchema: srv.parley.database.schema });
      try {
        const viaOther = client(other.url, member.client.getToken());
        assert.deepEqual(await viaOther.getRoleByName('channel_user'), patched);
        await expectClientError(() => viaOther.createPost({ channel_id: channel.id, message: 'refused there too' } as Post), 403);

        // The other node puts create_post back; this node learns of it through the role_updated event only.
        const restoredEvents: ServerEvent[] = [];
        const stopOther = other.bus.subscribe((e) => restoredEvents.push(e));
        const restored = await client(other.url, admin.client.getToken()).patchRole(original.id, { permissions: original.permissions });
        stopOther();
        assert.ok(restored.permissions.includes('create_post'));
        await expectClientError(() => post(member, 'not yet known here'), 403);
        const event = restoredEvents.find((e) => e.event === 'role_updated');
        assert.ok(event);
        await srv.parley.bus.publish(event);
        await srv.parley.hub.drain();
        assert.deepEqual((await channelUser()).permissions.sort(), [...original.permissions].sort());
        await post(member, 'allowed again');
      } finally {
        await other.close();
      }
    });
  });
}
