import { useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { signUp } from '../store/session-actions';
import { parseRoute } from '../app/url';
import { useErrorText, useT } from '../i18n/use-t';
import { AuthCard } from './AuthCard';

const USERNAME = /^[a-z][a-z0-9._-]{2,21}$/;
const MIN_PASSWORD = 8;

/** Sign-up; with firstRun it creates the server's first account, its administrator. */
export function SignUpScreen({ firstRun = false, onCancel }: { firstRun?: boolean; onCancel?: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const siteName = useAppSelector((s) => s.session.siteName);
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const name = username.trim().toLowerCase();
    if (!USERNAME.test(name)) {
      setError(t('signup.error.username'));
      return;
    }
    if (password.length < MIN_PASSWORD) {
      setError(t('signup.error.password', { min: MIN_PASSWORD }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await dispatch(signUp({ email: email.trim(), username: name, password }, parseRoute(window.location.pathname)));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <AuthCard title={firstRun ? t('signup.firstRun.title', { siteName }) : t('signup.title')} subtitle={firstRun ? t('signup.firstRun.subtitle') : undefined}>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">{t('signup.email')}</span>
          <input className="input" name="email" type="email" autoComplete="email" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('signup.username')}</span>
          <input className="input" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
          <span className="field__hint">{t('signup.username.hint')}</span>
        </label>
        <label className="field">
          <span className="field__label">{t('signup.password')}</span>
          <input className="input" name="password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <span className="field__hint">{t('signup.password.hint', { min: MIN_PASSWORD })}</span>
        </label>
        {error && (
          <p className="form__error" role="alert">
            {error}
          </p>
        )}
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? t('signup.submitting') : firstRun ? t('signup.firstRun.submit') : t('signup.submit')}
        </button>
      </form>
      {onCancel && (
        <p className="auth__switch">
          {t('signup.haveAccount')}{' '}
          <button type="button" className="link-button" onClick={onCancel}>
            {t('signup.logIn')}
          </button>
        </p>
      )}
    </AuthCard>
  );
}
