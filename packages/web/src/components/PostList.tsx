import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { selectChannelOrder, selectMyId } from '../store/selectors';
import { jumpToLatest, loadNewerPosts, loadOlderPosts } from '../store/navigation-actions';
import { buildRows, type Row } from '../app/post-rows';
import { useT } from '../i18n/use-t';
import { PostItem } from './PostItem';
import { DateSeparator } from './DateSeparator';
import { ChannelIntro } from './ChannelIntro';
import { NewMessagesLine } from './NewMessagesLine';

// Virtuoso keeps the scroll position when rows are prepended if the index of the first row goes down by
// as many rows; start high so it never reaches zero.
const FIRST_INDEX = 1_000_000;

type ListRow = Row | { kind: 'intro'; key: 'intro' };
const INTRO: ListRow = { kind: 'intro', key: 'intro' };

export function PostList({ channelId }: { channelId: string }) {
  const loaded = useAppSelector((s) => s.posts.channels[channelId] !== undefined);
  // A window of posts replacing the list (a permalink) starts a new list, so it opens at its post instead of
  // inheriting the old list's scroll position.
  const windowSeq = useAppSelector((s) => s.posts.channels[channelId]?.windowSeq ?? 0);
  const t = useT();
  if (!loaded) {
    return (
      <div className="post-list post-list--loading" role="status">
        <span className="spinner" aria-hidden="true" />
        <span className="visually-hidden">{t('app.loading')}</span>
      </div>
    );
  }
  return <LoadedPostList key={`${channelId}:${windowSeq}`} channelId={channelId} />;
}

