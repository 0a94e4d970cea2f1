import { useEffect, useState } from 'react';
import * as Popover from '@radix-ui/react-popover';
import type { UserProfile } from '@mattermost/types/users';
import type { Channel } from '../store/channels-slice';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { listChannelMembers, openConversation } from '../store/team-thunks';
import { selectChannelTitle, selectMyId, selectNameFormat, userDisplayName } from '../store/selectors';
import { useT } from '../i18n/use-t';
import { Avatar } from './Avatar';
import { UsersIcon } from './Icons';

/** The member count in the channel header; it opens the list of members, with their presence. */
export function ChannelMembers({ channel, count }: { channel: Channel; count: number }) {
  const t = useT();
  const name = useAppSelector((s) => selectChannelTitle(s, channel));
  const [open, setOpen] = useState(false);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className="channel-header__members" aria-label={t('channel.members', { count })} title={t('channel.members', { count })}>
        <UsersIcon size={16} />
        <span aria-hidden="true">{count}</span>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover members" align="end" sideOffset={6} aria-label={t('channel.membersTitle', { name })}>
          {open && <MemberList channelId={channel.id} title={t('channel.membersTitle', { name })} onDone={() => setOpen(false)} />}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function MemberList({ channelId, title, onDone }: { channelId: string; title: string; onDone: () => void }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const myId = useAppSelector(selectMyId);
  const format = useAppSelector(selectNameFormat);
  const [members, setMembers] = useState<UserProfile[] | null>(null);

  useEffect(() => {
    let live = true;
    dispatch(listChannelMembers(channelId)).then(
      (list) => live && setMembers(list),
      () => live && setMembers([]),
    );
    return () => {
      live = false;
    };
  }, [dispatch, channelId]);

  const sorted = (members ?? []).slice().sort((a, b) => Number(b.id === myId) - Number(a.id === myId) || userDisplayName(a, format).localeCompare(userDisplayName(b, format)));
  return (
    <>
      <h2 className="popover__title">{title}</h2>
      {members === null ? (
        <div className="post-list--loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">{t('channel.membersLoading')}</span>
        </div>
      ) : (
        <ul className="list members__list">
          {sorted.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="list__row list__row--button"
                disabled={u.id === myId}
                onClick={() => {
                  onDone();
                  void dispatch(openConversation([u.id]));
                }}
              >
                <Avatar userId={u.id} size={28} />
                <span className="list__main">
                  <span className="list__title">
                    {userDisplayName(u, format)} {u.id === myId && <span className="muted">{t('channel.you')}</span>}
                  </span>
                  {format !== 'username' || userDisplayName(u, format) !== u.username ? <span className="list__sub">@{u.username}</span> : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
