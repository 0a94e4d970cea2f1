import { describe, expect, it } from 'vitest';
import { highlightTerms, searchedTerms } from './search-terms';

describe('search terms', () => {
  it('keeps the words and phrases, not filters, exclusions or wildcard stars', () => {
    expect(searchedTerms('from:bob in:town-square "release notes" deploy* -draft -"old plan" on:2026-01-02 #launch')).toEqual(['release notes', 'deploy', '#launch']);
    expect(searchedTerms('   ')).toEqual([]);
  });

  it('adds the server’s matches, without duplicates, longest first', () => {
    expect(highlightTerms('roadmap plan', ['Roadmap', 'roadmaps*'])).toEqual(['roadmaps', 'Roadmap', 'plan']);
  });
});
