import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../../src/store/store.js';
import { newId } from '../../src/platform/ids.js';
import { engines, ids, makeChannelMember, makeTeamMember, makeUser, openTestDb, toRow, uniq, type TestDb } from './fixtures.js';

for (const engine of engines()) {
  describe(`user store contract [${engine}]`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(engine);
    });
    after(() => t.close());

    async function saveUsers(...users: User[]): Promise<User[]> {
      for (const u of users) await t.store.users.save(u);
      return users;
    }
    // Memberships are written as rows so this suite depends on the user store alone, not on the team and
    // channel stores whose filters it is not testing.
    async function joinTeam(teamId: string, userId: string, deleteAt = 0): Promise<void> {
      await t.db.insertInto('team_members').values(toRow('team_members', makeTeamMember({ team_id: teamId, user_id: userId, delete_at: deleteAt }))).execute();
    }
    async function joinChannel(channelId: string, userId: string): Promise<void> {
      await t.db.insertInto('channel_members').values(toRow('channel_members', makeChannelMember({ channel_id: channelId, user_id: userId }))).execute();
    }

    it('saves and reads back a user with JSON maps, flags and timestamps intact', async () => {
      const u = makeUser({
        first_name: 'Zoë',
        props: { note: 'héllo 👋 — 漢字 "quoted" \\ back' },
        notify_props: { desktop: 'all', mention_keys: 'zoë,@here' },
        timezone: { useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Paris' },
        email_verified: true,
        mfa_active: false,
        last_activity_at: 1_712_345_678_901,
      });
      await t.store.users.save(u);
      const got = await t.store.users.get(u.id);
      assert.deepEqual(got, u);
      assert.equal(typeof got?.create_at, 'number');
      assert.equal(got?.email_verified, true);
      assert.equal(got?.is_bot, false);
      assert.equal(await t.store.users.get(newId()), undefined);
    });

    it('gets many by id, ignoring unknown ids and accepting an empty list', async () => {
      const [a, b] = await saveUsers(makeUser(), makeUser());
      assert.deepEqual(ids(await t.store.users.getMany([a!.id, b!.id, newId()])), ids([a!, b!]));
      assert.deepEqual(await t.store.users.getMany([]), []);
    });

    it('finds users by username and email regardless of case', async () => {
      const u = (await saveUsers(makeUser({ username: uniq('mixed') })))[0]!;
      assert.equal((await t.store.users.getByUsername(u.username.toUpperCase()))?.id, u.id);
      assert.equal((await t.store.users.getByEmail(u.email.toUpperCase()))?.id, u.id);
      assert.deepEqual(ids(await t.store.users.getByUsernames([u.username.toUpperCase(), 'nobody-here'])), [u.id]);
      assert.deepEqual(await t.store.users.getByUsernames([]), []);
      assert.equal(await t.store.users.getByUsername('nobody-here'), undefined);
      assert.equal(await t.store.users.getByEmail('nobody@example.com'), undefined);
    });

    it('updates a user and its failed attempts', async () => {
      const u = (await saveUsers(makeUser()))[0]!;
      const changed: User = { ...u, nickname: 'nick', update_at: u.update_at + 1, props: { a: 'b' }, mfa_active: true };
      await t.store.users.update(changed);
      assert.deepEqual(await t.store.users.get(u.id), changed);
      await t.store.users.setFailedAttempts(u.id, 3);
      assert.equal((await t.store.users.get(u.id))?.failed_attempts, 3);
    });

    it('counts users, leaving out deactivated users and bots unless asked', async () => {
      const before = {
        plain: await t.store.users.count(),
        deleted: await t.store.users.count({ includeDeleted: true }),
        bots: await t.store.users.count({ includeBots: true }),
        all: await t.store.users.count({ includeDeleted: true, includeBots: true }),
      };
      await saveUsers(makeUser(), makeUser({ delete_at: 1_700_000_000_500 }), makeUser({ is_bot: true }));
      assert.equal(await t.store.users.count(), before.plain + 1);
      assert.equal(await t.store.users.count({ includeDeleted: true }), before.deleted + 2);
      assert.equal(await t.store.users.count({ includeBots: true }), before.bots + 2);
      const all = await t.store.users.count({ includeDeleted: true, includeBots: true });
      assert.equal(all, before.all + 3);
      assert.equal(typeof all, 'number');
    });

    describe('profile filters', () => {
      // One cast shared by the filter tests; ids are scoped by a team or channel of their own, so users
      // saved by other tests in this database cannot leak into exact-set assertions.
      const team = newId();
      const otherTeam = newId();
      const channel = newId();
      const u: Record<'inBoth' | 'inTeam' | 'otherTeam' | 'noTeam' | 'leftTeam' | 'inactive' | 'admin', User> = {
        inBoth: makeUser({ username: uniq('pf'), create_at: 1_700_000_000_001, last_activity_at: 50 }),
        inTeam: makeUser({ username: uniq('pf'), create_at: 1_700_000_000_004, last_activity_at: 10 }),
        otherTeam: makeUser({ username: uniq('pf') }),
        noTeam: makeUser({ username: uniq('pf') }),
        leftTeam: makeUser({ username: uniq('pf') }),
        inactive: makeUser({ username: uniq('pf'), delete_at: 1_700_000_000_900, create_at: 1_700_000_000_003, last_activity_at: 40 }),
        admin: makeUser({ username: uniq('pf'), roles: 'system_user system_admin', create_at: 1_700_000_000_002, last_activity_at: 30 }),
      };
      before(async () => {
        await saveUsers(...Object.values(u));
        for (const x of [u.inBoth, u.inTeam, u.inactive, u.admin]) await joinTeam(team, x.id);
        await joinTeam(otherTeam, u.otherTeam.id);
        await joinTeam(team, u.leftTeam.id, 1_700_000_000_700);
        await joinChannel(channel, u.inBoth.id);
      });
      const inTeamIds = () => ids([u.inBoth, u.inTeam, u.inactive, u.admin]);
      const page = { offset: 0, limit: 100 };

      it('inTeam counts only live memberships', async () => {
        assert.deepEqual(ids(await t.store.users.getProfiles({ inTeam: team, ...page })), inTeamIds());
      });

      it('notInTeam and withoutTeam treat a left team as no team', async () => {
        const notIn = new Set(ids(await t.store.users.getProfiles({ notInTeam: team, ...page })));
        for (const x of [u.otherTeam, u.noTeam, u.leftTeam]) assert.ok(notIn.has(x.id), `${x.username} should be outside the team`);
        for (const x of [u.inBoth, u.inTeam, u.inactive, u.admin]) assert.ok(!notIn.has(x.id), `${x.username} is in the team`);
        const without = new Set(ids(await t.store.users.getProfiles({ withoutTeam: true, ...page })));
        assert.ok(without.has(u.noTeam.id) && without.has(u.leftTeam.id));
        assert.ok(!without.has(u.inBoth.id) && !without.has(u.otherTeam.id));
      });

      it('inChannel and notInChannel combine with inTeam', async () => {
        assert.deepEqual(ids(await t.store.users.getProfiles({ inChannel: channel, ...page })), [u.inBoth.id]);
        assert.deepEqual(ids(await t.store.users.getProfiles({ inTeam: team, notInChannel: channel, ...page })), ids([u.inTeam, u.inactive, u.admin]));
      });

      it('active selects live or deactivated users', async () => {
        assert.deepEqual(ids(await t.store.users.getProfiles({ inTeam: team, active: true, ...page })), ids([u.inBoth, u.inTeam, u.admin]));
        assert.deepEqual(ids(await t.store.users.getProfiles({ inTeam: team, active: false, ...page })), [u.inactive.id]);
      });

      it('role matches whole role names only', async () => {
        assert.deepEqual(ids(await t.store.users.getProfiles({ inTeam: team, role: 'system_admin', ...page })), [u.admin.id]);
        assert.deepEqual(await t.store.users.getProfiles({ inTeam: team, role: 'admin', ...page }), []);
        assert.equal((await t.store.users.getProfiles({ inTeam: team, role: 'system_user', ...page })).length, 4);
      });

      it('sorts by username by default, or by create_at / last_activity_at newest first', async () => {
        const byName = (await t.store.users.getProfiles({ inTeam: team, ...page })).map((x) => x.username);
        assert.deepEqual(byName, [...byName].sort());
        const byCreate = await t.store.users.getProfiles({ inTeam: team, sort: 'create_at', ...page });
        assert.deepEqual(byCreate.map((x) => x.id), [u.inTeam, u.inactive, u.admin, u.inBoth].map((x) => x.id));
        const byActivity = await t.store.users.getProfiles({ inTeam: team, sort: 'last_activity_at', ...page });
        assert.deepEqual(byActivity.map((x) => x.id), [u.inBoth, u.inactive, u.admin, u.inTeam].map((x) => x.id));
      });

      it('pages with offset and limit without gaps or repeats', async () => {
        const all = (await t.store.users.getProfiles({ inTeam: team, ...page })).map((x) => x.id);
        const first = await t.store.users.getProfiles({ inTeam: team, offset: 0, limit: 3 });
        const second = await t.store.users.getProfiles({ inTeam: team, offset: 3, limit: 3 });
        assert.deepEqual([...first, ...second].map((x) => x.id), all);
        assert.deepEqual(await t.store.users.getProfiles({ inTeam: team, offset: 10, limit: 3 }), []);
      });
    });

    describe('search', () => {
      const team = newId();
      const tag = uniq('s');
      const u = {
        byUsername: makeUser({ username: `${tag}alpha` }),
        byFirst: makeUser({ first_name: `${tag.toUpperCase()}First` }),
        byLast: makeUser({ last_name: `${tag}Last` }),
        byNick: makeUser({ nickname: `${tag}nick` }),
        byEmailOnly: makeUser({ email: `${tag}mail@example.com` }),
        infix: makeUser({ first_name: `x${tag}` }),
        underscore: makeUser({ username: `${tag}a_b` }),
        notUnderscore: makeUser({ username: `${tag}axb` }),
        percent: makeUser({ first_name: `${tag}100%real` }),
        notPercent: makeUser({ first_name: `${tag}100xreal` }),
        inactive: makeUser({ username: `${tag}gone`, delete_at: 1_700_000_000_100 }),
        accented: makeUser({ first_name: `Émile${tag}`, last_name: `Ørsted${tag}` }),
      };
      before(async () => {
        await saveUsers(...Object.values(u));
        for (const x of Object.values(u)) await joinTeam(team, x.id);
      });
      const search = (term: string, extra: { includeEmail?: boolean; allowInactive?: boolean } = {}) =>
        t.store.users.search({ term, inTeam: team, limit: 100, ...extra }).then(ids);

      it('matches a prefix of username, first, last and nickname, case-insensitively', async () => {
        assert.deepEqual(
          await search(tag.toUpperCase()),
          ids([u.byUsername, u.byFirst, u.byLast, u.byNick, u.underscore, u.notUnderscore, u.percent, u.notPercent]),
        );
        assert.deepEqual(await search(`@${tag}alp`), [u.byUsername.id]);
      });

      it('folds case beyond ASCII, as PostgreSQL’s lower() does', async () => {
        assert.deepEqual(await search(`émile${tag}`), [u.accented.id]);
        assert.deepEqual(await search(`ÉMILE${tag.toUpperCase()}`), [u.accented.id]);
        assert.deepEqual(await search(`ørsted${tag}`), [u.accented.id]);
      });

      it('never matches inside a word', async () => {
        assert.ok(!(await search(tag)).includes(u.infix.id));
      });

      it('matches email only when the searcher may see emails', async () => {
        assert.ok(!(await search(`${tag}mail`)).includes(u.byEmailOnly.id));
        assert.deepEqual(await search(`${tag}mail`, { includeEmail: true }), [u.byEmailOnly.id]);
      });

      it('treats _ and % in the term as literal characters', async () => {
        assert.deepEqual(await search(`${tag}a_`), [u.underscore.id]);
        assert.deepEqual(await search(`${tag}100%`), [u.percent.id]);
        assert.deepEqual(await search(`${tag}%`), []);
      });

      it('leaves out deactivated users unless allowed, and honours the limit', async () => {
        assert.deepEqual(await search(`${tag}gone`), []);
        assert.deepEqual(await search(`${tag}gone`, { allowInactive: true }), [u.inactive.id]);
        assert.equal((await t.store.users.search({ term: tag, inTeam: team, limit: 2 })).length, 2);
      });
    });
  });
}
