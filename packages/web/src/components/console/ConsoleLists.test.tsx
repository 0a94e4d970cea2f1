import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { testStore, type FakeServices } from '../../test-utils/fake-services';
import { renderWith } from '../../test-utils/render';
import { makeChannel, makeTeam, makeUser } from '../../test-utils/factories';
import type { AppStore } from '../../store/store';
import { signedIn } from '../../store/session-slice';
import { SystemConsole } from './SystemConsole';
import { filterLog, logLines, parseLogLine } from './LogsPanel';
import { dailySeries } from './StatsPanel';
import { matchesAudit } from './AuditsPanel';

const admin = makeUser({ username: 'boss', roles: 'system_user system_admin' });
const settle = () => act(async () => {});

describe('console lists', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(admin));
  });
  afterEach(cleanup);

  it('counts the users a filter lists', async () => {
    services.fakeClient.getProfiles = vi.fn(async () => [admin]);
    services.fakeClient.getFilteredUsersStats = vi.fn(async () => ({ total_users_count: 21 }));
    renderWith(store, <SystemConsole section="users" />);
    await settle();
    expect(services.fakeClient.getFilteredUsersStats).toHaveBeenLastCalledWith({ include_deleted: true, include_bots: false });
    expect(screen.getByText('21 users')).toBeTruthy();
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Show' }), { target: { value: 'admins' } });
    });
    expect(services.fakeClient.getProfiles).toHaveBeenLastCalledWith(0, 50, { role: 'system_admin' });
    expect(services.fakeClient.getFilteredUsersStats).toHaveBeenLastCalledWith({ include_deleted: false, include_bots: false, roles: ['system_admin'] });
  });

  it('lists teams with member counts and archives one after confirming', async () => {
    const acme = makeTeam({ display_name: 'Acme' });
    services.fakeClient.getTeams = vi.fn(async () => ({ teams: [acme], total_count: 1 }));
    services.fakeClient.getTeamStats = vi.fn(async () => ({ team_id: acme.id, total_member_count: 4, active_member_count: 3 }));
    services.fakeClient.deleteTeam = vi.fn(async () => ({ status: 'OK' }));
    renderWith(store, <SystemConsole section="teams" />);
    await settle();
    const row = screen.getByText('Acme').closest('tr')!;
    expect(within(row).getByText('3')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Archive Acme' }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Archive' }));
    });
    expect(services.fakeClient.deleteTeam).toHaveBeenCalledWith(acme.id);
    expect(within(screen.getByText('Acme').closest('tr')!).getByText('Archived')).toBeTruthy();
    expect(within(screen.getByText('Acme').closest('tr')!).getByRole('button', { name: 'Restore' })).toBeTruthy();
  });

  it('converts a channel to private and archives another', async () => {
    const general = { ...makeChannel({ display_name: 'General', name: 'general' }), team_display_name: 'Acme', team_name: 'acme', team_update_at: 0 };
    const design = { ...makeChannel({ display_name: 'Design', name: 'design' }), team_display_name: 'Acme', team_name: 'acme', team_update_at: 0 };
    services.fakeClient.getAllChannels = vi.fn(async () => ({ channels: [general, design], total_count: 2 }));
    services.fakeClient.updateChannelPrivacy = vi.fn(async (id: string, privacy: string) => ({ ...general, id, type: privacy }));
    services.fakeClient.deleteChannel = vi.fn(async () => ({ status: 'OK' }));
    renderWith(store, <SystemConsole section="channels" />);
    await settle();
    // Every team's channels, archived ones included, with the total.
    expect(services.fakeClient.getAllChannels).toHaveBeenCalledWith(0, 100, undefined, false, true, true, undefined, undefined, undefined);
    expect(screen.getByText('2 channels')).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Actions for General in Acme' }), { key: 'Enter' });
    await act(async () => {
      fireEvent.click(screen.getByRole('menuitem', { name: 'Convert to private channel' }));
    });
    expect(services.fakeClient.updateChannelPrivacy).toHaveBeenCalledWith(general.id, 'P');
    expect(within(screen.getByText('General').closest('tr')!).getByText('Private')).toBeTruthy();

    fireEvent.keyDown(screen.getByRole('button', { name: 'Actions for Design in Acme' }), { key: 'Enter' });
    fireEvent.click(screen.getByRole('menuitem', { name: 'Archive' }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Archive' }));
    });
    expect(services.fakeClient.deleteChannel).toHaveBeenCalledWith(design.id);
    expect(within(screen.getByText('Design').closest('tr')!).getByText('Archived')).toBeTruthy();
  });
});

describe('console helpers', () => {
  it('reads structured and plain log lines', () => {
    expect(parseLogLine('{"timestamp":"2026-11-26 10:00:00.000 Z","level":"error","msg":"boom","caller":"x"}')).toMatchObject({ time: '2026-11-26 10:00:00.000 Z', level: 'error', message: 'boom' });
    // Parley's own logger (pino): numeric levels and epoch times.
    expect(parseLogLine('{"level":30,"time":1700000000000,"msg":"started"}')).toMatchObject({ time: '2023-11-14T22:13:20.000Z', level: 'info', message: 'started' });
    expect(parseLogLine('{"level":50,"msg":"failed"}').level).toBe('error');
    expect(parseLogLine('plain text')).toMatchObject({ level: '', message: 'plain text' });
    expect(logLines(['a', 'b'])).toEqual(['a', 'b']);
    const lines = ['{"level":50,"msg":"db down"}', '{"level":30,"msg":"listening"}', 'plain db note'].map(parseLogLine);
    expect(filterLog(lines, 'error', '').map((l) => l.message)).toEqual(['db down']);
    expect(filterLog(lines, 'all', 'DB').map((l) => l.message)).toEqual(['db down', 'plain db note']);
    expect(logLines({ node1: ['a'], node2: [{ msg: 'b' }] })).toEqual(['a', '{"msg":"b"}']);
  });

  it('orders posts per day oldest first', () => {
    expect(dailySeries([{ name: '2026-11-26', value: 3 }, { name: '2026-11-24', value: 1 }] as never)).toEqual([
      { day: '2026-11-24', value: 1 },
      { day: '2026-11-26', value: 3 },
    ]);
  });

  it('filters audit entries by user name or id and by action', () => {
    const entry = { id: 'a', create_at: 1, user_id: admin.id, action: '/api/v4/users/x/active', extra_info: '', ip_address: '', session_id: '' };
    expect(matchesAudit(entry, admin, '@bos', 'ACTIVE')).toBe(true);
    expect(matchesAudit(entry, admin, admin.id, '')).toBe(true);
    expect(matchesAudit(entry, admin, 'sam', '')).toBe(false);
    expect(matchesAudit(entry, admin, '', 'config')).toBe(false);
  });
});
