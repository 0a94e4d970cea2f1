import { useState } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { loadThreads, markAllThreadsRead } from '../store/thread-actions';
import { openThread } from '../store/navigation-actions';
import { sidebarToggled } from '../store/ui-slice';
import { selectChannelTitle, selectDisplayName, selectMyId } from '../store/selectors';
import { isSystemPost } from '../store/model';
import { useT } from '../i18n/use-t';
import { useTimeFormat } from '../i18n/time';
import { Avatar } from './Avatar';
import { Markdown } from './Markdown';
import { SystemMessage } from './SystemMessage';
import { HashIcon, LockIcon, MenuIcon, ThreadsIcon, UsersIcon } from './Icons';

/** The followed threads of the team (collapsed reply threads), newest reply first; one opens beside the list. */
export function ThreadsView() {
  const t = useT();
  const dispatch = useAppDispatch();
  const order = useAppSelector((s) => s.threads.order);
  const byId = useAppSelector((s) => s.threads.byId);
  const loaded = useAppSelector((s) => s.threads.loaded);
  const hasMore = useAppSelector((s) => s.threads.hasMore);
  const loadingMore = useAppSelector((s) => s.threads.loadingMore);
  const unreadCount = useAppSelector((s) => s.threads.unreadThreads);
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const shown = filter === 'unread' ? order.filter((id) => (byId[id]?.unreadReplies ?? 0) > 0) : order;

  return (
    <main className="channel-view threads-view" aria-label={t('threads.title')}>
      <header className="channel-header">
        <button type="button" className="icon-button channel-header__menu" aria-label={t('sidebar.open')} onClick={() => dispatch(sidebarToggled(true))}>
          <MenuIcon />
        </button>
        <div className="channel-header__main">
          <h1 className="channel-header__title">
            <ThreadsIcon size={18} />
            <span>{t('threads.heading')}</span>
          </h1>
        </div>
        <div className="segmented" role="group" aria-label={t('threads.filter')}>
          <button type="button" className="segmented__item" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
            {t('threads.all')}
          </button>
          <button type="button" className="segmented__item" aria-pressed={filter === 'unread'} onClick={() => setFilter('unread')}>
            {t('threads.unread')}
          </button>
        </div>
        <button type="button" className="button button--small" disabled={unreadCount === 0} onClick={() => void dispatch(markAllThreadsRead())}>
          {t('threads.markAllRead')}
        </button>
      </header>
      <div className="threads-view__scroll">
        {!loaded ? (
          <div className="post-list--loading" role="status">
            <span className="spinner" aria-hidden="true" />
            <span className="visually-hidden">{t('app.loading')}</span>
          </div>
        ) : shown.length === 0 ? (
          <div className="threads-view__empty">
            <ThreadsIcon size={40} />
            <p className="threads-view__empty-title">{filter === 'unread' ? t('threads.noUnread') : t('threads.none')}</p>
            <p className="muted">{t('threads.none.hint')}</p>
          </div>
        ) : (
          <ul className="thread-list">
            {shown.map((id) => (
              <li key={id}>
                <ThreadItem threadId={id} />
              </li>
            ))}
          </ul>
        )}
        {loaded && hasMore && filter === 'all' && (
          <div className="threads-view__more">
            <button type="button" className="button" disabled={loadingMore} onClick={() => void dispatch(loadThreads(true))}>
              {t('threads.more')}
            </button>
          </div>
        )}
      </div>
    </main>
  );
}

function ThreadItem({ threadId }: { threadId: string }) {
  const t = useT();
  const when = useTimeFormat();
  const dispatch = useAppDispatch();
  const thread = useAppSelector((s) => s.threads.byId[threadId]);
  const root = useAppSelector((s) => s.posts.byId[threadId]);
  const channel = useAppSelector((s) => (thread ? s.channels.byId[thread.channelId] : undefined));
  const channelName = useAppSelector((s) => (channel ? selectChannelTitle(s, channel) : ''));
  const author = useAppSelector((s) => (root ? selectDisplayName(s, root.user_id) : '…'));
  const myUsername = useAppSelector((s) => s.session.me?.username ?? '');
  const myId = useAppSelector(selectMyId);
  const open = useAppSelector((s) => s.ui.threadRootId === threadId);
  if (!thread || !root) return null;
  const unread = thread.unreadReplies > 0;
  // Named by what it shows (channel, time, author, message, replies), so the name has the visible words in
  // it (axe label-content-name-mismatch); only the mention count needs words added.
  return (
    <button type="button" className={`thread-item${unread ? ' thread-item--unread' : ''}${open ? ' thread-item--open' : ''}`} aria-current={open ? 'true' : undefined} onClick={() => void dispatch(openThread(threadId))}>
      <span className="thread-item__top">
        <span className="thread-item__channel">
          {channel?.type === 'P' ? <LockIcon size={13} /> : channel?.type === 'D' || channel?.type === 'G' ? <UsersIcon size={13} /> : <HashIcon size={13} />}
          {channelName}
        </span>
        <time className="thread-item__time" dateTime={new Date(thread.lastReplyAt).toISOString()}>
          {when.sameDay(thread.lastReplyAt, Date.now()) ? when.time(thread.lastReplyAt) : when.medium(thread.lastReplyAt)}
        </time>
      </span>
      <span className="thread-item__author">
        {unread && <span className="thread-item__dot" aria-hidden="true" />}
        {author}
      </span>
      <span className="thread-item__message" dir="auto">{isSystemPost(root) ? <SystemMessage post={root} /> : <Markdown text={root.message} myUsername={myUsername} />}</span>
      <span className="thread-item__footer">
        <span className="thread-item__participants" aria-hidden="true">
          {thread.participants
            .filter((id) => id !== myId)
            .slice(0, 4)
            .map((id) => (
              <Avatar key={id} userId={id} size={20} status={false} />
            ))}
        </span>
        <span className="thread-item__replies">{t('post.replies', { count: thread.replyCount })}</span>
        {unread && <span className="thread-item__new">{t('threads.newReplies', { count: thread.unreadReplies })}</span>}
        {thread.unreadMentions > 0 && (
          <span className="badge">
            <span aria-hidden="true">{thread.unreadMentions}</span>
            <span className="visually-hidden">{t('threads.mentions', { count: thread.unreadMentions })}</span>
          </span>
        )}
      </span>
    </button>
  );
}
