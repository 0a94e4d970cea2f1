import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Team, User } from '../../src/store/store.js';
import { newId } from '../../src/platform/ids.js';
import { engines, ids, makeTeam, makeTeamMember, makeUser, openTestDb, uniq, type TestDb } from './fixtures.js';

for (const engine of engines()) {
  describe(`team store contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    async function saveTeam(fields: Partial<Team> = {}): Promise<Team> {
      const team = makeTeam(fields);
      assert.equal(await t.store.teams.save(team), true);
      return team;
    }
    async function saveUser(fields: Partial<User> = {}): Promise<User> {
      const u = makeUser(fields);
      await t.store.users.save(u);
      return u;
    }

    it('saves and reads a team by id, name and invite id', async () => {
      const team = await saveTeam({ display_name: 'Équipe ✓', allow_open_invite: true, description: 'ünïcode' });
      assert.deepEqual(await t.store.teams.get(team.id), team);
      assert.deepEqual(await t.store.teams.getByName(team.name), team);
      assert.deepEqual(await t.store.teams.getByInviteId(team.invite_id), team);
      assert.strictEqual((await t.store.teams.get(team.id))?.allow_open_invite, true);
      assert.equal(await t.store.teams.getByInviteId(''), undefined);
      assert.equal(await t.store.teams.get(newId()), undefined);
      assert.deepEqual(ids(await t.store.teams.getMany([team.id, newId()])), [team.id]);
      assert.deepEqual(await t.store.teams.getMany([]), []);
    });

    it('refuses a taken name, even one held by a deleted team', async () => {
      const live = await saveTeam();
      assert.equal(await t.store.teams.save(makeTeam({ name: live.name })), false);
      const gone = await saveTeam({ delete_at: 1_700_000_000_100 });
      assert.equal(await t.store.teams.save(makeTeam({ name: gone.name })), false);
      assert.equal((await t.store.teams.getByName(live.name))?.id, live.id);
    });

    it('updates a team', async () => {
      const team = await saveTeam();
      const changed: Team = { ...team, display_name: 'Renamed', allow_open_invite: true, update_at: team.update_at + 5 };
      await t.store.teams.update(changed);
      assert.deepEqual(await t.store.teams.get(team.id), changed);
    });

    it('lists teams by display name then id, with open-only, deleted and paging options that agree with countAll', async () => {
      const tag = uniq('list');
      const open = await saveTeam({ display_name: `${tag} b`, allow_open_invite: true });
      const closed = await saveTeam({ display_name: `${tag} a` });
      const deleted = await saveTeam({ display_name: `${tag} c`, delete_at: 1_700_000_000_100, allow_open_invite: true });
      const twinA = await saveTeam({ display_name: `${tag} d` });
      const twinB = await saveTeam({ display_name: `${tag} d` });
      const mine = (list: Team[]) => list.filter((x) => x.display_name.startsWith(tag)).map((x) => x.id);
      const twins = [twinA, twinB].sort((x, y) => (x.id < y.id ? -1 : 1)).map((x) => x.id);

      const all = await t.store.teams.getAll({ offset: 0, limit: 1000 });
      assert.deepEqual(mine(all), [closed.id, open.id, ...twins]);
      const names = all.map((x) => x.display_name);
      assert.deepEqual(names, [...names].sort(), 'ordered by display name overall');
      assert.equal(await t.store.teams.countAll({}), all.length);

      const withDeleted = await t.store.teams.getAll({ offset: 0, limit: 1000, includeDeleted: true });
      assert.deepEqual(mine(withDeleted), [closed.id, open.id, deleted.id, ...twins]);
      assert.equal(await t.store.teams.countAll({ includeDeleted: true }), withDeleted.length);

      const openOnly = await t.store.teams.getAll({ offset: 0, limit: 1000, openOnly: true });
      assert.deepEqual(mine(openOnly), [open.id]);
      assert.ok(openOnly.every((x) => x.allow_open_invite && x.delete_at === 0));
      assert.equal(await t.store.teams.countAll({ openOnly: true }), openOnly.length);

      const first = await t.store.teams.getAll({ offset: 0, limit: 2 });
      const second = await t.store.teams.getAll({ offset: 2, limit: 2 });
      assert.deepEqual([...first, ...second].map((x) => x.id), all.slice(0, 4).map((x) => x.id));
    });

    it('getForUser lists live teams the user is an active member of, by display name', async () => {
      const u = newId();
      const b = await saveTeam({ display_name: 'b-team' });
      const a = await saveTeam({ display_name: 'a-team' });
      const left = await saveTeam();
      const deleted = await saveTeam({ delete_at: 1_700_000_000_100 });
      for (const team of [a, b, left, deleted]) await t.store.teams.saveMember(makeTeamMember({ team_id: team.id, user_id: u }));
      await t.store.teams.removeMember(left.id, u, 1_700_000_000_200);
      assert.deepEqual(
        (await t.store.teams.getForUser(u)).map((x) => x.id),
        [a.id, b.id],
      );
    });

    describe('memberships', () => {
      it('round-trips a member with boolean scheme flags', async () => {
        const team = await saveTeam();
        const m = makeTeamMember({ team_id: team.id, user_id: newId(), scheme_admin: true, roles: 'custom_role' });
        assert.deepEqual(await t.store.teams.saveMember(m), m);
        const got = await t.store.teams.getMember(team.id, m.user_id);
        assert.deepEqual(got, m);
        assert.strictEqual(got?.scheme_admin, true);
        assert.strictEqual(got?.scheme_guest, false);
        assert.equal(await t.store.teams.getMember(team.id, newId()), undefined);
      });

      it('removeMember is a soft delete: the row stays, active lists and counts drop it', async () => {
        const team = await saveTeam();
        const [stay, leave] = [await saveUser(), await saveUser()];
        for (const u of [stay, leave]) await t.store.teams.saveMember(makeTeamMember({ team_id: team.id, user_id: u.id }));
        await t.store.teams.removeMember(team.id, leave.id, 1_700_000_000_300);

        assert.equal((await t.store.teams.getMember(team.id, leave.id))?.delete_at, 1_700_000_000_300);
        assert.deepEqual((await t.store.teams.getMembers(team.id, { offset: 0, limit: 100 })).map((m) => m.user_id), [stay.id]);
        assert.deepEqual((await t.store.teams.getMembersByIds(team.id, [stay.id, leave.id])).map((m) => m.user_id), [stay.id]);
        assert.equal(await t.store.teams.countMembers(team.id), 1);
        assert.deepEqual((await t.store.teams.getMembersForUser(leave.id)).map((m) => m.team_id), []);
        const withLeft = await t.store.teams.getMembersForUser(leave.id, { includeDeleted: true });
        assert.deepEqual(withLeft.map((m) => [m.team_id, m.delete_at]), [[team.id, 1_700_000_000_300]]);
      });

      it('saving a left member revives the row with the new fields', async () => {
        const team = await saveTeam();
        const u = await saveUser();
        await t.store.teams.saveMember(makeTeamMember({ team_id: team.id, user_id: u.id, create_at: 1_700_000_000_001 }));
        await t.store.teams.removeMember(team.id, u.id, 1_700_000_000_500);
        const again = makeTeamMember({ team_id: team.id, user_id: u.id, scheme_admin: true, create_at: 1_700_000_000_900 });
        await t.store.teams.saveMember(again);
        const got = await t.store.teams.getMember(team.id, u.id);
        assert.equal(got?.delete_at, 0);
        assert.strictEqual(got?.scheme_admin, true);
        assert.equal(await t.store.teams.countMembers(team.id), 1);
        assert.deepEqual((await t.store.teams.getMembersForUser(u.id)).map((m) => m.team_id), [team.id]);
      });

      it('updateMember writes roles and scheme flags', async () => {
        const team = await saveTeam();
        const m = makeTeamMember({ team_id: team.id, user_id: newId() });
        await t.store.teams.saveMember(m);
        const promoted = { ...m, scheme_admin: true, roles: 'team_post_all' };
        await t.store.teams.updateMember(promoted);
        assert.deepEqual(await t.store.teams.getMember(team.id, m.user_id), promoted);
      });

      it('getMembers pages by user id or username and can skip deactivated users; countMembers agrees', async () => {
        const team = await saveTeam();
        const users = [
          await saveUser({ username: uniq('zed') }),
          await saveUser({ username: uniq('amy') }),
          await saveUser({ username: uniq('max'), delete_at: 1_700_000_000_100 }),
        ];
        for (const u of users) await t.store.teams.saveMember(makeTeamMember({ team_id: team.id, user_id: u.id }));
        const byId = [...users].map((u) => u.id).sort();
        const page = (offset: number, limit: number, extra = {}) => t.store.teams.getMembers(team.id, { offset, limit, ...extra }).then((r) => r.map((m) => m.user_id));
        assert.deepEqual(await page(0, 100), byId);
        assert.deepEqual([...(await page(0, 2)), ...(await page(2, 2))], byId);
        const byName = [...users].sort((a, b) => (a.username < b.username ? -1 : 1)).map((u) => u.id);
        assert.deepEqual(await page(0, 100, { sortByUsername: true }), byName);
        assert.deepEqual(await page(0, 100, { excludeDeletedUsers: true }), byId.filter((id) => id !== users[2]!.id));
        assert.equal(await t.store.teams.countMembers(team.id), 3);
        assert.equal(await t.store.teams.countMembers(team.id, { activeUsersOnly: true }), 2);
      });

      it('getMembersForUser lists every active membership of the user', async () => {
        const u = newId();
        const teams = [await saveTeam(), await saveTeam()];
        for (const team of teams) await t.store.teams.saveMember(makeTeamMember({ team_id: team.id, user_id: u }));
        await t.store.teams.saveMember(makeTeamMember({ team_id: teams[0]!.id, user_id: newId() }));
        assert.deepEqual((await t.store.teams.getMembersForUser(u)).map((m) => m.team_id).sort(), ids(teams));
      });
    });
  });
}
