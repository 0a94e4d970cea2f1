// Mention rules, pure: who a message mentions among a channel's members (Mattermost's standard parser and
// mention keywords). The API suites check the same rules end to end; here the edge cases are cheap.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildKeywords, ignoresChannelMentions, mentionKeysOf, resolveMentions } from '../../src/app/mentions.js';
import { findMentions } from '../../src/app/post-text.js';
import { translate } from '../../src/app/i18n.js';
import type { MemberProfile } from '../../src/store/store.js';

const DEFAULT_USER = { channel: 'true', first_name: 'false', mention_keys: '' };

function member(userId: string, username: string, user: Record<string, string> = {}, channel: Record<string, string> = {}, firstName = ''): MemberProfile {
  return {
    user_id: userId,
    username,
    first_name: firstName,
    is_bot: false,
    notify_props: { ...DEFAULT_USER, ...user },
    member_notify_props: { mark_unread: 'all', ignore_channel_mentions: 'default', ...channel },
  };
}

const alice = member('a', 'alice');
const bob = member('b', 'bob.smith', { first_name: 'true', mention_keys: 'Deploy, on-call ,' }, {}, 'Robert');
const carol = member('c', 'carol', {}, { ignore_channel_mentions: 'on' });
const dave = member('d', 'dave', {}, { mark_unread: 'mention' });
const erin = member('e', 'erin', { channel: 'false' });
const frank = member('f', 'frank', {}, { mark_unread: 'mention', ignore_channel_mentions: 'off' });
const everyone = [alice, bob, carol, dave, erin, frank];

const mentioned = (message: string, opts: { channelMentions?: boolean; online?: string[] } = {}) => {
  const keywords = buildKeywords(everyone, opts.channelMentions ?? true, new Set(opts.online ?? []));
  return [...findMentions(message, keywords).users.keys()].sort();
};

describe('mention parsing', () => {
  it('finds @username, ignoring case and trailing sentence punctuation', () => {
    assert.deepEqual(mentioned('hi @Bob.Smith.'), ['b']);
    assert.deepEqual(mentioned('@alice: ping, (@bob.smith)!'), ['a', 'b']);
    assert.deepEqual(mentioned('@alice-'), ['a']);
    assert.deepEqual(mentioned('@alicex and @bob'), [], 'no partial matches');
  });

  it('skips code, email addresses and emoji names', () => {
    assert.deepEqual(mentioned('`@alice` and\n```\n@bob.smith\n```'), []);
    assert.deepEqual(mentioned('mail alice@example.com'), []);
    assert.deepEqual(mentioned(':deploy: done'), []);
  });

  it('matches mention keys case-insensitively and first names exactly', () => {
    assert.deepEqual(mentioned('who is on-call? DEPLOY now'), ['b']);
    assert.deepEqual(mentioned('Robert, look'), ['b']);
    assert.deepEqual(mentioned('robert, look'), [], 'first names are case-sensitive');
    assert.deepEqual(mentionKeysOf({ mention_keys: ' a , ,b' }), ['a', 'b']);
  });

  it('splits words joined by dots, dashes and colons', () => {
    assert.deepEqual(mentioned('deploy.Robert-done'), ['b']);
  });

  it('finds keywords inside words of scripts written without spaces', () => {
    const kw = buildKeywords([member('x', 'x', { mention_keys: '山田' })], false, new Set());
    assert.deepEqual([...findMentions('こんにちは山田さん', kw).users.keys()], ['x']);
  });

  it('@channel and @all reach members who allow them; @here only those online', () => {
    // carol ignores channel mentions, dave muted the channel (default ignore), erin turned them off;
    // frank muted the channel but explicitly wants channel mentions.
    assert.deepEqual(mentioned('@channel'), ['a', 'b', 'f']);
    assert.deepEqual(mentioned('@ALL'), ['a', 'b', 'f']);
    assert.deepEqual(mentioned('@here', { online: ['a', 'c', 'f'] }), ['a', 'f']);
    assert.deepEqual(mentioned('@channel', { channelMentions: false }), []);
    assert.equal(ignoresChannelMentions({ mark_unread: 'mention' }), true);
    assert.equal(ignoresChannelMentions({ mark_unread: 'mention', ignore_channel_mentions: 'off' }), false);
  });

  it('never throws and never invents users (property)', () => {
    const kw = buildKeywords(everyone, true, new Set(['a']));
    const ids = new Set(everyone.map((m) => m.user_id));
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        for (const id of findMentions(s, kw).users.keys()) assert.ok(ids.has(id));
      }),
    );
  });
});

describe('who a post mentions', () => {
  const post = (message: string, fields: Partial<{ user_id: string; type: string; props: Record<string, unknown> }> = {}) => ({
    user_id: 'a',
    message,
    type: '',
    props: {},
    ...fields,
  });
  const resolve = (message: string, channelType: string, fields: Parameters<typeof post>[1] = {}, profiles = everyone, name = 'x') =>
    [...resolveMentions({ post: post(message, fields), channel: { type: channelType, name }, profiles, channelMentionsAllowed: true, online: new Set() }).users.entries()].sort();

  it('a DM mentions the other user with every post; a self-DM nobody', () => {
    assert.deepEqual(resolve('hello', 'D', {}, [alice, bob], 'a__b'), [['b', 'dm']]);
    assert.deepEqual(resolve('hello', 'D', {}, [alice], 'a__a'), []);
  });

  it('a GM mentions every other member, a keyword mention is stronger', () => {
    assert.deepEqual(resolve('hi @bob.smith', 'G', {}, [alice, bob, carol]), [
      ['b', 'keyword'],
      ['c', 'gm'],
    ]);
  });

  it('authors never mention themselves; system messages mention only the user added to a channel', () => {
    assert.deepEqual(resolve('@alice @carol', 'O'), [['c', 'keyword']]);
    assert.deepEqual(resolve('@carol joined', 'O', { type: 'system_join_channel' }), []);
    assert.deepEqual(resolve('carol added', 'O', { type: 'system_add_to_channel', props: { addedUserId: 'c' } }), [['c', 'keyword']]);
  });
});

describe('server translations', () => {
  it('pick the recipient language, fall back to English, and pluralise', () => {
    assert.equal(translate('de-AT', 'notification.title.batched', { count: 1 }), 'Sie haben 1 neue Benachrichtigung');
    assert.equal(translate('fr', 'notification.title.batched', { count: 3 }), 'Vous avez 3 nouvelles notifications');
    assert.equal(translate('xx', 'notification.title.batched', { count: 2 }), 'You have 2 new notifications');
  });
});
