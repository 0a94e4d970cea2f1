import { useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { login, MFA_TOKEN_ERROR } from '../store/session-actions';
import { errorInfo } from '../store/errors';
import { parseRoute } from '../app/url';
import { useErrorText, useT } from '../i18n/use-t';
import { AuthCard } from './AuthCard';
import { cleanCode } from './MfaSetup';

export function LoginScreen({ onSignUp }: { onSignUp: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const openServer = useAppSelector((s) => s.session.openServer);
  const siteName = useAppSelector((s) => s.session.siteName);
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Second step for an account with MFA on, as Mattermost's web app: the password was right, a code is due.
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await dispatch(login(loginId.trim(), password, parseRoute(window.location.pathname), askCode ? cleanCode(code) : ''));
    } catch (err) {
      // Asked without a code: the server says one is needed (it counts no failed attempt for that).
      if (!askCode && errorInfo(err).id === MFA_TOKEN_ERROR) setAskCode(true);
      else setError(errorText(err));
      if (askCode) setCode('');
      setBusy(false);
    }
  }

  if (askCode) {
    return (
      <AuthCard title={t('login.mfa.title')} subtitle={t('login.mfa.subtitle')}>
        <form className="form" onSubmit={submit}>
          <label className="field">
            <span className="field__label">{t('mfa.code')}</span>
            <input className="input mfa-code" name="token" autoComplete="one-time-code" autoFocus required maxLength={16} value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
          {error && (
            <p className="form__error" role="alert">
              {error}
            </p>
          )}
          <button className="button button--primary button--block" type="submit" disabled={busy || cleanCode(code) === ''}>
            {busy ? t('login.submitting') : t('login.mfa.submit')}
          </button>
        </form>
        <p className="auth__switch">
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setAskCode(false);
              setCode('');
              setError(null);
            }}
          >
            {t('login.mfa.back')}
          </button>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('login.title', { siteName })}>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">{t('login.loginId')}</span>
          <input className="input" name="loginId" autoComplete="username" autoFocus required value={loginId} onChange={(e) => setLoginId(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('login.password')}</span>
          <input className="input" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="form__error" role="alert">
            {error}
          </p>
        )}
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      {openServer && (
        <p className="auth__switch">
          {t('login.noAccount')}{' '}
          <button type="button" className="link-button" onClick={onSignUp}>
            {t('login.signUp')}
          </button>
        </p>
      )}
    </AuthCard>
  );
}
