import { useEffect, useRef, type MouseEvent } from 'react';
import { useAppSelector } from '../../store/hooks';
import { selectCurrentChannel, selectCurrentTeam } from '../../store/selectors';
import { isSystemAdmin } from '../../store/console-users';
import { buildPath, consolePath, navigate, CONSOLE_SECTIONS, type ConsoleSection } from '../../app/url';
import { useT } from '../../i18n/use-t';
import { UsersPanel } from './UsersPanel';
import { TeamsPanel } from './TeamsPanel';
import { ChannelsPanel } from './ChannelsPanel';
import { ConfigPanel } from './ConfigPanel';
import { AuditsPanel } from './AuditsPanel';
import { LogsPanel } from './LogsPanel';
import { StatsPanel } from './StatsPanel';
import { PermissionsPanel } from './PermissionsPanel';

const PANELS: Record<ConsoleSection, () => React.JSX.Element> = {
  users: UsersPanel,
  teams: TeamsPanel,
  channels: ChannelsPanel,
  config: ConfigPanel,
  audits: AuditsPanel,
  logs: LogsPanel,
  stats: StatsPanel,
  permissions: PermissionsPanel,
};

/**
 * The system console (/admin_console/<section>): administrators run the server from here. Everyone else
 * is told they may not, as Mattermost does, rather than shown an empty page; the server refuses their
 * requests regardless.
 */
export function SystemConsole({ section }: { section: ConsoleSection }) {
  const t = useT();
  const me = useAppSelector((s) => s.session.me);
  const siteName = useAppSelector((s) => s.session.siteName);
  const team = useAppSelector(selectCurrentTeam);
  const channel = useAppSelector(selectCurrentChannel);
  const admin = isSystemAdmin(me);
  const back = buildPath(team?.name ?? null, channel?.name ?? null);
  const heading = t('console.section', { section });
  const headingRef = useRef<HTMLHeadingElement>(null);

  // A new screen without a page load: focus goes to its heading, where a screen reader starts reading.
  useEffect(() => {
    headingRef.current?.focus();
  }, [section]);

  useEffect(() => {
    document.title = admin ? `${heading} · ${t('console.title')} · ${siteName}` : `${t('console.title')} · ${siteName}`;
  }, [admin, heading, siteName, t]);

  const go = (path: string) => (e: MouseEvent<HTMLAnchorElement>) => {
    // Ordinary links for middle-click and "open in new tab"; a plain click stays in the page.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
  };

  const backLink = (
    <a className="button" href={back} onClick={go(back)}>
      {t('console.back', { site: siteName })}
    </a>
  );

  if (!admin) {
    return (
      <main className="console console--denied">
        <div className="console__denied">
          <h1 className="console__title">{t('console.title')}</h1>
          <p role="alert">{t('console.noPermission')}</p>
          {backLink}
        </div>
      </main>
    );
  }

  const Panel = PANELS[section];
  return (
    <div className="console">
      <nav className="console__nav" aria-label={t('console.title')}>
        <p className="console__brand">{t('console.title')}</p>
        <ul className="console__sections">
          {CONSOLE_SECTIONS.map((s) => (
            <li key={s}>
              <a className="console__section-link" href={consolePath(s)} aria-current={s === section ? 'page' : undefined} onClick={go(consolePath(s))}>
                {t('console.section', { section: s })}
              </a>
            </li>
          ))}
        </ul>
        <div className="console__back">{backLink}</div>
      </nav>
      <main className="console__main">
        <h1 className="console__title" tabIndex={-1} ref={headingRef}>
          {heading}
        </h1>
        <Panel key={section} />
      </main>
    </div>
  );
}
