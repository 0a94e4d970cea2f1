import { useEffect, useMemo } from 'react';
import { useIntl } from 'react-intl';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { searchClosed } from '../store/search-slice';
import { jumpToResult, runSearch } from '../store/search-actions';
import { channelTitle, selectMyId } from '../store/selectors';
import { isSystemPost } from '../store/model';
import { highlightTerms } from '../app/search-terms';
import { useT } from '../i18n/use-t';
import { Avatar } from './Avatar';
import { Markdown } from './Markdown';
import { FileAttachments } from './FileAttachments';
import { SystemMessage } from './SystemMessage';
import { CloseIcon, HashIcon, LockIcon, ReplyIcon, UsersIcon } from './Icons';

/** Where the layout puts side panels over the channel instead of beside it (see app.css). */
const OVERLAY_PANELS = '(max-width: 1100px)';

/** Search results beside the channel (over it on narrow screens), newest first. */
export function SearchPanel() {
  const t = useT();
  const dispatch = useAppDispatch();
  const terms = useAppSelector((s) => s.search.terms);
  const status = useAppSelector((s) => s.search.status);
  const order = useAppSelector((s) => s.search.order);
  const error = useAppSelector((s) => s.search.error);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('[role="dialog"], [role="menu"]')) dispatch(searchClosed());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch]);

  return (
    <aside className="search-panel" aria-label={t('search.title')}>
      <header className="thread-panel__header">
        <div className="search-panel__heading">
          <h2 className="thread-panel__title">{t('search.title')}</h2>
          <p className="thread-panel__channel" title={terms}>
            {status === 'done' ? t('search.summary', { count: order.length, terms }) : terms}
          </p>
        </div>
        <button type="button" className="icon-button" aria-label={t('search.close')} onClick={() => dispatch(searchClosed())}>
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
            <p>{t('search.error', { message: error })}</p>
            <button type="button" className="button button--small" onClick={() => void dispatch(runSearch(terms))}>
              {t('search.retry')}
            </button>
          </div>
        )}
        {status === 'done' && order.length === 0 && (
          <div className="search-panel__notice">
            <p className="search-panel__empty">{t('search.empty', { terms })}</p>
            <p className="muted">{t('search.empty.hint')}</p>
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
  const intl = useIntl();
  const dispatch = useAppDispatch();
  const post = useAppSelector((s) => s.search.posts[postId]);
  const matches = useAppSelector((s) => s.search.matches[postId]);
  const terms = useAppSelector((s) => s.search.terms);
  const channel = useAppSelector((s) => (post ? s.channels.byId[post.channel_id] : undefined));
  const author = useAppSelector((s) => (post ? s.users.byId[post.user_id] : undefined));
  const me = useAppSelector((s) => s.session.me);
  const myId = useAppSelector(selectMyId);
  const users = useAppSelector((s) => s.users.byId);
  const highlight = useMemo(() => highlightTerms(terms, matches), [terms, matches]);
  if (!post) return null;

  const when = intl.formatDate(post.create_at, { dateStyle: 'medium', timeStyle: 'short' });
  const jump = () => {
    if (window.matchMedia?.(OVERLAY_PANELS).matches) dispatch(searchClosed());
    void dispatch(jumpToResult(post.id));
  };

  return (
    <article className="search-result" aria-label={t('post.label', { name: author?.username ?? '…', time: when })}>
      <header className="search-result__channel">
        {channel?.type === 'P' ? <LockIcon size={14} /> : channel?.type === 'D' || channel?.type === 'G' ? <UsersIcon size={14} /> : <HashIcon size={14} />}
        <span>{channel ? channelTitle(channel, myId, users) : '…'}</span>
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
            <span className="post__author">{author?.username ?? '…'}</span>
            <time className="post__time" dateTime={new Date(post.create_at).toISOString()}>
              {when}
            </time>
          </div>
          <div className="post__message">
            {isSystemPost(post) ? <SystemMessage post={post} /> : <Markdown text={post.message} myUsername={me?.username ?? ''} highlight={highlight} />}
          </div>
          <FileAttachments files={post.files} />
        </div>
      </div>
    </article>
  );
}
