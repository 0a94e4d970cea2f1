import { useId, useState, type ChangeEvent, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { UserNotifyProps } from '@mattermost/types/users';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { browserTimeZone, changeGender, changeLocale, removeProfilePicture, updateMe, uploadProfilePicture, type Gender } from '../store/session-actions';
import { savePreference } from '../store/preference-actions';
import { toastShown, type ToastMessage } from '../store/ui-slice';
import { PREF, prefKey } from '../store/preferences-slice';
import { selectNameFormat, selectTheme, type NameFormat, type ThemeChoice } from '../store/selectors';
import { collapsedThreadsOn } from '../store/thread-actions';
import { errorToast } from '../store/errors';
import { LOCALES, LOCALE_NAMES, isLocale } from '../i18n/locales';
import { useMessageText, useT } from '../i18n/use-t';
import { selectClock, useTimeFormat } from '../i18n/time';
import { Avatar, hasOwnPicture } from './Avatar';
import { MfaSettings } from './MfaSetup';
import { notificationPermission, requestNotificationPermission, type Permission } from './DesktopNotifications';

type Tab = 'profile' | 'display' | 'notifications' | 'security';

/** Settings in tabs: who you are, how things look, when Parley gets your attention, and how you sign in. */
export function Settings() {
  const t = useT();
  const id = useId();
  const [tab, setTab] = useState<Tab>('profile');
  // Security holds two-factor sign-in only: there while the server offers it (or it is still on).
  const security = useAppSelector((s) => s.session.mfaEnabled || s.session.me?.mfa_active === true);
  const TABS: Tab[] = security ? ['profile', 'display', 'notifications', 'security'] : ['profile', 'display', 'notifications'];

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    // In a right-to-left page the arrows point the other way.
    const rtl = document.documentElement.dir === 'rtl';
    const forward = e.key === 'ArrowDown' || (e.key === 'ArrowRight') !== rtl;
    const next = TABS[(TABS.indexOf(tab) + (forward ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  }

  return (
    <div className="settings">
      <div className="settings__tabs" role="tablist" aria-label={t('settings.title')} aria-orientation="vertical" onKeyDown={onKeyDown}>
        {TABS.map((name) => (
          <button
            key={name}
            id={`${id}-tab-${name}`}
            type="button"
            role="tab"
            className="settings__tab"
            aria-selected={tab === name}
            aria-controls={`${id}-panel`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
          >
            {t('settings.tab', { tab: name })}
          </button>
        ))}
      </div>
      <div className="settings__panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`}>
        {tab === 'profile' ? <ProfileSettings /> : tab === 'display' ? <DisplaySettings /> : tab === 'security' && security ? <SecuritySettings /> : <NotificationSettings />}
      </div>
    </div>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset className="settings__section">
      <legend className="settings__legend">{title}</legend>
      {children}
      {hint && <span className="field__hint">{hint}</span>}
    </fieldset>
  );
}

function Choice<T extends string>({ name, value, current, label, hint, onChange }: { name: string; value: T; current: T; label: string; hint?: string; onChange: (v: T) => void }) {
  return (
    <label className="radio">
      <input type="radio" name={name} value={value} checked={current === value} onChange={() => onChange(value)} />
      <span>
        {label}
        {hint && <span className="field__hint">{hint}</span>}
      </span>
    </label>
  );
}

function ProfileSettings() {
  const t = useT();
  const dispatch = useAppDispatch();
  const me = useAppSelector((s) => s.session.me);
  const [first, setFirst] = useState(me?.first_name ?? '');
  const [last, setLast] = useState(me?.last_name ?? '');
  const [nickname, setNickname] = useState(me?.nickname ?? '');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const stored = me?.props?.gender;
  const [gender, setGender] = useState<Gender>(stored === 'female' || stored === 'male' ? stored : 'other');
  if (!me) return null;
  const changed = first !== me.first_name || last !== me.last_name || nickname !== me.nickname;

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    const ok = await dispatch(updateMe({ first_name: first.trim(), last_name: last.trim(), nickname: nickname.trim() }));
    setBusy(false);
    setSaved(ok);
  }

  return (
    <div className="form">
      <div className="settings__who">
        <div>
          <p className="settings__username">@{me.username}</p>
          <p className="muted">{me.email}</p>
        </div>
      </div>
      <ProfilePicture userId={me.id} own={hasOwnPicture(me.last_picture_update)} />
      <form className="form" onSubmit={save}>
        <div className="field-row">
          <label className="field">
            <span className="field__label">{t('settings.firstName')}</span>
            <input className="input" name="first_name" maxLength={64} autoComplete="given-name" value={first} onChange={(e) => setFirst(e.target.value)} />
          </label>
          <label className="field">
            <span className="field__label">{t('settings.lastName')}</span>
            <input className="input" name="last_name" maxLength={64} autoComplete="family-name" value={last} onChange={(e) => setLast(e.target.value)} />
          </label>
        </div>
        <label className="field">
          <span className="field__label">{t('settings.nickname')}</span>
          <input className="input" name="nickname" maxLength={64} autoComplete="nickname" value={nickname} onChange={(e) => setNickname(e.target.value)} />
          <span className="field__hint">{t('settings.nickname.hint')}</span>
        </label>
        <div className="settings__actions">
          {saved && !changed && (
            <span className="settings__saved" role="status">
              {t('settings.saved')}
            </span>
          )}
          <button type="submit" className="button button--primary" disabled={!changed || busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
      <Section title={t('settings.gender')} hint={t('settings.gender.hint')}>
        {(['other', 'female', 'male'] as const).map((g) => (
          <Choice
            key={g}
            name="gender"
            value={g}
            current={gender}
            label={t('settings.gender.option', { gender: g })}
            onChange={(v) => {
              setGender(v);
              void dispatch(changeGender(v)).catch((err: unknown) => dispatch(toastShown(errorToast(err))));
            }}
          />
        ))}
      </Section>
    </div>
  );
}

/** The current picture, a file picker that uploads what is chosen, and a way back to the generated one. */
function ProfilePicture({ userId, own }: { userId: string; own: boolean }) {
  const t = useT();
  const text = useMessageText();
  const dispatch = useAppDispatch();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ToastMessage | null>(null);

  async function run(action: Promise<ToastMessage | null>) {
    setBusy(true);
    setError(null);
    setError(await action);
    setBusy(false);
  }

  function onChange(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    // Cleared so that choosing the same file again is a change too.
    e.target.value = '';
    if (file) void run(dispatch(uploadProfilePicture(file)));
  }

  return (
    <div className="settings__picture">
      <span className="settings__picture-preview" role="img" aria-label={t('settings.picture.current')}>
        <Avatar userId={userId} size={72} status={false} />
      </span>
      <div className="settings__picture-controls">
        <div className="settings__picture-actions">
          <label className="button button--small button--file">
            <input type="file" className="visually-hidden" accept="image/*" disabled={busy} onChange={onChange} />
            {t('settings.picture.upload')}
          </label>
          {own && (
            <button type="button" className="button button--small" disabled={busy} onClick={() => void run(dispatch(removeProfilePicture()))}>
              {t('settings.picture.remove')}
            </button>
          )}
        </div>
        <p className="field__hint">{t('settings.picture.hint')}</p>
        {error && (
          <p className="form__error" role="alert">
            {text(error)}
          </p>
        )}
      </div>
    </div>
  );
}

function zoneNames(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

function DisplaySettings() {
  const t = useT();
  const dispatch = useAppDispatch();
  const locale = useAppSelector((s) => s.session.locale);
  const theme = useAppSelector(selectTheme);
  const clock = useAppSelector(selectClock);
  const format = useAppSelector(selectNameFormat);
  const tz = useAppSelector((s) => s.session.me?.timezone);
  const when = useTimeFormat();
  const automatic = tz?.useAutomaticTimezone !== 'false';
  const zones = zoneNames();
  const browserZone = browserTimeZone();
  const manual = tz?.manualTimezone || tz?.automaticTimezone || browserZone;
  const sample = Date.UTC(2025, 2, 3, 14, 5);
  const effectiveClock = clock ?? (when.uses24h ? '24' : '12');
  const fail = (err: unknown) => dispatch(toastShown(errorToast(err)));
  const setZone = (useAutomatic: boolean, manualZone: string) =>
    void dispatch(updateMe({ timezone: { useAutomaticTimezone: String(useAutomatic), automaticTimezone: browserZone || (tz?.automaticTimezone ?? ''), manualTimezone: manualZone } }));

  return (
    <div className="form">
      <Section title={t('settings.theme')}>
        <div className="theme-choices">
          {(['light', 'dark', 'system'] as ThemeChoice[]).map((v) => (
            <label key={v} className={`theme-choice theme-choice--${v}`}>
              <input type="radio" name="theme" value={v} checked={theme === v} onChange={() => void dispatch(savePreference(PREF.parley, PREF.theme, v))} />
              <span className="theme-choice__swatch" aria-hidden="true" />
              <span>{t('settings.theme.option', { theme: v })}</span>
            </label>
          ))}
        </div>
      </Section>
      <Section title={t('settings.clock')}>
        <Choice name="clock" value="12" current={effectiveClock} label={t('settings.clock.12')} hint={new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: 'UTC' }).format(sample)} onChange={() => void dispatch(savePreference(PREF.display, PREF.clock, 'false'))} />
        <Choice name="clock" value="24" current={effectiveClock} label={t('settings.clock.24')} hint={new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(sample)} onChange={() => void dispatch(savePreference(PREF.display, PREF.clock, 'true'))} />
      </Section>
      <Section title={t('settings.timezone')} hint={t('settings.timezone.now', { time: when.time(Date.now()) })}>
        <label className="checkbox">
          <input type="checkbox" checked={automatic} onChange={(e) => setZone(e.target.checked, manual)} />
          <span>{t('settings.timezone.automatic', { zone: browserZone || '—' })}</span>
        </label>
        {!automatic && (
          <label className="field">
            <span className="visually-hidden">{t('settings.timezone')}</span>
            <select className="input" name="timezone" value={manual} onChange={(e) => setZone(false, e.target.value)}>
              {(zones.includes(manual) ? zones : [manual, ...zones]).map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
        )}
      </Section>
      <Section title={t('settings.nameFormat')}>
        {(['username', 'nickname_full_name', 'full_name'] as NameFormat[]).map((v) => (
          <Choice key={v} name="name_format" value={v} current={format} label={t('settings.nameFormat.option', { format: v })} onChange={() => void dispatch(savePreference(PREF.display, PREF.nameFormat, v))} />
        ))}
      </Section>
      <label className="field">
        <span className="field__label">{t('settings.language')}</span>
        <select className="input" name="locale" value={locale} onChange={(e) => isLocale(e.target.value) && void dispatch(changeLocale(e.target.value)).catch(fail)}>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
        <span className="field__hint">{t('settings.language.hint')}</span>
      </label>
    </div>
  );
}

function SecuritySettings() {
  const t = useT();
  return (
    <div className="form">
      <Section title={t('mfa.title')}>
        <MfaSettings />
      </Section>
    </div>
  );
}

function NotificationSettings() {
  const t = useT();
  const dispatch = useAppDispatch();
  const props = useAppSelector((s) => s.session.me?.notify_props);
  const threadsOn = useAppSelector(collapsedThreadsOn);
  const sound = useAppSelector((s) => s.preferences.byKey[prefKey(PREF.parley, PREF.sound)] === 'on');
  const [permission, setPermission] = useState<Permission>(notificationPermission);
  const desktop = props?.desktop === 'all' || props?.desktop === 'none' ? props.desktop : 'mention';
  const set = (patch: Partial<UserNotifyProps>) => void dispatch(updateMe({ notify_props: { ...props, ...patch } as UserNotifyProps }));

  return (
    <div className="form">
      <div className={`permission permission--${permission}`} role="status">
        <span>{t('settings.permission', { state: permission })}</span>
        {permission === 'default' && (
          <button type="button" className="button button--small button--primary" onClick={() => void requestNotificationPermission().then(setPermission)}>
            {t('notification.enable')}
          </button>
        )}
      </div>
      <Section title={t('settings.desktop')}>
        {(['all', 'mention', 'none'] as const).map((v) => (
          <Choice key={v} name="desktop" value={v} current={desktop} label={t('settings.desktop.option', { level: v })} onChange={() => set({ desktop: v })} />
        ))}
        {threadsOn && desktop === 'mention' && (
          <label className="checkbox">
            <input type="checkbox" checked={props?.desktop_threads !== 'mention'} onChange={(e) => set({ desktop_threads: e.target.checked ? 'all' : 'mention' })} />
            <span>{t('settings.desktopThreads')}</span>
          </label>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={sound} onChange={(e) => void dispatch(savePreference(PREF.parley, PREF.sound, e.target.checked ? 'on' : 'off'))} />
          <span>{t('settings.sound')}</span>
        </label>
      </Section>
      <Section title={t('settings.email')}>
        <label className="checkbox">
          <input type="checkbox" checked={props?.email !== 'false'} onChange={(e) => set({ email: e.target.checked ? 'true' : 'false' })} />
          <span>{t('settings.email.option')}</span>
        </label>
      </Section>
    </div>
  );
}
