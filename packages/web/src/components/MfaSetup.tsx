// Two-factor authentication (TOTP): setting it up (secret as QR code and text, a code to confirm it, then the
// one-time recovery codes), turning it off, and the full-screen step a server that enforces MFA puts first.
import { useId, useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { activateMfa, deactivateMfa, generateMfaSecret, logout, mfaSetupDone, type MfaSecret } from '../store/session-actions';
import { parseRoute } from '../app/url';
import { useErrorText, useT } from '../i18n/use-t';
import { AuthCard } from './AuthCard';

/** Spaces and dashes people type or paste along with a code are not part of it. */
export function cleanCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

/** The whole setup: start, scan and confirm, then the recovery codes until `onFinished`. */
export function MfaSetupFlow({ onStarted, onFinished }: { onStarted?: () => void; onFinished: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const [secret, setSecret] = useState<MfaSecret | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setSecret(await dispatch(generateMfaSecret()));
      onStarted?.();
    } catch (err) {
      setError(errorText(err));
    }
    setBusy(false);
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setRecovery(await dispatch(activateMfa(cleanCode(code))));
    } catch (err) {
      setError(errorText(err));
      setCode('');
    }
    setBusy(false);
  }

  if (recovery) return <RecoveryCodes codes={recovery} onDone={onFinished} />;
  const errorLine = error && (
    <p className="form__error" role="alert">
      {error}
    </p>
  );
  if (!secret) {
    return (
      <div className="form">
        <p className="muted">{t('mfa.setup.intro')}</p>
        {errorLine}
        <div>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void start()}>
            {t('mfa.setup.start')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="form mfa-setup" onSubmit={confirm}>
      <p>{t('mfa.setup.scan')}</p>
      <img className="mfa-setup__qr" src={`data:image/png;base64,${secret.qr_code}`} alt={t('mfa.setup.qr')} width={180} height={180} />
      <p className="field__hint">{t('mfa.setup.secret')}</p>
      <code className="mfa-setup__secret" data-testid="mfa-secret">
        {secret.secret}
      </code>
      <label className="field">
        <span className="field__label">{t('mfa.code')}</span>
        <input className="input mfa-code" name="code" autoComplete="one-time-code" inputMode="numeric" maxLength={12} required value={code} onChange={(e) => setCode(e.target.value)} />
      </label>
      {errorLine}
      <div>
        <button type="submit" className="button button--primary" disabled={busy || cleanCode(code) === ''}>
          {t('mfa.setup.activate')}
        </button>
      </div>
    </form>
  );
}

/** The recovery codes, shown this once: a list, a copy button and a clear word to keep them safe. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useT();
  const headingId = useId();
  const [copied, setCopied] = useState(false);

  function copy() {
    void navigator.clipboard?.writeText(codes.join('\n')).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }

  return (
    <section className="form mfa-recovery" aria-labelledby={headingId}>
      <h2 className="mfa-recovery__title" id={headingId}>
        {t('mfa.recovery.title')}
      </h2>
      <p className="mfa-recovery__warning" role="note">
        {t('mfa.recovery.note', { count: codes.length })}
      </p>
      <ul className="mfa-recovery__codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="settings__actions">
        {copied && (
          <span className="settings__saved" role="status">
            {t('mfa.recovery.copied')}
          </span>
        )}
        <button type="button" className="button" onClick={copy}>
          {t('mfa.recovery.copy')}
        </button>
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('mfa.recovery.done')}
        </button>
      </div>
    </section>
  );
}

/** Settings' "Security" part: MFA on or off, with the way to change it. */
export function MfaSettings() {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const active = useAppSelector((s) => s.session.me?.mfa_active === true);
  const enforced = useAppSelector((s) => s.session.mfaEnforced);
  const [settingUp, setSettingUp] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await dispatch(deactivateMfa());
      setConfirming(false);
    } catch (err) {
      setError(errorText(err));
    }
    setBusy(false);
  }

  // Once started, the flow stays up past activation, until the recovery codes have been seen.
  if (!active || settingUp) return <MfaSetupFlow onStarted={() => setSettingUp(true)} onFinished={() => setSettingUp(false)} />;
  return (
    <div className="form">
      <p className="mfa-status" role="status">
        {t('mfa.settings.on')}
      </p>
      {enforced ? (
        <p className="field__hint">{t('mfa.settings.enforced')}</p>
      ) : confirming ? (
        <div className="form">
          <p>{t('mfa.remove.confirm')}</p>
          {error && (
            <p className="form__error" role="alert">
              {error}
            </p>
          )}
          <div className="settings__actions">
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()}>
              {t('mfa.remove')}
            </button>
          </div>
        </div>
      ) : (
        <div>
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            {t('mfa.remove')}
          </button>
        </div>
      )}
    </div>
  );
}

/** In place of the app while the server enforces MFA and this user has none (Mattermost's /mfa/setup). */
export function MfaRequiredScreen() {
  const t = useT();
  const dispatch = useAppDispatch();
  const siteName = useAppSelector((s) => s.session.siteName);
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);

  async function finish() {
    try {
      await dispatch(mfaSetupDone(parseRoute(window.location.pathname)));
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <AuthCard title={t('mfa.required.title')} subtitle={t('mfa.required.subtitle', { siteName })}>
      <MfaSetupFlow onFinished={() => void finish()} />
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      <p className="auth__switch">
        <button type="button" className="link-button" onClick={() => void dispatch(logout())}>
          {t('mfa.required.logout')}
        </button>
      </p>
    </AuthCard>
  );
}
