import { describe, expect, it } from 'vitest';
import { applyCompletion, findTrigger } from './autocomplete';

describe('completing at the caret', () => {
  it('finds @people, ~channels and :emoji: at the start of a word', () => {
    expect(findTrigger('hi @bo', 6)).toEqual({ kind: 'user', term: 'bo', start: 3, end: 6 });
    expect(findTrigger('@', 1)).toEqual({ kind: 'user', term: '', start: 0, end: 1 });
    expect(findTrigger('see ~town', 9)).toEqual({ kind: 'channel', term: 'town', start: 4, end: 9 });
    expect(findTrigger('nice :thu', 9)).toEqual({ kind: 'emoji', term: 'thu', start: 5, end: 9 });
  });

  it('leaves e-mail addresses, times and one-letter emoji alone', () => {
    expect(findTrigger('mail bob@example.com', 20)).toBeNull();
    expect(findTrigger('at 10:30', 8)).toBeNull();
    expect(findTrigger('ok :t', 5)).toBeNull();
    expect(findTrigger('done @bob ', 10)).toBeNull();
  });

  it('looks only at what is before the caret', () => {
    expect(findTrigger('@bob and more', 4)).toEqual({ kind: 'user', term: 'bob', start: 0, end: 4 });
  });

  it('replaces the typed part and adds a space', () => {
    const trigger = findTrigger('hi @bo', 6)!;
    expect(applyCompletion('hi @bo', trigger, '@bob')).toEqual({ text: 'hi @bob ', caret: 8 });
    const mid = findTrigger('ask @al now', 7)!;
    expect(applyCompletion('ask @al now', mid, '@alice')).toEqual({ text: 'ask @alice now', caret: 10 });
  });
});