function LoadedPostList({ channelId }: { channelId: string }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const order = useAppSelector((s) => selectChannelOrder(s, channelId));
  const byId = useAppSelector((s) => s.posts.byId);
  const hasOlder = useAppSelector((s) => s.posts.channels[channelId]?.hasOlder ?? false);
  const loadingOlder = useAppSelector((s) => s.posts.channels[channelId]?.loadingOlder ?? false);
  // A window of old posts (a permalink): the newest ones are not loaded yet.
  const hasNewer = useAppSelector((s) => s.posts.channels[channelId]?.hasNewer ?? false);
  const loadingNewer = useAppSelector((s) => s.posts.channels[channelId]?.loadingNewer ?? false);
  const highlight = useAppSelector((s) => (s.ui.highlight?.channelId === channelId ? s.ui.highlight : null));
  const myId = useAppSelector(selectMyId);
  const since = useAppSelector((s) => (s.ui.newMessages?.channelId === channelId ? s.ui.newMessages.since : null));
  const editingId = useAppSelector((s) => (s.ui.editingInThread ? null : s.ui.editingPostId));
  const timeZone = useIntl().timeZone;
  // The channel's introduction is the first row once the whole history is loaded, so it sits right
  // above the first message instead of at the top of an otherwise empty screen.
  const rows = useMemo<ListRow[]>(() => {
    const posts = buildRows(order, byId, since === null ? null : { since, myId }, timeZone);
    return hasOlder ? posts : [INTRO, ...posts];
  }, [order, byId, hasOlder, since, myId, timeZone]);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  // A permalink shows its post in the middle; opening a channel with unread posts shows the first of them
  // (with the line above it), not the newest.
  const [initial] = useState(() => {
    const target = highlight ? rows.findIndex((r) => r.kind === 'post' && r.postId === highlight.postId) : -1;
    if (target >= 0) return { index: { index: target, align: 'center' as const }, shownSeq: highlight?.seq };
    const line = rows.findIndex((r) => r.kind === 'new');
    return { index: line >= 0 ? { index: line, align: 'start' as const } : { index: 'LAST' as const, align: 'end' as const }, shownSeq: undefined };
  });
  const initialIndex = initial.index;
  const [atBottom, setAtBottom] = useState(true);

  const firstIndex = useRef({ rows: [] as ListRow[], value: FIRST_INDEX, firstKey: '' });
  if (firstIndex.current.rows !== rows) {
    const prevKey = firstIndex.current.firstKey;
    const shift = prevKey ? rows.findIndex((r) => r.key === prevKey) : 0;
    firstIndex.current = { rows, value: firstIndex.current.value - Math.max(0, shift), firstKey: rows[0]?.key ?? '' };
  }
  const firstItemIndex = firstIndex.current.value;

  // Your own new message always comes into view, even when you had scrolled up.
  const last = rows[rows.length - 1];
  const lastPost = last?.kind === 'post' ? byId[last.postId] : undefined;
  const lastKey = last?.key;
  const lastIsMine = lastPost?.user_id === myId;
  const lastAt = lastPost?.create_at ?? 0;
  // Only a post that arrives after the newest one while the newest were loaded: a window of older posts
  // replacing the list (a permalink) and a page of newer ones loaded while scrolling down also change the
  // last row, and must not pull the view away from where the reader is.
  const newest = useRef({ at: lastAt, complete: !hasNewer });
  useEffect(() => {
    const before = newest.current;
    newest.current = { at: lastAt, complete: !hasNewer };
    if (lastIsMine && before.complete && lastAt > before.at) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' });
  }, [lastKey, lastIsMine, lastAt, hasNewer]);

  // The post being edited (Up in the message box) comes into view, above the box.
  useEffect(() => {
    if (!editingId) return;
    const i = rowsRef.current.findIndex((r) => r.kind === 'post' && r.postId === editingId);
    if (i >= 0) virtuoso.current?.scrollIntoView({ index: i, behavior: 'auto' });
  }, [editingId]);

  // A permalink the first render could not show: another one into the channel already open, or one whose
  // posts arrive after the list mounted (a fresh page load). It is shown once its post is among the rows.
  const highlightSeq = highlight?.seq;
  const highlightId = highlight?.postId;
  const shownSeq = useRef(initial.shownSeq);
  useEffect(() => {
    if (highlightSeq === undefined || shownSeq.current === highlightSeq) return;
    const i = rows.findIndex((r) => r.kind === 'post' && r.postId === highlightId);
    if (i < 0) return;
    shownSeq.current = highlightSeq;
    virtuoso.current?.scrollToIndex({ index: i, align: 'center', behavior: 'auto' });
  }, [highlightSeq, highlightId, rows]);

  const endReached = useCallback(() => {
    if (hasNewer) void dispatch(loadNewerPosts(channelId));
  }, [dispatch, channelId, hasNewer]);

  const jumpToRecent = () => {
    if (!hasNewer) {
      virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'smooth' });
      return;
    }
    void dispatch(jumpToLatest(channelId)).then(() => virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' }));
  };

  const startReached = useCallback(() => {
    if (hasOlder) void dispatch(loadOlderPosts(channelId));
  }, [dispatch, channelId, hasOlder]);

  const Header = useCallback(
    () => (hasOlder ? <div className="post-list__older">{loadingOlder ? <span className="spinner" aria-label={t('posts.loadingOlder')} /> : null}</div> : null),
    [hasOlder, loadingOlder, t],
  );
  const Footer = useCallback(
    () => (hasNewer ? <div className="post-list__older">{loadingNewer ? <span className="spinner" aria-label={t('posts.loadingNewer')} /> : null}</div> : null),
    [hasNewer, loadingNewer, t],
  );

  return (
    <div className="post-list" role="log" aria-live="polite" aria-relevant="additions" aria-label={t('posts.label')}>
      <Virtuoso
        ref={virtuoso}
        className="post-list__scroller"
        data={rows}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={initialIndex}
        alignToBottom
        followOutput={(bottom) => (bottom && !hasNewer ? 'smooth' : false)}
        atBottomStateChange={setAtBottom}
        atBottomThreshold={80}
        startReached={startReached}
        endReached={endReached}
        increaseViewportBy={{ top: 600, bottom: 300 }}
        computeItemKey={(_index, row) => row.key}
        components={{ Header, Footer }}
        itemContent={(_index, row) =>
          row.kind === 'intro' ? (
            <ChannelIntro channelId={channelId} />
          ) : row.kind === 'date' ? (
            <DateSeparator at={row.at} />
          ) : row.kind === 'new' ? (
            <NewMessagesLine />
          ) : (
            <PostItem postId={row.postId} continuation={row.continuation} />
          )
        }
      />
      {(!atBottom || hasNewer) && (
        <button type="button" className="post-list__jump" onClick={jumpToRecent}>
          {t('posts.jumpToRecent')}
        </button>
      )}
    </div>
  );
}
