import type { ReactNode } from 'react';
import { useAppSelector } from '../store/hooks';
import { dmPartnerId, selectChannelTitle, selectMyId } from '../store/selectors';
import { Msg } from '../i18n/Msg';
import { Avatar } from './Avatar';
import { HashIcon, LockIcon, UsersIcon } from './Icons';

/** The top of a channel's history: what this place is. */
export function ChannelIntro({ channelId }: { channelId: string }) {
  const channel = useAppSelector((s) => s.channels.byId[channelId]);
  const myId = useAppSelector(selectMyId);
  const title = useAppSelector((s) => (channel ? selectChannelTitle(s, channel) : ''));
  if (!channel) return null;
  const partner = dmPartnerId(channel, myId);
  const b = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
  return (
    <div className="channel-intro">
      <div className="channel-intro__icon" aria-hidden="true">
        {partner ? <Avatar userId={partner} size={56} /> : channel.type === 'P' ? <LockIcon size={28} /> : channel.type === 'G' ? <UsersIcon size={28} /> : <HashIcon size={28} />}
      </div>
      <h2 className="channel-intro__title">{title}</h2>
      <p className="channel-intro__text">
        {partner ? (
          partner === myId ? (
            <Msg id="intro.self" />
          ) : (
            <Msg id="intro.direct" values={{ name: title, b }} />
          )
        ) : channel.type === 'G' ? (
          <Msg id="intro.group" values={{ name: title, b }} />
        ) : (
          <Msg id="intro.channel" values={{ name: title, b }} />
        )}
      </p>
      {channel.purpose && <p className="channel-intro__purpose">{channel.purpose}</p>}
    </div>
  );
}
