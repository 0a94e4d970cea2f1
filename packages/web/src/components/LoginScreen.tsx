import { useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { login } from '../store/session-actions';
import { parseRoute } from '../app/url';
import { useErrorText, useT } from '../i18n/use-t';
import { AuthCard } from './AuthCard';

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

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await dispatch(login(loginId.trim(), password, parseRoute(window.location.pathname)));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
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
