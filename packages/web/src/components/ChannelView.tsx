import * as Tooltip from '@radix-ui/react-tooltip';
import type { Channel } from '../store/channels-slice';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { channelTitle, dmPartnerId, selectMyId, userFullName } from '../store/selectors';
import { sidebarToggled } from '../store/ui-slice';
import { useT } from '../i18n/use-t';
import { PostList } from './PostList';
import { Composer } from './Composer';
import { TypingIndicator } from './TypingIndicator';
import { Avatar } from './Avatar';
import { SearchBox } from './SearchBox';
import { ChannelMenu } from './ChannelMenu';
import { HashIcon, LockIcon, MenuIcon, UsersIcon } from './Icons';

export function ChannelView({ channel }: { channel: Channel }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const myId = useAppSelector(selectMyId);
  const users = useAppSelector((s) => s.users.byId);
  const memberCount = useAppSelector((s) => s.channels.memberCounts[channel.id]);
  const title = channelTitle(channel, myId, users);
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
            {partner ? <Avatar userId={partner} size={22} status /> : channel.type === 'P' ? <LockIcon size={18} /> : channel.type === 'G' ? <UsersIcon size={18} /> : <HashIcon size={18} />}
            <span>{title}</span>
          </h1>
          {about && <p className="channel-header__purpose" title={about}>{about}</p>}
        </div>
        <SearchBox />
        {memberCount !== undefined && channel.type !== 'D' && (
          <Tooltip.Root>
            <Tooltip.Trigger asChild>
              <span className="channel-header__members" aria-label={t('channel.members', { count: memberCount })} role="img">
                <UsersIcon size={16} />
                <span aria-hidden="true">{memberCount}</span>
              </span>
            </Tooltip.Trigger>
            <Tooltip.Portal>
              <Tooltip.Content className="tooltip" sideOffset={6}>
                {t('channel.members', { count: memberCount })}
              </Tooltip.Content>
            </Tooltip.Portal>
          </Tooltip.Root>
        )}
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
