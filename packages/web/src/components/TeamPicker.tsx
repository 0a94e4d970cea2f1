import { useAppDispatch, useAppSelector } from '../store/hooks';
import { logout } from '../store/session-actions';
import { useT } from '../i18n/use-t';
import { AuthCard } from './AuthCard';
import { TeamChooser } from './TeamChooser';

export function TeamPicker() {
  const t = useT();
  const dispatch = useAppDispatch();
  const me = useAppSelector((s) => s.session.me);
  return (
    <AuthCard title={t('teams.picker.title', { name: me?.username ?? '' })} subtitle={t('teams.picker.subtitle')}>
      <TeamChooser />
      <p className="auth__switch">
        <button type="button" className="link-button" onClick={() => void dispatch(logout()).finally(() => window.location.assign('/'))}>
          {t('menu.logout')}
        </button>
      </p>
    </AuthCard>
  );
}
