import { lazy, Suspense, useEffect } from 'react';
import * as Tooltip from '@radix-ui/react-tooltip';
import { useAppDispatch, useAppSelector, useAppStore } from '../store/hooks';
import { channelTitle, selectCurrentChannel, selectCurrentTeam, selectMyId, selectNameFormat, selectTotalMentions } from '../store/selectors';
import { markChannelViewed, noteNewMessages, openPermalink, openThreadsView, selectChannel, selectTeam, switchChannelBy, switchTeamBy } from '../store/navigation-actions';
import { dialogOpened, sidebarToggled } from '../store/ui-slice';
import { DesktopNotifications, NotificationBanner } from './DesktopNotifications';
import { markThreadRead } from '../store/thread-actions';
import { buildPath, parseRoute } from '../app/url';
import { useT } from '../i18n/use-t';
import { TeamRail } from './TeamRail';
import { Sidebar } from './Sidebar';
import { ChannelView } from './ChannelView';
import { Dialogs } from './Dialogs';
import { InteractiveDialogHost } from './InteractiveDialog';

// The thread panel is not needed for the first paint; it loads when a thread is first opened.
const ThreadPanel = lazy(() => import('./ThreadPanel').then((m) => ({ default: m.ThreadPanel })));
const SearchPanel = lazy(() => import('./SearchPanel').then((m) => ({ default: m.SearchPanel })));
const ThreadsView = lazy(() => import('./ThreadsView').then((m) => ({ default: m.ThreadsView })));

export function MainLayout() {
  const t = useT();
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const team = useAppSelector(selectCurrentTeam);
  const channel = useAppSelector(selectCurrentChannel);
  const threadRootId = useAppSelector((s) => s.ui.threadRootId);
  const view = useAppSelector((s) => s.ui.view);
  // One side panel at a time; a thread opened from a search result covers the results until it closes.
  const searchOpen = useAppSelector((s) => s.search.open) && !threadRootId;
  const sidebarOpen = useAppSelector((s) => s.ui.sidebarOpen);
  const socket = useAppSelector((s) => s.session.socket);
  const mentions = useAppSelector(selectTotalMentions);
  const siteName = useAppSelector((s) => s.session.siteName);
  const myId = useAppSelector(selectMyId);
  const users = useAppSelector((s) => s.users.byId);
  const format = useAppSelector(selectNameFormat);

  // The address bar follows the open channel, so a reload or a shared link lands in the same place.
  useEffect(() => {
    if (!team) return;
    const path = buildPath(team.name, channel?.name ?? null, view === 'threads');
    if (window.location.pathname === path) return;
    // A permalink gives way to the channel's address once the channel is open, as in Mattermost.
    if (parseRoute(window.location.pathname).postId) window.history.replaceState(null, '', path);
    else window.history.pushState(null, '', path);
  }, [team, channel?.name, view]);

  // Keyboard shortcuts, as in Mattermost: Ctrl/Cmd+K finds a channel, Alt+Up/Down moves between
  // channels, Ctrl/Cmd+Alt+Up/Down between teams.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        dispatch(dialogOpened(store.getState().ui.dialog === 'switcher' ? null : 'switcher'));
        return;
      }
      if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
      if (!e.altKey || e.shiftKey || store.getState().ui.dialog !== null) return;
      const delta = e.key === 'ArrowUp' ? -1 : 1;
      e.preventDefault();
      if (mod) void dispatch(switchTeamBy(delta));
      else void dispatch(switchChannelBy(delta));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch, store]);

  useEffect(() => {
    const onPop = () => {
      const route = parseRoute(window.location.pathname);
      const state = store.getState();
      if (route.postId) {
        void dispatch(openPermalink(route.postId));
        return;
      }
      const wantedTeam = Object.values(state.teams.byId).find((x) => x.name === route.teamName && state.teams.mine.includes(x.id));
      if (wantedTeam && wantedTeam.id !== state.teams.currentId) {
        void dispatch(selectTeam(wantedTeam.id, route.channelName, route.threads === true));
        return;
      }
      if (route.threads) {
        if (state.ui.view !== 'threads') void dispatch(openThreadsView());
        return;
      }
      const wanted = Object.values(state.channels.byId).find((c) => c.name === route.channelName && state.channels.members[c.id]);
      if (wanted && (wanted.id !== state.channels.currentId || state.ui.view !== 'channel')) void dispatch(selectChannel(wanted.id));
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [dispatch, store]);

  // Posts that arrived while the tab was hidden stay unread until the person comes back.
  useEffect(() => {
    const onVisible = () => {
      const state = store.getState();
      if (document.visibilityState !== 'visible') return;
      if (state.ui.threadRootId) dispatch(markThreadRead(state.ui.threadRootId));
      const id = state.channels.currentId;
      if (!id || state.ui.view !== 'channel') return;
      // What arrived while away gets the "New messages" line, as when the channel is opened.
      dispatch(noteNewMessages(id));
      dispatch(markChannelViewed(id));
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, [dispatch, store]);

  // Files dropped beside the message box would make the browser open them in place of the app.
  useEffect(() => {
    const guard = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);

  const title = view === 'threads' ? t('threads.title') : channel ? channelTitle(channel, myId, users, format) : '';
  useEffect(() => {
    const base = title ? `${title} · ${team?.display_name ?? ''} · ${siteName}` : siteName;
    document.title = mentions > 0 ? `(${mentions}) ${base}` : base;
  }, [title, team?.display_name, siteName, mentions]);

  return (
    <Tooltip.Provider delayDuration={400}>
      <div className={`layout${sidebarOpen ? ' layout--sidebar-open' : ''}${threadRootId ? ' layout--thread-open' : ''}${searchOpen ? ' layout--search-open' : ''}`}>
        <DesktopNotifications />
        {socket === 'reconnecting' && (
          <div className="connection-banner" role="status">
            {t('connection.reconnecting')}
          </div>
        )}
        <div className="layout__nav">
          <TeamRail />
          <Sidebar />
        </div>
        <button type="button" className="layout__scrim" aria-label={t('common.close')} tabIndex={-1} onClick={() => dispatch(sidebarToggled(false))} />
        <div className="layout__main">
          <NotificationBanner />
          {view === 'threads' ? (
            <Suspense fallback={<main className="channel-view" aria-busy="true" />}>
              <ThreadsView />
            </Suspense>
          ) : channel ? (
            <ChannelView channel={channel} />
          ) : (
            <main className="channel-view channel-view--empty">{t('channel.none')}</main>
          )}
        </div>
        {threadRootId && (
          <Suspense fallback={<aside className="thread-panel" aria-busy="true" />}>
            <ThreadPanel rootId={threadRootId} />
          </Suspense>
        )}
        {searchOpen && (
          <Suspense fallback={<aside className="search-panel" aria-busy="true" />}>
            <SearchPanel />
          </Suspense>
        )}
        <Dialogs />
        <InteractiveDialogHost />
      </div>
    </Tooltip.Provider>
  );
}
