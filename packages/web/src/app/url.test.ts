import { describe, expect, it } from 'vitest';
import { buildPath, buildPermalink, consolePath, consoleSection, parseRoute } from './url';
import { toSlug } from './slug';

describe('routes', () => {
  it('round-trips team and channel names', () => {
    expect(parseRoute(buildPath('acme', 'town-square'))).toEqual({ teamName: 'acme', channelName: 'town-square', threads: false });
    expect(parseRoute('/acme')).toEqual({ teamName: 'acme', channelName: null, threads: false });
    expect(parseRoute('/')).toEqual({ teamName: null, channelName: null, threads: false });
    expect(parseRoute('/acme/channels/<script>')).toEqual({ teamName: 'acme', channelName: null, threads: false });
  });

  it('has a path for the Threads view', () => {
    expect(buildPath('acme', 'town-square', true)).toBe('/acme/threads');
    expect(parseRoute('/acme/threads')).toEqual({ teamName: 'acme', channelName: null, threads: true });
  });

  it('has permalinks to one post', () => {
    const id = 'abcdefghijklmnopqrstuvwxyz';
    expect(buildPermalink('acme', id)).toBe(`/acme/pl/${id}`);
    expect(parseRoute(`/acme/pl/${id}`)).toEqual({ teamName: 'acme', channelName: null, threads: false, postId: id });
    expect(parseRoute('/acme/pl/not-an-id')).toEqual({ teamName: 'acme', channelName: null, threads: false });
    expect(parseRoute(`/acme/channels/${id}`).postId).toBeUndefined();
  });

  it('has system console paths that name no team', () => {
    expect(consoleSection(consolePath('config'))).toBe('config');
    expect(consoleSection('/admin_console')).toBe('users');
    expect(consoleSection('/admin_console/nonsense')).toBe('users');
    expect(consoleSection('/acme/channels/town-square')).toBeNull();
    expect(parseRoute('/admin_console/users')).toEqual({ teamName: null, channelName: null, threads: false });
  });

  it('makes URL names from display names', () => {
    expect(toSlug('Design Reviews!', 'c')).toBe('design-reviews');
    expect(toSlug('Café Crème', 'c')).toBe('cafe-creme');
    expect(toSlug('Обсуждение', 'c')).toMatch(/^c-[a-z0-9]+$/);
  });
});
