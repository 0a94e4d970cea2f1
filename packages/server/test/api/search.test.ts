import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { PostSearchResults } from '@mattermost/types/posts';
import { engines, expectClientError, makeAdmin, makeUser, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';

const DAY = 86_400_000;

for (const engine of engines()) {
  describe(`post search [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;
    let outsider: TestUser;
    let team: Team;
    let otherTeam: Team;
    let pub: Channel;
    let priv: Channel;
    let elsewhere: Channel;
    const ids: Record<string, string> = {};

    const search = async (u: TestUser, terms: string, extra: Record<string, unknown> = {}, teamId: string | null = team.id): Promise<PostSearchResults> =>
      (await u.client.searchPostsWithParams(teamId ?? '', { terms, is_or_search: false, ...extra } as never)) as PostSearchResults;
    const found = async (u: TestUser, terms: string, extra: Record<string, unknown> = {}) => (await search(u, terms, extra)).order;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      alice = await makeUser(srv.url, admin.client);
      bob = await makeUser(srv.url, admin.client);
      outsider = await makeUser(srv.url, admin.client);
      const mk = async (n: string) => admin.client.createTeam({ name: uniqueName(n), display_name: n, type: 'O' } as Team);
      team = await mk('team');
      otherTeam = await mk('other');
      for (const u of [alice, bob, outsider]) await admin.client.addToTeam(team.id, u.user.id);
      await admin.client.addToTeam(otherTeam.id, alice.user.id);
      const chan = async (owner: TestUser, t: Team, type: 'O' | 'P', members: TestUser[]) => {
        const c = await owner.client.createChannel({ team_id: t.id, name: uniqueName('chan'), display_name: 'c', type } as Channel);
        for (const m of members) await owner.client.addToChannel(m.user.id, c.id);
        return c;
      };
      pub = await chan(alice, team, 'O', [bob]);
      priv = await chan(alice, team, 'P', []);
      elsewhere = await chan(alice, otherTeam, 'O', []);
      const p = async (key: string, u: TestUser, channelId: string, message: string) => {
        ids[key] = (await u.client.createPost({ channel_id: channelId, message } as never)).id;
      };
      await p('run', alice, pub.id, 'The runners were running quickly through the park');
      await p('blue', bob, pub.id, 'a blue whale swims in the ocean');
      await p('phrase', alice, pub.id, 'ocean blue is not the same as blue ocean');
      await p('tag', alice, pub.id, 'release notes #release-v2 are out');
      await p('tag2', bob, pub.id, 'see #releases for more');
      await p('secret', alice, priv.id, 'secret whale plans');
      await p('other', alice, elsewhere.id, 'whale in another team');
    });
    after(() => srv.close());

    it('finds stemmed words, newest first, with matches', async () => {
      const res = await search(bob, 'run');
      assert.deepEqual(res.order, [ids.run]);
      assert.ok(res.posts[ids.run!]);
      assert.ok(Array.isArray(res.matches[ids.run!]));
      assert.deepEqual(await found(bob, 'ocean'), [ids.phrase, ids.blue]);
    });

    it('ANDs words by default and ORs them with is_or_search', async () => {
      assert.deepEqual(await found(bob, 'whale park'), []);
      assert.deepEqual(await found(bob, 'whale park', { is_or_search: true }), [ids.blue, ids.run]);
    });

    it('matches quoted phrases, exclusions and prefixes', async () => {
      assert.deepEqual(await found(bob, '"blue whale"'), [ids.blue]);
      assert.deepEqual(await found(bob, 'ocean -whale'), [ids.phrase]);
      assert.deepEqual(await found(bob, 'ocean -"blue whale"'), [ids.phrase]);
      assert.deepEqual(await found(bob, 'swi*'), [ids.blue]);
    });

    it('filters by from:, in: and dates', async () => {
      assert.deepEqual(await found(bob, 'ocean from:' + bob.user.username), [ids.blue]);
      assert.deepEqual(await found(bob, 'ocean -from:' + bob.user.username), [ids.phrase]);
      assert.deepEqual(await found(bob, 'from:nobody-at-all ocean'), []);
      assert.deepEqual(await found(bob, `ocean in:${pub.name}`), [ids.phrase, ids.blue]);
      assert.deepEqual(await found(bob, `ocean -in:${pub.name}`), []);
      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
      assert.deepEqual(await found(bob, `whale on:${today}`), [ids.blue]);
      assert.deepEqual(await found(bob, `whale after:${yesterday}`), [ids.blue]);
      assert.deepEqual(await found(bob, `whale before:${tomorrow}`), [ids.blue]);
      assert.deepEqual(await found(bob, `whale after:${today}`), []);
      assert.deepEqual(await found(bob, `whale before:${today}`), []);
    });

    it('searches hashtags exactly', async () => {
      assert.deepEqual(await found(bob, '#release-v2'), [ids.tag]);
      assert.deepEqual(await found(bob, '#releases'), [ids.tag2]);
      assert.deepEqual(await found(bob, '#missing'), []);
    });

    it('sees the index follow edits and deletes', async () => {
      const created = await alice.client.createPost({ channel_id: pub.id, message: 'temporary zeppelin' } as never);
      assert.deepEqual(await found(bob, 'zeppelin'), [created.id]);
      await alice.client.patchPost({ id: created.id, message: 'temporary airship' } as never);
      assert.deepEqual(await found(bob, 'zeppelin'), []);
      assert.deepEqual(await found(bob, 'airship'), [created.id]);
      await alice.client.deletePost(created.id);
      assert.deepEqual(await found(bob, 'airship'), []);
    });

    it('returns only posts from channels the user is a member of', async () => {
      assert.deepEqual(await found(alice, 'whale'), [ids.secret, ids.blue]);
      assert.deepEqual(await found(bob, 'whale'), [ids.blue]);
      assert.deepEqual(await found(outsider, 'whale'), []);
      assert.deepEqual((await search(alice, 'whale', {}, null)).order, [ids.other, ids.secret, ids.blue]);
      assert.deepEqual((await search(bob, 'whale', {}, null)).order, [ids.blue]);
    });

    it('pages and rejects bad input', async () => {
      const first = await search(bob, 'ocean', { page: 0, per_page: 1 });
      const second = await search(bob, 'ocean', { page: 1, per_page: 1 });
      assert.deepEqual([...first.order, ...second.order], [ids.phrase, ids.blue]);
      assert.deepEqual(await found(bob, ''), []);
      assert.deepEqual(await found(bob, '" * - # : ) ( AND OR NOT \' \\'), []);
      await expectClientError(() => search(bob, 'whale on:2020-13-45'), 400, 'api.post.search_posts.invalid_date.app_error');
      await expectClientError(() => search(bob, 'whale', {}, otherTeam.id), 403);
      const res = await raw(srv.url, 'POST', '/api/v4/posts/search', { token: bob.client.getToken(), body: { terms: 5 } });
      assert.equal(res.status, 400);
    });
  });
}
