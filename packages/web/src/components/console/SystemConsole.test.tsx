import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { testStore, type FakeServices } from '../../test-utils/fake-services';
import { renderWith } from '../../test-utils/render';
import { makeUser } from '../../test-utils/factories';
import type { AppStore } from '../../store/store';
import { signedIn } from '../../store/session-slice';
import { SystemConsole } from './SystemConsole';

const admin = makeUser({ username: 'boss', roles: 'system_user system_admin' });
const member = makeUser({ username: 'sam', roles: 'system_user' });

/** Lets the panel's requests (fakes that answer at once) settle. */
const settle = () => act(async () => {});

describe('SystemConsole', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
  });
  afterEach(cleanup);

  it('tells a non-admin they have no permission and asks the server nothing', async () => {
    store.dispatch(signedIn(member));
    renderWith(store, <SystemConsole section="users" />);
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/do not have permission/);
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(services.fakeClient.getProfiles).toBeUndefined();
  });

  describe('users', () => {
    beforeEach(() => {
      store.dispatch(signedIn(admin));
      services.fakeClient.getProfiles = vi.fn(async () => [admin, member]);
    });

    it('deactivates a user after confirming, and shows them as the server has them', async () => {
      services.fakeClient.updateUserActive = vi.fn(async () => ({ status: 'OK' }));
      services.fakeClient.getUser = vi.fn(async () => ({ ...member, delete_at: 123 }));
      renderWith(store, <SystemConsole section="users" />);
      await settle();
      const row = screen.getByText('@sam').closest('tr')!;
      expect(within(row).getByText('Active')).toBeTruthy();
      fireEvent.keyDown(within(row).getByRole('button', { name: 'Actions for @sam' }), { key: 'Enter' });
      fireEvent.click(screen.getByRole('menuitem', { name: 'Deactivate' }));
      expect(screen.getByRole('dialog').textContent).toMatch(/Deactivate @sam\?/);
      await act(async () => {
        fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Deactivate' }));
      });
      expect(services.fakeClient.updateUserActive).toHaveBeenCalledWith(member.id, false);
      expect(within(screen.getByText('@sam').closest('tr')!).getByText('Deactivated')).toBeTruthy();
      expect(screen.getByRole('status').textContent).toBe('@sam is deactivated.');
    });

    it('does not offer admins to deactivate or demote themselves', async () => {
      renderWith(store, <SystemConsole section="users" />);
      await settle();
      fireEvent.keyDown(screen.getByRole('button', { name: 'Actions for @boss' }), { key: 'Enter' });
      expect(screen.queryByRole('menuitem', { name: 'Deactivate' })).toBeNull();
      expect(screen.queryByRole('menuitem', { name: 'Remove system admin role' })).toBeNull();
      expect(screen.getByRole('menuitem', { name: 'Reset password' })).toBeTruthy();
    });

    it('makes a user system admin, and shows a refusal from the server', async () => {
      services.fakeClient.updateUserRoles = vi.fn(async () => {
        throw { status_code: 403, server_error_id: 'api.context.permissions.app_error', message: 'You do not have the appropriate permissions.' };
      });
      renderWith(store, <SystemConsole section="users" />);
      await settle();
      fireEvent.keyDown(screen.getByRole('button', { name: 'Actions for @sam' }), { key: 'Enter' });
      await act(async () => {
        fireEvent.click(screen.getByRole('menuitem', { name: 'Make system admin' }));
      });
      expect(services.fakeClient.updateUserRoles).toHaveBeenCalledWith(member.id, 'system_user system_admin');
      expect(screen.getByRole('alert').textContent).toBeTruthy();
      expect(within(screen.getByText('@sam').closest('tr')!).getByText('Member')).toBeTruthy();
    });
  });

  describe('site configuration', () => {
    const config = { TeamSettings: { SiteName: 'Parley', EnableUserCreation: true, MaxUsersPerTeam: 50 }, ServiceSettings: { SiteURL: 'http://chat.example' } };

    beforeEach(() => {
      store.dispatch(signedIn(admin));
      services.fakeClient.getConfig = vi.fn(async () => structuredClone(config));
      services.fakeClient.getEnvironmentConfig = vi.fn(async () => ({ ServiceSettings: { SiteURL: true } }));
    });

    it('shows environment settings disabled with the reason, and saves only the changes', async () => {
      services.fakeClient.patchConfig = vi.fn(async () => ({ ...config, TeamSettings: { ...config.TeamSettings, EnableUserCreation: false } }));
      renderWith(store, <SystemConsole section="config" />);
      await settle();
      const siteUrl = screen.getByRole('textbox', { name: 'SiteURL' }) as HTMLInputElement;
      expect(siteUrl.disabled).toBe(true);
      expect(siteUrl.getAttribute('aria-describedby')).toBeTruthy();
      expect(document.getElementById(siteUrl.getAttribute('aria-describedby')!)!.textContent).toMatch(/environment/);
      const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
      expect(save.disabled).toBe(true);
      fireEvent.click(screen.getByRole('checkbox', { name: 'EnableUserCreation' }));
      expect(screen.getByText('1 unsaved change')).toBeTruthy();
      await act(async () => {
        fireEvent.click(save);
      });
      expect(services.fakeClient.patchConfig).toHaveBeenCalledWith({ TeamSettings: { EnableUserCreation: false } });
      expect(screen.getByRole('status').textContent).toBe('Settings saved.');
      expect(screen.getByText('No unsaved changes')).toBeTruthy();
    });

    it('keeps the edits and shows why the server refused them', async () => {
      services.fakeClient.patchConfig = vi.fn(async () => {
        throw { status_code: 400, server_error_id: 'model.config.is_valid.max_users.app_error', message: 'Invalid maximum users per team for team settings.' };
      });
      renderWith(store, <SystemConsole section="config" />);
      await settle();
      fireEvent.change(screen.getByRole('textbox', { name: 'MaxUsersPerTeam' }), { target: { value: '0' } });
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      });
      expect(services.fakeClient.patchConfig).toHaveBeenCalledWith({ TeamSettings: { MaxUsersPerTeam: 0 } });
      expect(screen.getByRole('alert').textContent).toBe('Invalid maximum users per team for team settings.');
      expect((screen.getByRole('textbox', { name: 'MaxUsersPerTeam' }) as HTMLInputElement).value).toBe('0');
    });

    it('will not save a number field holding something else', async () => {
      renderWith(store, <SystemConsole section="config" />);
      await settle();
      fireEvent.change(screen.getByRole('textbox', { name: 'MaxUsersPerTeam' }), { target: { value: 'lots' } });
      expect(screen.getByText('Enter a number.')).toBeTruthy();
      expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    });
  });

  it('edits a role as a checklist and saves its permissions', async () => {
    store.dispatch(signedIn(admin));
    const role = (name: string, permissions: string[]) => ({ id: `${name}-id`, name, display_name: name, permissions });
    services.fakeClient.getRolesByNames = vi.fn(async () => [
      role('system_user', ['create_team']),
      role('team_user', ['create_public_channel']),
      role('team_admin', []),
      role('channel_user', ['create_post']),
      role('channel_admin', []),
      role('system_admin', ['create_team', 'create_public_channel', 'create_post', 'delete_post', 'sysconsole_read_users']),
    ]);
    services.fakeClient.patchRole = vi.fn(async (_id: string, patch: { permissions: string[] }) => role('channel_user', patch.permissions));
    services.fakeClient.getSchemes = vi.fn(async () => []);
    renderWith(store, <SystemConsole section="permissions" />);
    await settle();
    expect(screen.queryByRole('checkbox', { name: 'sysconsole_read_users' })).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Role' }), { target: { value: 'channel_user' } });
    expect((screen.getByRole('checkbox', { name: 'create_post' }) as HTMLInputElement).checked).toBe(true);
    const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'delete_post' }));
    await act(async () => {
      fireEvent.click(save);
    });
    expect(services.fakeClient.patchRole).toHaveBeenCalledWith('channel_user-id', { permissions: ['create_post', 'delete_post'] });
    expect(screen.getByRole('status').textContent).toBe('Permissions of Channel members saved.');
    expect(save.disabled).toBe(true);
  });

  it('creates a team scheme, edits its roles and assigns a team to it', async () => {
    store.dispatch(signedIn(admin));
    const role = (name: string, permissions: string[]) => ({ id: `${name}-id`, name, display_name: name, permissions });
    const scheme = {
      id: 'scheme1',
      name: 'strict_x',
      display_name: 'Strict',
      scope: 'team',
      default_team_user_role: 'tu1',
      default_team_admin_role: 'ta1',
      default_channel_user_role: 'cu1',
      default_channel_admin_role: 'ca1',
    };
    services.fakeClient.getRolesByNames = vi.fn(async (names: string[]) =>
      names.includes('tu1')
        ? [role('tu1', ['create_public_channel']), role('ta1', []), role('cu1', ['create_post']), role('ca1', [])]
        : [role('system_user', []), role('team_user', []), role('team_admin', []), role('channel_user', ['create_post']), role('channel_admin', []), role('system_admin', ['create_post', 'create_public_channel'])],
    );
    services.fakeClient.getSchemes = vi.fn(async () => []);
    services.fakeClient.createScheme = vi.fn(async () => scheme);
    services.fakeClient.getSchemeTeams = vi.fn(async () => []);
    services.fakeClient.getTeams = vi.fn(async () => [{ id: 'team1', display_name: 'Engineering' }]);
    services.fakeClient.updateTeamScheme = vi.fn(async () => ({ status: 'OK' }));
    services.fakeClient.patchRole = vi.fn(async (_id: string, patch: { permissions: string[] }) => role('cu1', patch.permissions));
    renderWith(store, <SystemConsole section="permissions" />);
    await settle();

    fireEvent.click(screen.getByRole('button', { name: 'New scheme' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'Strict' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    });
    await settle();
    expect(services.fakeClient.createScheme).toHaveBeenCalledWith(expect.objectContaining({ display_name: 'Strict', scope: 'team', name: expect.stringMatching(/^strict_[a-z0-9]+$/) }));
    expect((screen.getByRole('combobox', { name: 'Scheme' }) as HTMLSelectElement).value).toBe('scheme1');

    fireEvent.change(screen.getByRole('combobox', { name: 'Role' }), { target: { value: 'channel_user' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'create_post' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    expect(services.fakeClient.patchRole).toHaveBeenCalledWith('cu1-id', { permissions: [] });

    fireEvent.change(screen.getByRole('combobox', { name: 'Add a team' }), { target: { value: 'team1' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    });
    expect(services.fakeClient.updateTeamScheme).toHaveBeenCalledWith('team1', 'scheme1');
    expect(screen.getByRole('button', { name: 'Remove Engineering from this scheme' })).toBeTruthy();
  });
});
