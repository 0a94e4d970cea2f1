import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { signedIn } from '../store/session-slice';
import { preferencesLoaded } from '../store/preferences-slice';
import { Settings } from './Settings';
import { Avatar, avatarUrl, hasOwnPicture } from './Avatar';
import { PICTURE_MAX_BYTES } from '../store/session-actions';
import { usersReceived } from '../store/users-slice';
import { handleSocketEvent } from '../store/socket-events';
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

describe('profile picture', () => {
  let store: AppStore;
  let services: FakeServices;
  const clientError = (status: number, id: string) => Object.assign(new Error('server words'), { status_code: status, server_error_id: id });
  const png = (size = 100) => new File([new Uint8Array(size)], 'me.png', { type: 'image/png' });
  const choose = async (file: File) => {
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Upload picture'), { target: { files: [file] } });
    });
  };

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(signedIn(me));
    store.dispatch(usersReceived([me]));
    store.dispatch(preferencesLoaded([]));
  });
  afterEach(cleanup);

  it('addresses every picture by its last update, and knows a reset from an upload', () => {
    expect(avatarUrl('u 1', 1_700_000_000_123)).toBe('/api/v4/users/u%201/image?_=1700000000123');
    expect(avatarUrl('u1', undefined)).toBe('/api/v4/users/u1/image?_=0');
    expect([hasOwnPicture(undefined), hasOwnPicture(0), hasOwnPicture(-1_700_000_000_000), hasOwnPicture(1_700_000_000_000)]).toEqual([false, false, false, true]);
  });

  it('uploads the chosen file, then every avatar asks for the new picture; removing goes back to the default', async () => {
    const { container } = renderWith(store, <Settings />);
    const elsewhere = renderWith(store, <Avatar userId={me.id} />);
    services.fakeClient.uploadProfileImage = vi.fn(async () => ({ status: 'OK' }));
    services.fakeClient.getMe = vi.fn(async () => ({ ...me, last_picture_update: 1_700_000_000_500 }));
    expect(screen.queryByRole('button', { name: 'Remove picture' })).toBeNull();
    const file = png();
    await choose(file);
    expect(services.fakeClient.uploadProfileImage).toHaveBeenCalledWith(me.id, file);
    expect(store.getState().session.me!.last_picture_update).toBe(1_700_000_000_500);
    expect(container.querySelector('.settings__picture img')!.getAttribute('src')).toBe(`/api/v4/users/${me.id}/image?_=1700000000500`);
    expect(elsewhere.container.querySelector('img')!.getAttribute('src')).toBe(`/api/v4/users/${me.id}/image?_=1700000000500`);
    expect(elsewhere.container.querySelector('.avatar__letter')).toBeNull();

    services.fakeClient.setDefaultProfileImage = vi.fn(async () => ({ status: 'OK' }));
    services.fakeClient.getMe = vi.fn(async () => ({ ...me, last_picture_update: -1_700_000_000_900 }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove picture' }));
    });
    expect(services.fakeClient.setDefaultProfileImage).toHaveBeenCalledWith(me.id);
    expect(store.getState().users.byId[me.id]!.last_picture_update).toBe(-1_700_000_000_900);
    expect(screen.queryByRole('button', { name: 'Remove picture' })).toBeNull();
    // The generated default carries the initial again.
    expect(elsewhere.container.querySelector('.avatar__letter')?.textContent).toBe('M');
  });

  it('says why a picture was refused, in the reader’s words', async () => {
    renderWith(store, <Settings />);
    services.fakeClient.uploadProfileImage = vi.fn(async () => {
      throw clientError(400, 'api.user.upload_profile_user.decode.app_error');
    });
    await choose(png());
    expect(screen.getByRole('alert').textContent).toBe('That file isn’t a picture Parley can read. Try a PNG, JPEG, GIF or WebP image.');

    services.fakeClient.uploadProfileImage = vi.fn(async () => {
      throw clientError(413, 'api.user.upload_profile_user.too_large.app_error');
    });
    await choose(png());
    expect(screen.getByRole('alert').textContent).toBe('That picture is too large. Pick one of at most 10 MB.');

    // Too large is known before sending it.
    services.fakeClient.uploadProfileImage = vi.fn(async () => ({ status: 'OK' }));
    await choose(png(PICTURE_MAX_BYTES + 1));
    expect(services.fakeClient.uploadProfileImage).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('That picture is too large. Pick one of at most 10 MB.');
  });

  it('takes other people’s new pictures from user_updated', () => {
    const other = { ...me, id: 'other', username: 'zed', last_picture_update: 0 };
    store.dispatch(usersReceived([other]));
    const { container } = renderWith(store, <Avatar userId="other" />);
    act(() => {
      store.dispatch(handleSocketEvent({ event: 'user_updated', data: { user: { ...other, last_picture_update: 1_700_000_001_000 } }, broadcast: {}, seq: 1 } as never));
    });
    expect(container.querySelector('img')!.getAttribute('src')).toBe('/api/v4/users/other/image?_=1700000001000');
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
