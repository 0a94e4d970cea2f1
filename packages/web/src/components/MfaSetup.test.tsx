import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { testStore, type FakeServices } from '../test-utils/fake-services';
import { renderWith } from '../test-utils/render';
import { makeUser } from '../test-utils/factories';
import type { AppStore } from '../store/store';
import { clientConfigFields, configLoaded, signedIn } from '../store/session-slice';
import { MFA_TOKEN_ERROR, startSession } from '../store/session-actions';
import { handleSocketEvent } from '../store/socket-events';
import { LoginScreen } from './LoginScreen';
import { Settings } from './Settings';
import { MfaRequiredScreen } from './MfaSetup';

/** A refused Client4 call as ClientError carries it. */
const clientError = (status: number, id: string) => Object.assign(new Error(id), { status_code: status, server_error_id: id });
const settle = () => act(async () => {});
const RECOVERY = ['abcde-fghij', 'klmno-pqrst'];
const noRoute = { teamName: null, channelName: null } as unknown as Parameters<typeof startSession>[1];

describe('sign-in with MFA', () => {
  let store: AppStore;
  let services: FakeServices;
  const me = makeUser({ username: 'ann', mfa_active: true });

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(configLoaded({ noAccounts: false, openServer: false, siteName: 'Parley' }));
    services.fakeClient.getMyTeams = vi.fn(async () => []);
    services.fakeClient.getMyTeamMembers = vi.fn(async () => []);
    services.fakeClient.getWebSocketUrl = vi.fn(() => 'http://localhost/api/v4/websocket');
    services.fakeClient.login = vi.fn(async (_id: string, _pw: string, token: string) => {
      if (token === '') throw clientError(401, MFA_TOKEN_ERROR);
      if (token !== '123456' && token !== 'abcdefghij') throw clientError(401, 'api.user.check_user_mfa.bad_code.app_error');
      return me;
    });
  });
  afterEach(cleanup);

  async function enterPassword() {
    renderWith(store, <LoginScreen onSignUp={() => {}} />);
    fireEvent.change(screen.getByLabelText('Email or username'), { target: { value: 'ann' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret-pw' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    });
  }

  it('asks for the code after the password, refuses a wrong one and signs in with the right one', async () => {
    await enterPassword();
    expect(screen.getByRole('heading', { name: 'Enter your verification code' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().session.phase).not.toBe('signed-in');

    fireEvent.change(screen.getByLabelText('Verification code'), { target: { value: '000000' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    });
    expect(screen.getByRole('alert').textContent).toMatch(/isn’t right/);
    expect(screen.getByRole('heading', { name: 'Enter your verification code' })).toBeTruthy();
    expect((screen.getByLabelText('Verification code') as HTMLInputElement).value).toBe('');

    fireEvent.change(screen.getByLabelText('Verification code'), { target: { value: '123 456' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    });
    expect(services.fakeClient.login).toHaveBeenLastCalledWith('ann', 'secret-pw', '123456');
    expect(store.getState().session.phase).toBe('signed-in');
    expect(store.getState().teams.loaded).toBe(true);
  });

  it('takes a recovery code as typed (dash and all) and goes back to the password step on request', async () => {
    await enterPassword();
    fireEvent.click(screen.getByRole('button', { name: 'Back to sign-in' }));
    expect(screen.getByLabelText('Password')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    });
    fireEvent.change(screen.getByLabelText('Verification code'), { target: { value: 'abcde-fghij' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    });
    expect(services.fakeClient.login).toHaveBeenLastCalledWith('ann', 'secret-pw', 'abcdefghij');
    expect(store.getState().session.phase).toBe('signed-in');
  });

  it('shows other login errors on the password step', async () => {
    services.fakeClient.login = vi.fn(async () => {
      throw clientError(401, 'api.user.login.invalid_credentials_email_username');
    });
    await enterPassword();
    expect(screen.getByRole('alert').textContent).toMatch(/don’t match/);
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });
});

describe('MFA in Settings', () => {
  let store: AppStore;
  let services: FakeServices;
  const me = makeUser({ username: 'ann', mfa_active: false });

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(configLoaded({ mfaEnabled: true }));
    store.dispatch(signedIn(me));
    services.fakeClient.generateMfaSecret = vi.fn(async () => ({ secret: 'JBSWY3DPEHPK3PXP', qr_code: 'iVBORw0KGgo=' }));
    services.fakeClient.updateUserMfa = vi.fn(async (_id: string, activate: boolean, code: string) => {
      if (!activate) return { status: 'OK' };
      if (code !== '654321') throw clientError(401, 'mfa.activate.bad_token.app_error');
      return { status: 'OK', recovery_codes: RECOVERY };
    });
  });
  afterEach(cleanup);

  it('has no Security tab while the server does not offer MFA', () => {
    store.dispatch(configLoaded({ mfaEnabled: false }));
    renderWith(store, <Settings />);
    expect(screen.queryByRole('tab', { name: 'Security' })).toBeNull();
  });

  it('sets MFA up: QR code and key, a wrong code refused, then the recovery codes once', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderWith(store, <Settings />);
    fireEvent.click(screen.getByRole('tab', { name: 'Security' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
    });
    expect(services.fakeClient.generateMfaSecret).toHaveBeenCalledWith(me.id);
    expect(screen.getByRole('img', { name: 'QR code for your authenticator app' }).getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(screen.getByTestId('mfa-secret').textContent).toBe('JBSWY3DPEHPK3PXP');

    fireEvent.change(screen.getByLabelText('Verification code'), { target: { value: '111111' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Activate' }));
    });
    expect(screen.getByRole('alert').textContent).toMatch(/isn’t right/);
    expect(store.getState().session.me!.mfa_active).toBe(false);

    fireEvent.change(screen.getByLabelText('Verification code'), { target: { value: '654321' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Activate' }));
    });
    expect(services.fakeClient.updateUserMfa).toHaveBeenLastCalledWith(me.id, true, '654321');
    expect(store.getState().session.me!.mfa_active).toBe(true);
    expect(screen.getByRole('note').textContent).toMatch(/Store these now.*2 codes/);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(RECOVERY);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy codes' }));
    });
    expect(writeText).toHaveBeenCalledWith(RECOVERY.join('\n'));
    expect(screen.getByRole('status').textContent).toBe('Copied');

    fireEvent.click(screen.getByRole('button', { name: 'I’ve stored them' }));
    expect(screen.queryByRole('listitem')).toBeNull();
    expect(screen.getByRole('status').textContent).toMatch(/is on/);
  });

  it('removes MFA after confirming, and offers to set it up again', async () => {
    store.dispatch(signedIn({ ...me, mfa_active: true }));
    renderWith(store, <Settings />);
    fireEvent.click(screen.getByRole('tab', { name: 'Security' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove two-factor authentication' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(services.fakeClient.updateUserMfa).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Remove two-factor authentication' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove two-factor authentication' }));
    });
    expect(services.fakeClient.updateUserMfa).toHaveBeenCalledWith(me.id, false, '');
    expect(store.getState().session.me!.mfa_active).toBe(false);
    expect(screen.getByRole('button', { name: 'Set up two-factor authentication' })).toBeTruthy();
  });

  it('does not offer removal while the server enforces MFA', () => {
    store.dispatch(configLoaded({ mfaEnabled: true, mfaEnforced: true }));
    store.dispatch(signedIn({ ...me, mfa_active: true }));
    renderWith(store, <Settings />);
    fireEvent.click(screen.getByRole('tab', { name: 'Security' }));
    expect(screen.queryByRole('button', { name: 'Remove two-factor authentication' })).toBeNull();
    expect(screen.getByText(/requires two-factor authentication/)).toBeTruthy();
  });
});

describe('enforced MFA', () => {
  let store: AppStore;
  let services: FakeServices;
  const me = makeUser({ username: 'ann', mfa_active: false, auth_service: '' });

  beforeEach(() => {
    ({ store, services } = testStore());
    store.dispatch(configLoaded(clientConfigFields({ EnableMultifactorAuthentication: 'true', EnforceMultifactorAuthentication: 'true', SiteName: 'Acme' })));
    services.fakeClient.getMyTeams = vi.fn(async () => []);
    services.fakeClient.getMyTeamMembers = vi.fn(async () => []);
    services.fakeClient.getWebSocketUrl = vi.fn(() => 'http://localhost/api/v4/websocket');
    services.fakeClient.generateMfaSecret = vi.fn(async () => ({ secret: 'JBSWY3DPEHPK3PXP', qr_code: 'iVBORw0KGgo=' }));
    services.fakeClient.updateUserMfa = vi.fn(async () => ({ status: 'OK', recovery_codes: RECOVERY }));
    services.fakeClient.getMe = vi.fn(async () => ({ ...me, mfa_active: true }));
  });
  afterEach(cleanup);

  it('holds a user without MFA at the setup step, asking for nothing else, and opens the app after activation', async () => {
    await store.dispatch(startSession(me, noRoute));
    expect(store.getState().session.phase).toBe('signed-in');
    expect(store.getState().session.mfaSetupRequired).toBe(true);
    expect(services.fakeClient.getMyTeams).not.toHaveBeenCalled();

    renderWith(store, <MfaRequiredScreen />);
    expect(screen.getByText('Acme requires two-factor authentication. Set it up to continue.')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
    });
    fireEvent.change(screen.getByLabelText('Verification code'), { target: { value: '654321' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Activate' }));
    });
    // The recovery codes come first; the app only after they have been seen.
    expect(store.getState().session.mfaSetupRequired).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'I’ve stored them' }));
    });
    await settle();
    expect(store.getState().session.mfaSetupRequired).toBe(false);
    expect(store.getState().session.me!.mfa_active).toBe(true);
    expect(services.fakeClient.getMyTeams).toHaveBeenCalled();
  });

  it('lets a user with MFA, a bot or an SSO account straight in', async () => {
    for (const user of [{ ...me, mfa_active: true }, { ...me, is_bot: true }, { ...me, auth_service: 'gitlab' }]) {
      await store.dispatch(startSession(user, noRoute));
      expect(store.getState().session.mfaSetupRequired).toBe(false);
    }
  });

  it('goes to the setup step when the server answers mfa_required although the config said nothing', async () => {
    store.dispatch(configLoaded({ mfaEnforced: false }));
    services.fakeClient.getMyTeams = vi.fn(async () => {
      throw clientError(403, 'api.context.mfa_required.app_error');
    });
    await store.dispatch(startSession(me, noRoute));
    expect(store.getState().session.mfaSetupRequired).toBe(true);
    expect(store.getState().session.bootError).toBeNull();
  });
});

