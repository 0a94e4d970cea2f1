import type { Channel } from '../store/channels-slice';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { dmPartnerId, isFavorite, selectChannelTitle, selectMyId, userFullName } from '../store/selectors';
import { sidebarToggled } from '../store/ui-slice';
import { toggleFavorite } from '../store/preference-actions';
import { showPinnedPosts, showSavedPosts } from '../store/search-actions';
import { useT } from '../i18n/use-t';
import { PostList } from './PostList';
import { Composer } from './Composer';
import { TypingIndicator } from './TypingIndicator';
import { Avatar } from './Avatar';
import { SearchBox } from './SearchBox';
import { ChannelMenu } from './ChannelMenu';
import { ChannelMembers } from './ChannelMembers';
import { BellOffIcon, BookmarkIcon, HashIcon, LockIcon, MenuIcon, PinIcon, StarIcon, UsersIcon } from './Icons';

export function ChannelView({ channel }: { channel: Channel }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const myId = useAppSelector(selectMyId);
  const users = useAppSelector((s) => s.users.byId);
  const title = useAppSelector((s) => selectChannelTitle(s, channel));
  const memberCount = useAppSelector((s) => s.channels.memberCounts[channel.id]);
  const favorite = useAppSelector((s) => isFavorite(s, channel.id));
  const muted = useAppSelector((s) => s.channels.members[channel.id]?.notify_props?.mark_unread === 'mention');
  const pinnedOpen = useAppSelector((s) => s.search.open && s.search.kind === 'pinned' && s.search.channelId === channel.id);
  const savedOpen = useAppSelector((s) => s.search.open && s.search.kind === 'saved');
  const partner = dmPartnerId(channel, myId);
  const about = partner ? userFullName(users[partner]) : channel.purpose || channel.header;
  const placeholder = channel.type === 'D' || channel.type === 'G' ? t('composer.placeholder.direct', { name: title }) : t('composer.placeholder.channel', { name: title });

  return (
    <main className="channel-view" aria-label={title}>
      <header className="channel-header">
        <button type="button" className="icon-button channel-header__menu" aria-label={t('sidebar.open')} onClick={() => dispatch(sidebarToggled(true))}>
          <MenuIcon />
        </button>
        <div className="channel-header__main">
          <h1 className="channel-header__title">
            {partner ? <Avatar userId={partner} size={22} /> : channel.type === 'P' ? <LockIcon size={18} /> : channel.type === 'G' ? <UsersIcon size={18} /> : <HashIcon size={18} />}
            <span>{title}</span>
            <button
              type="button"
              className={`icon-button icon-button--small channel-header__favorite${favorite ? ' channel-header__favorite--on' : ''}`}
              aria-pressed={favorite}
              aria-label={favorite ? t('channel.unfavorite') : t('channel.favorite')}
              title={favorite ? t('channel.unfavorite') : t('channel.favorite')}
              onClick={() => void dispatch(toggleFavorite(channel.id))}
            >
              <StarIcon size={16} filled={favorite} />
            </button>
            {muted && (
              <span className="channel-header__muted" title={t('channel.muted')}>
                <BellOffIcon size={15} aria-label={t('channel.muted')} role="img" aria-hidden={undefined} />
              </span>
            )}
          </h1>
          {about && (
            <p className="channel-header__purpose" title={about}>
              {about}
            </p>
          )}
        </div>
        <SearchBox />
        {memberCount !== undefined && channel.type !== 'D' && <ChannelMembers channel={channel} count={memberCount} />}
        <button type="button" className={`icon-button channel-header__pins${pinnedOpen ? ' icon-button--on' : ''}`} aria-label={t('pinned.open')} title={t('pinned.open')} aria-pressed={pinnedOpen} onClick={() => void dispatch(showPinnedPosts(channel.id))}>
          <PinIcon />
        </button>
        <button type="button" className={`icon-button channel-header__saved${savedOpen ? ' icon-button--on' : ''}`} aria-label={t('saved.open')} title={t('saved.open')} aria-pressed={savedOpen} onClick={() => void dispatch(showSavedPosts())}>
          <BookmarkIcon />
        </button>
        <ChannelMenu channel={channel} />
      </header>
      <PostList channelId={channel.id} />
      <div className="channel-view__footer">
        <Composer key={channel.id} channelId={channel.id} rootId="" placeholder={placeholder} />
        <TypingIndicator channelId={channel.id} parentId="" />
      </div>
    </main>
  );
}
