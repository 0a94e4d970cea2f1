import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchedTerms, parseSearchTerms } from '../../src/app/search-terms.js';

describe('parseSearchTerms', () => {
  it('splits words, phrases, exclusions, hashtags, prefixes and flags', () => {
    const p = parseSearchTerms('Foo "Bar baz" -qux -"no way" #Tag-One ab* from:@Alice -from:bob in:~town -in:x well-known', 0);
    assert.deepEqual(p.words, ['foo', 'ab*']);
    assert.deepEqual(p.phrases, [['bar', 'baz'], ['well', 'known']]);
    assert.deepEqual(p.excludedWords, ['qux']);
    assert.deepEqual(p.excludedPhrases, [['no', 'way']]);
    assert.deepEqual(p.hashtags, [{ tag: 'tag-one', parts: ['tag', 'one'] }]);
    assert.deepEqual([p.fromUsernames, p.excludedUsernames, p.inChannels, p.excludedChannels], [['alice'], ['bob'], ['town'], ['x']]);
  });

  it('keeps only letters and digits of query syntax', () => {
    const p = parseSearchTerms(`it's "a'b" x:y NEAR(a) ' \\ *`, 0);
    assert.deepEqual(p.phrases, [['it', 's'], ['a', 'b'], ['x', 'y'], ['near', 'a']]);
    assert.deepEqual(p.words, []);
  });

  it('turns dates into local-day bounds using the offset (seconds east of UTC)', () => {
    const day = Date.UTC(2024, 1, 29);
    assert.deepEqual([parseSearchTerms('on:2024-02-29', 0).since, parseSearchTerms('on:2024-02-29', 0).until], [day, day + 86_400_000]);
    assert.equal(parseSearchTerms('on:2024-02-29', 3600).since, day - 3_600_000);
    assert.equal(parseSearchTerms('after:2024-02-29', 0).since, day + 86_400_000);
    assert.equal(parseSearchTerms('before:2024-02-29', 0).until, day);
    assert.throws(() => parseSearchTerms('on:2023-02-29', 0), { id: 'api.post.search_posts.invalid_date.app_error' });
  });

  it('lists the terms a message contains', () => {
    assert.deepEqual(matchedTerms('The Blue whale', ['blue', 'wha*', 'red']), ['blue', 'wha*']);
  });
});
