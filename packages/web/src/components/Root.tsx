import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Provider } from 'react-redux';
import { IntlProvider } from 'react-intl';
import type { AppStore } from '../store/store';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { bootstrap } from '../store/session-actions';
import { englishMessages, isLocale, loadMessages, localeDirection, DEFAULT_LOCALE, type Locale, type Messages } from '../i18n/locales';
import { selectTheme, selectTimeZone } from '../store/selectors';
import { applyTheme, THEME_KEY } from '../app/theme';
import { writeLocal } from '../app/local-setting';
import { consoleSection, parseRoute } from '../app/url';
import { useT } from '../i18n/use-t';
import { LoginScreen } from './LoginScreen';
import { SignUpScreen } from './SignUpScreen';
import { MfaRequiredScreen } from './MfaSetup';
import { TeamPicker } from './TeamPicker';
import { Toast } from './Toast';
import type { MainLayout as MainLayoutComponent } from './MainLayout';

// The signed-in app (post list, markdown, menus) is its own chunk: the sign-in screens load without it,
// and a returning user fetches it while the first API calls are in flight. Once it has arrived it renders
// directly: going through Suspense again would hold the first channel back (React paces the reveal of
// content that replaces a fallback).
let loadedMainLayout: typeof MainLayoutComponent | null = null;
const loadMainLayout = () =>
  import('./MainLayout').then((m) => {
    loadedMainLayout = m.MainLayout;
    return m;
  });
const LazyMainLayout = lazy(() => loadMainLayout().then((m) => ({ default: m.MainLayout })));
if (typeof document !== 'undefined' && document.cookie.includes('MMUSERID=')) void loadMainLayout();

// The system console is for administrators only: its own chunk, fetched when someone opens it.
const SystemConsole = lazy(() => import('./console/SystemConsole').then((m) => ({ default: m.SystemConsole })));

/** The address bar's path, followed through back/forward and in-app navigation (app/url navigate). */
function usePathname(): string {
  const [pathname, setPathname] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPathname(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return pathname;
}

export function Root({ store }: { store: AppStore }) {
  return (
    <Provider store={store}>
      <I18n>
        <Theme />
        <App />
        <Toast />
      </I18n>
    </Provider>
  );
}

function I18n({ children }: { children: ReactNode }) {
  const wanted = useAppSelector((s) => s.session.locale);
  const timeZone = useAppSelector(selectTimeZone);
  const locale: Locale = isLocale(wanted) ? wanted : DEFAULT_LOCALE;
  const [catalog, setCatalog] = useState<{ locale: Locale; messages: Messages }>({ locale: DEFAULT_LOCALE, messages: englishMessages });
  useEffect(() => {
    let live = true;
    loadMessages(locale).then(
      (messages) => live && setCatalog({ locale, messages }),
      () => live && setCatalog({ locale: DEFAULT_LOCALE, messages: englishMessages }),
    );
    return () => {
      live = false;
    };
  }, [locale]);
  useEffect(() => {
    document.documentElement.lang = catalog.locale;
    document.documentElement.dir = localeDirection(catalog.locale);
  }, [catalog.locale]);
  return (
    <IntlProvider locale={catalog.locale} messages={catalog.messages} defaultLocale={DEFAULT_LOCALE} timeZone={validZone(timeZone)}>
      {children}
    </IntlProvider>
  );
}

/** A zone name Intl knows, or none (the browser's): a bad name in a profile must not break every date. */
function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/** The theme follows the user's choice (light, dark, or the system's), remembered here for the next first paint. */
function Theme() {
  const signedIn = useAppSelector((s) => s.session.phase === 'signed-in');
  const choice = useAppSelector(selectTheme);
  const prefsLoaded = useAppSelector((s) => s.preferences.loaded);
  useEffect(() => {
    if (!signedIn || !prefsLoaded) return;
    applyTheme(choice);
    writeLocal(THEME_KEY, choice);
  }, [signedIn, prefsLoaded, choice]);
  return null;
}

let booted = false;

function App() {
  const dispatch = useAppDispatch();
  const phase = useAppSelector((s) => s.session.phase);
  const noAccounts = useAppSelector((s) => s.session.noAccounts);
  const bootError = useAppSelector((s) => s.session.bootError);
  const mfaSetup = useAppSelector((s) => s.session.mfaSetupRequired);
  const teamsLoaded = useAppSelector((s) => s.teams.loaded);
  const hasTeam = useAppSelector((s) => s.teams.currentId !== null);
  const hasTeams = useAppSelector((s) => s.teams.mine.length > 0);
  const [wantsSignUp, setWantsSignUp] = useState(false);
  const section = consoleSection(usePathname());

  useEffect(() => {
    // Once per page load, even when StrictMode runs effects twice in development.
    if (booted) return;
    booted = true;
    void dispatch(bootstrap(parseRoute(window.location.pathname)));
  }, [dispatch]);
  useEffect(() => {
    if (phase === 'signed-in') void loadMainLayout();
  }, [phase]);

  if (bootError) return <Splash error={bootError} />;
  if (phase === 'booting') return <Splash />;
  if (phase === 'signed-out') {
    if (noAccounts) return <SignUpScreen firstRun />;
    if (wantsSignUp) return <SignUpScreen onCancel={() => setWantsSignUp(false)} />;
    return <LoginScreen onSignUp={() => setWantsSignUp(true)} />;
  }
  // Enforced MFA: nothing else works for this user until it is on.
  if (mfaSetup) return <MfaRequiredScreen />;
  if (!teamsLoaded) return <Splash />;
  if (section) {
    return (
      <Suspense fallback={<Splash />}>
        <SystemConsole section={section} />
      </Suspense>
    );
  }
  // Teams but none open yet: one is being opened (the picker would flash by).
  if (!hasTeam) return hasTeams ? <Splash /> : <TeamPicker />;
  const Loaded = loadedMainLayout;
  if (Loaded) return <Loaded />;
  return (
    <Suspense fallback={<Splash />}>
      <LazyMainLayout />
    </Suspense>
  );
}

function Splash({ error }: { error?: string }) {
  const t = useT();
  return (
    <div className="splash" role={error ? 'alert' : 'status'}>
      <div className="brand-mark" aria-hidden="true">P</div>
      {error ? (
        <>
          <p>{t('app.error', { message: error })}</p>
          <button className="button" type="button" onClick={() => window.location.reload()}>
            {t('app.retry')}
          </button>
        </>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
    </div>
  );
}
