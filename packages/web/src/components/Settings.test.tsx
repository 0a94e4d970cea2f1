import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn } from '../store/session-slice';
import { preferencesLoaded } from '../store/preferences-slice';
import { Settings } from './Settings';
import { NotificationBanner } from './DesktopNotifications';

const me = makeUser({ username: 'me', first_name: 'Ann', last_name: '', timezone: { useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Berlin', manualTimezone: '' } });

describe('Settings', () => {
  let store: AppStore;
  let services: FakeServices;

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(preferencesLoaded([]));
    services.fakeClient.patchMe = vi.fn(async (patch: object) => ({ ...store.getState().session.me, ...patch }));
    services.fakeClient.savePreferences = vi.fn(async () => ({}));
  });
  afterEach(cleanup);

  it('saves names, shown at once everywhere', async () => {
    renderWith(store, <Settings />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Last name' }), { target: { value: 'Lee' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    expect(services.fakeClient.patchMe).toHaveBeenCalledWith({ first_name: 'Ann', last_name: 'Lee', nickname: '' });
    expect(store.getState().users.byId[me.id]!.last_name).toBe('Lee');
    expect(screen.getByRole('status').textContent).toBe('Saved');
  });

  it('keeps clock and theme as preferences, and a manual time zone on the profile', async () => {
    renderWith(store, <Settings />);
    fireEvent.click(screen.getByRole('tab', { name: 'Display' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('radio', { name: /24-hour/ }));
      fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    });
    expect(store.getState().preferences.byKey).toMatchObject({ 'display_settings/use_military_time': 'true', 'parley/theme': 'dark' });
    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox', { name: /Set automatically/ }));
    });
    expect(services.fakeClient.patchMe).toHaveBeenLastCalledWith({ timezone: expect.objectContaining({ useAutomaticTimezone: 'false', manualTimezone: 'Europe/Berlin' }) });
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Time zone' }), { target: { value: 'Asia/Tokyo' } });
    });
    expect(store.getState().session.me!.timezone).toMatchObject({ useAutomaticTimezone: 'false', manualTimezone: 'Asia/Tokyo' });
  });

  it('moves between tabs with the arrow keys', () => {
    renderWith(store, <Settings />);
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Profile' }), { key: 'ArrowDown' });
    expect(screen.getByRole('tab', { name: 'Display' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Display' }));
  });

  it('sets the desktop notification level on the profile', async () => {
    renderWith(store, <Settings />);
    fireEvent.click(screen.getByRole('tab', { name: 'Notifications' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('radio', { name: 'Never' }));
    });
    expect(services.fakeClient.patchMe).toHaveBeenCalledWith({ notify_props: expect.objectContaining({ desktop: 'none' }) });
    expect(screen.getByText('This browser cannot show notifications.')).toBeTruthy();
  });
});

describe('NotificationBanner', () => {
  let store: AppStore;
  const original = (window as { Notification?: unknown }).Notification;

  beforeEach(() => {
    ({ store } = testStore());
    store.dispatch(signedIn(me));
    window.localStorage.clear();
  });
  afterEach(() => {
    cleanup();
    Object.assign(window, { Notification: original });
  });

  it('asks for permission from a click, and stays away once dismissed', async () => {
    const requestPermission = vi.fn(async () => 'granted');
    Object.assign(window, { Notification: { permission: 'default', requestPermission } });
    renderWith(store, <NotificationBanner />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    });
    expect(requestPermission).toHaveBeenCalled();
    expect(screen.queryByRole('region', { name: 'Desktop notifications' })).toBeNull();

    cleanup();
    renderWith(store, <NotificationBanner />);
    fireEvent.click(screen.getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('region')).toBeNull();
    cleanup();
    renderWith(store, <NotificationBanner />);
    expect(screen.queryByRole('region')).toBeNull();
  });
});
