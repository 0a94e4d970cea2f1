import { describe, expect, it } from 'vitest';
import type { Scheme } from '@mattermost/types/schemes';
import { assignable, roleNameIn, schemeNameFor, schemeRoles, schemeToCreate, EDITABLE_ROLES } from './console-permissions';

const scheme = (scope: 'team' | 'channel'): Scheme =>
  ({
    id: 's1',
    name: 'restricted',
    display_name: 'Restricted',
    scope,
    default_team_user_role: scope === 'team' ? 'tu' : '',
    default_team_admin_role: scope === 'team' ? 'ta' : '',
    default_channel_user_role: 'cu',
    default_channel_admin_role: 'ca',
  }) as Scheme;

describe('permission scheme editor state', () => {
  it('offers the roles a scheme has, named by the scheme', () => {
    expect(schemeRoles(null)).toEqual(EDITABLE_ROLES);
    expect(schemeRoles(scheme('team'))).toEqual(['team_user', 'team_admin', 'channel_user', 'channel_admin']);
    expect(schemeRoles(scheme('channel'))).toEqual(['channel_user', 'channel_admin']);
    expect(roleNameIn(null, 'channel_user')).toBe('channel_user');
    expect(roleNameIn(scheme('team'), 'team_user')).toBe('tu');
    expect(roleNameIn(scheme('channel'), 'channel_admin')).toBe('ca');
  });

  it('makes a valid Mattermost scheme name from any display name', () => {
    const valid = /^[a-z0-9_]{2,64}$/;
    expect(schemeNameFor('Read-only Teams!', 'k3x')).toBe('read_only_teams_k3x');
    expect(schemeNameFor('Über Schema', 'a')).toBe('uber_schema_a');
    expect(schemeNameFor('日本語', 'z9')).toBe('scheme_z9');
    expect(schemeNameFor('x'.repeat(200), 'abcdefghijklmnopq')).toMatch(valid);
    expect(schemeNameFor('x'.repeat(200), 'abcdefghijklmnopq').length).toBeLessThanOrEqual(64);
  });

  it('sends nothing for an empty or overlong display name', () => {
    expect(schemeToCreate({ displayName: '  ', description: '', scope: 'team' }, 'a')).toBeNull();
    expect(schemeToCreate({ displayName: 'x'.repeat(129), description: '', scope: 'team' }, 'a')).toBeNull();
    expect(schemeToCreate({ displayName: ' Guests only ', description: ' d ', scope: 'channel' }, 'q1')).toEqual({
      name: 'guests_only_q1',
      display_name: 'Guests only',
      description: 'd',
      scope: 'channel',
    });
  });

  it('lists only what is not on the scheme yet, by label', () => {
    const all = [
      { id: 'b', label: 'Beta' },
      { id: 'a', label: 'Alpha' },
      { id: 'c', label: 'Gamma' },
    ];
    expect(assignable(all, [{ id: 'c' }]).map((x) => x.id)).toEqual(['a', 'b']);
    expect(assignable(all, [])).toHaveLength(3);
  });
});
