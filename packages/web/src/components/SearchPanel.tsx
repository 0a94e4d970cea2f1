import { useEffect, useMemo } from 'react';
import { createSelector } from '@reduxjs/toolkit';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { searchClosed } from '../store/search-slice';
import { jumpToResult, runSearch, showPinnedPosts, showSavedPosts } from '../store/search-actions';
import { PREF, prefKey } from '../store/preferences-slice';
import { channelTitle, selectChannelTitle, selectDisplayName, selectMyId, selectNameFormat } from '../store/selectors';
import type { RootState } from '../store/store';
import { useTimeFormat } from '../i18n/time';
import { isSystemPost } from '../store/model';
import { highlightTerms } from '../app/search-terms';
import { buildPermalink } from '../app/url';
import { useMessageText, useT } from '../i18n/use-t';
import { Avatar } from './Avatar';
import { Markdown } from './Markdown';
import { FileAttachments } from './FileAttachments';
import { SystemMessage } from './SystemMessage';
import { CloseIcon, HashIcon, LockIcon, ReplyIcon, UsersIcon } from './Icons';

const selectShownResults = createSelector(
  [(s: RootState) => s.search.order, (s: RootState) => s.search.kind, (s: RootState) => s.search.posts, (s: RootState) => s.posts.byId, (s: RootState) => s.preferences.byKey],
  (order, kind, results, posts, prefs) =>
    kind === 'saved' ? order.filter((id) => prefs[prefKey(PREF.saved, id)] === 'true') : kind === 'pinned' ? order.filter((id) => (posts[id] ?? results[id])?.is_pinned !== false) : order,
);

/** Where the layout puts side panels over the channel instead of beside it (see app.css). */
const OVERLAY_PANELS = '(max-width: 1100px)';

/** Search results beside the channel (over it on narrow screens), newest first. */
export function SearchPanel() {
  const t = useT();
  const text = useMessageText();
  const dispatch = useAppDispatch();
  const kind = useAppSelector((s) => s.search.kind);
  const terms = useAppSelector((s) => s.search.terms);
  const status = useAppSelector((s) => s.search.status);
  const error = useAppSelector((s) => s.search.error);
  const pinnedChannel = useAppSelector((s) => (s.search.kind === 'pinned' ? s.channels.byId[s.search.channelId] : undefined));
  const pinnedTitle = useAppSelector((s) => (pinnedChannel ? selectChannelTitle(s, pinnedChannel) : ''));
  // Saved and pinned lists follow changes made while they are open (unsaving, unpinning).
  const order = useAppSelector(selectShownResults);
  const title = kind === 'saved' ? t('saved.title') : kind === 'pinned' ? t('pinned.title') : t('search.title');
  const summary = kind === 'saved' ? t('saved.summary', { count: order.length }) : kind === 'pinned' ? t('pinned.summary', { count: order.length, channel: pinnedTitle }) : t('search.summary', { count: order.length, terms });
  const retry = () => void dispatch(kind === 'saved' ? showSavedPosts() : kind === 'pinned' ? showPinnedPosts(pinnedChannel?.id ?? '') : runSearch(terms));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('[role="dialog"], [role="menu"]')) dispatch(searchClosed());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch]);

  return (
    <aside className="search-panel" aria-label={title}>
      <header className="thread-panel__header">
        <div className="search-panel__heading">
          <h2 className="thread-panel__title">{title}</h2>
          <p className="thread-panel__channel" title={kind === 'search' ? terms : undefined}>
            {status === 'done' ? summary : kind === 'search' ? terms : ''}
          </p>
        </div>
        <button type="button" className="icon-button" aria-label={t('search.close', { kind })} onClick={() => dispatch(searchClosed())}>
          <CloseIcon />
        </button>
      </header>
      <div className="thread-panel__scroll search-panel__scroll" aria-busy={status === 'loading'}>
        {status === 'loading' && (
          <div className="post-list--loading" role="status">
            <span className="spinner" aria-hidden="true" />
            <span className="visually-hidden">{t('search.loading')}</span>
          </div>
        )}
        {status === 'error' && (
          <div className="search-panel__notice" role="alert">
            <p>{t('search.error', { message: text(error) })}</p>
            <button type="button" className="button button--small" onClick={retry}>
              {t('search.retry')}
            </button>
          </div>
        )}
        {status === 'done' && order.length === 0 && (
          <div className="search-panel__notice">
            <p className="search-panel__empty">{kind === 'saved' ? t('saved.empty') : kind === 'pinned' ? t('pinned.empty') : t('search.empty', { terms })}</p>
            <p className="muted">{kind === 'saved' ? t('saved.empty.hint') : kind === 'pinned' ? t('pinned.empty.hint') : t('search.empty.hint')}</p>
          </div>
        )}
        {status === 'done' && order.length > 0 && (
          <ol className="search-results">
            {order.map((id) => (
              <li key={id}>
                <SearchResult postId={id} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </aside>
  );
}

function SearchResult({ postId }: { postId: string }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const post = useAppSelector((s) => s.search.posts[postId]);
  const matches = useAppSelector((s) => s.search.matches[postId]);
  const terms = useAppSelector((s) => s.search.terms);
  const channel = useAppSelector((s) => (post ? s.channels.byId[post.channel_id] : undefined));
  const authorName = useAppSelector((s) => (post ? selectDisplayName(s, post.user_id) : '…'));
  const me = useAppSelector((s) => s.session.me);
  const myId = useAppSelector(selectMyId);
  const users = useAppSelector((s) => s.users.byId);
  const format = useAppSelector(selectNameFormat);
  const kind = useAppSelector((s) => s.search.kind);
  const teamName = useAppSelector((s) => (s.teams.currentId ? s.teams.byId[s.teams.currentId]?.name : undefined));
  const times = useTimeFormat();
  const highlight = useMemo(() => (kind === 'search' ? highlightTerms(terms, matches) : []), [kind, terms, matches]);
  if (!post) return null;

  const when = times.medium(post.create_at);
  const jump = () => {
    if (window.matchMedia?.(OVERLAY_PANELS).matches) dispatch(searchClosed());
    // The permalink, as Mattermost's Jump goes to: Back returns here, and the address can be shared.
    if (teamName) window.history.pushState(null, '', buildPermalink(teamName, post.id));
    void dispatch(jumpToResult(post.id));
  };

  return (
    <article className="search-result" aria-label={t('post.label', { name: authorName, time: when })}>
      <header className="search-result__channel">
        {channel?.type === 'P' ? <LockIcon size={14} /> : channel?.type === 'D' || channel?.type === 'G' ? <UsersIcon size={14} /> : <HashIcon size={14} />}
        <span>{channel ? channelTitle(channel, myId, users, format) : '…'}</span>
        {post.root_id !== '' && (
          <span className="search-result__thread">
            <ReplyIcon size={13} />
            {t('search.inThread')}
          </span>
        )}
        <button type="button" className="button button--small search-result__jump" onClick={jump}>
          {t('search.jump')}
        </button>
      </header>
      <div className="search-result__post">
        <Avatar userId={post.user_id} size={32} />
        <div className="search-result__body">
          <div className="post__header">
            <span className="post__author">{authorName}</span>
            <time className="post__time" dateTime={new Date(post.create_at).toISOString()}>
              {when}
            </time>
          </div>
          <div className="post__message" dir="auto">
            {isSystemPost(post) ? <SystemMessage post={post} /> : <Markdown text={post.message} myUsername={me?.username ?? ''} highlight={highlight} />}
          </div>
          <FileAttachments files={post.files} />
        </div>
      </div>
    </article>
  );
}
