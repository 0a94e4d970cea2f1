import { useEffect, useRef } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { selectChannelTitle, selectThreadOrder } from '../store/selectors';
import { collapsedThreadsOn, setThreadFollowing } from '../store/thread-actions';
import { threadClosed } from '../store/ui-slice';
import { buildRows } from '../app/post-rows';
import { useT } from '../i18n/use-t';
import { PostItem } from './PostItem';
import { Composer } from './Composer';
import { TypingIndicator } from './TypingIndicator';
import { CloseIcon } from './Icons';

/** A root post, its replies and a reply box, beside the channel (over it on a phone). */
export function ThreadPanel({ rootId }: { rootId: string }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const root = useAppSelector((s) => s.posts.byId[rootId]);
  const order = useAppSelector((s) => selectThreadOrder(s, rootId));
  const loaded = useAppSelector((s) => s.posts.threads[rootId] !== undefined);
  const byId = useAppSelector((s) => s.posts.byId);
  const channel = useAppSelector((s) => (root ? s.channels.byId[root.channel_id] : undefined));
  const channelName = useAppSelector((s) => (channel ? selectChannelTitle(s, channel) : ''));
  const threadsOn = useAppSelector(collapsedThreadsOn);
  const following = useAppSelector((s) => s.threads.following[rootId]);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = buildRows(order, byId).filter((r) => r.kind === 'post');

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [order.length, rootId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('[role="dialog"], [role="menu"]')) dispatch(threadClosed());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch]);

  return (
    <aside className="thread-panel" aria-label={t('thread.title')}>
      <header className="thread-panel__header">
        <div>
          <h2 className="thread-panel__title">{t('thread.title')}</h2>
          {channel && <p className="thread-panel__channel">{channelName}</p>}
        </div>
        <div className="thread-panel__tools">
          {threadsOn && following !== undefined && (
            <button type="button" className={`button button--small${following ? ' button--on' : ''}`} aria-pressed={following} onClick={() => void dispatch(setThreadFollowing(rootId, !following))}>
              {following ? t('thread.following') : t('thread.follow')}
            </button>
          )}
          <button type="button" className="icon-button" aria-label={t('thread.close')} onClick={() => dispatch(threadClosed())}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="thread-panel__scroll" ref={scroller}>
        {root ? <PostItem postId={rootId} continuation={false} inThread /> : <div className="post-list--loading"><span className="spinner" /></div>}
        {root && (
          <div className="thread-panel__count" role="separator">
            <span>{t('post.replies', { count: rows.length })}</span>
          </div>
        )}
        {loaded ? rows.map((r) => r.kind === 'post' && <PostItem key={r.key} postId={r.postId} continuation={r.continuation} inThread />) : <div className="post-list--loading"><span className="spinner" /></div>}
      </div>
      {root && (
        <div className="thread-panel__footer">
          <Composer key={rootId} channelId={root.channel_id} rootId={rootId} placeholder={t('composer.placeholder.reply')} />
          <TypingIndicator channelId={root.channel_id} parentId={rootId} />
        </div>
      )}
    </aside>
  );
}