describe('config_changed', () => {
  it('updates the site name and feature flags live, and starts enforcement for a user without MFA', () => {
    const { store } = testStore();
    store.dispatch(signedIn(makeUser({ mfa_active: false })));
    store.dispatch(
      handleSocketEvent({
        event: 'config_changed',
        data: { config: { SiteName: 'Renamed', MaxFileSize: '2048', AllowSyncedDrafts: 'false', CollapsedThreads: 'always_on', EnableMultifactorAuthentication: 'true' } },
      }),
    );
    const session = store.getState().session;
    expect(session).toMatchObject({ siteName: 'Renamed', maxFileSize: 2048, syncedDrafts: false, collapsedThreads: 'always_on', mfaEnabled: true, mfaEnforced: false, mfaSetupRequired: false });

    store.dispatch(handleSocketEvent({ event: 'config_changed', data: { config: { SiteName: 'Renamed', EnableMultifactorAuthentication: 'true', EnforceMultifactorAuthentication: 'true' } } }));
    expect(store.getState().session.mfaSetupRequired).toBe(true);
  });

  it('ignores an event without a config', () => {
    const { store } = testStore();
    store.dispatch(configLoaded({ siteName: 'Kept' }));
    store.dispatch(handleSocketEvent({ event: 'config_changed', data: { config: 'nonsense' } }));
    expect(store.getState().session.siteName).toBe('Kept');
  });
});
