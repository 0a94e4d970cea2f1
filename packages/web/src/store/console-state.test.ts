import { describe, expect, it } from 'vitest';
import { changedCount, configGroups, configPatch, initialDraft, invalidFields } from './console-config';
import { filterPermissions, permissionUniverse, samePermissions, toggled } from './console-permissions';
import { isSystemAdmin, matchesFilter, profileOptions, withSystemAdmin } from './console-users';
import { makeUser } from '../test-utils/factories';

const config = {
  TeamSettings: { SiteName: 'Parley', EnableUserCreation: true, MaxUsersPerTeam: 50, RestrictCreationToDomains: '' },
  ServiceSettings: { SiteURL: 'http://localhost', AllowCorsFrom: ['a.example', 'b.example'], Nested: { Deep: 1 } },
  // A section the console has no place for still shows (after the known ones).
  ZetaSettings: { Enable: false },
  NotASection: 'x',
};

describe('site configuration form', () => {
  it('shows exactly the returned settings with simple values, known sections first', () => {
    const groups = configGroups(config, null);
    expect(groups.map((g) => g.section)).toEqual(['ServiceSettings', 'TeamSettings', 'ZetaSettings']);
    expect(groups[0]!.fields.map((f) => [f.key, f.kind])).toEqual([
      ['SiteURL', 'text'],
      ['AllowCorsFrom', 'list'],
    ]);
    expect(groups[1]!.fields.map((f) => f.kind)).toEqual(['text', 'boolean', 'number', 'text']);
  });

  it('locks the settings the environment sets, and never sends them', () => {
    const env = { TeamSettings: { SiteName: true } };
    const groups = configGroups(config, env);
    const siteName = groups[1]!.fields.find((f) => f.key === 'SiteName')!;
    expect(siteName.locked).toBe(true);
    const draft = initialDraft(config, groups);
    draft.TeamSettings!.SiteName = 'Changed';
    expect(configPatch(config, groups, draft)).toEqual({});
  });

  it('sends only what changed, typed and nested as the config is', () => {
    const groups = configGroups(config, null);
    const draft = initialDraft(config, groups);
    expect(changedCount(configPatch(config, groups, draft))).toBe(0);
    draft.TeamSettings!.EnableUserCreation = false;
    draft.TeamSettings!.MaxUsersPerTeam = ' 75 ';
    draft.ServiceSettings!.AllowCorsFrom = 'a.example,\n c.example ,';
    const patch = configPatch(config, groups, draft);
    expect(patch).toEqual({ TeamSettings: { EnableUserCreation: false, MaxUsersPerTeam: 75 }, ServiceSettings: { AllowCorsFrom: ['a.example', 'c.example'] } });
    expect(changedCount(patch)).toBe(3);
    // Back to the stored value: no longer a change.
    draft.TeamSettings!.EnableUserCreation = true;
    expect(changedCount(configPatch(config, groups, draft))).toBe(2);
  });

  it('holds back a number field that is not a number', () => {
    const groups = configGroups(config, null);
    const draft = initialDraft(config, groups);
    draft.TeamSettings!.MaxUsersPerTeam = '12abc';
    expect(invalidFields(groups, draft).map((f) => f.key)).toEqual(['MaxUsersPerTeam']);
    expect(configPatch(config, groups, draft)).toEqual({});
    draft.TeamSettings!.MaxUsersPerTeam = '';
    expect(invalidFields(groups, draft)).toHaveLength(1);
  });
});

describe('permission checklists', () => {
  it('offer every permission the reference and editable roles hold, without the console ones', () => {
    expect(permissionUniverse([{ permissions: ['create_post', 'sysconsole_read_users', 'manage_system'] }, { permissions: ['create_post', 'add_reaction'] }])).toEqual(['add_reaction', 'create_post', 'manage_system']);
  });

  it('toggle one permission and tell a change from the saved list in any order', () => {
    const saved = ['create_post', 'add_reaction'];
    const on = toggled(saved, 'delete_post', true);
    expect(on).toEqual(['add_reaction', 'create_post', 'delete_post']);
    expect(samePermissions(saved, on)).toBe(false);
    expect(samePermissions(saved, toggled(on, 'delete_post', false))).toBe(true);
    expect(toggled(saved, 'create_post', true)).toEqual(['add_reaction', 'create_post']);
    expect(filterPermissions(on, 'Delete Post')).toEqual(['delete_post']);
  });
});

describe('user roles and filters', () => {
  it('adds and removes system_admin keeping the other roles', () => {
    expect(withSystemAdmin('system_user', true)).toBe('system_user system_admin');
    expect(withSystemAdmin('system_user system_admin', false)).toBe('system_user');
    expect(withSystemAdmin('system_admin', false)).toBe('system_user');
    expect(withSystemAdmin('system_user system_post_all system_admin', false)).toBe('system_user system_post_all');
    expect(isSystemAdmin(makeUser({ roles: 'system_user system_admin' }))).toBe(true);
    expect(isSystemAdmin(null)).toBe(false);
  });

  it('maps list filters to query options and to search results', () => {
    expect(profileOptions('inactive')).toEqual({ inactive: true });
    expect(profileOptions('admins')).toEqual({ role: 'system_admin' });
    const gone = makeUser({ delete_at: 5 });
    expect(matchesFilter(gone, 'inactive')).toBe(true);
    expect(matchesFilter(gone, 'active')).toBe(false);
    expect(matchesFilter(gone, 'all')).toBe(true);
  });
});
