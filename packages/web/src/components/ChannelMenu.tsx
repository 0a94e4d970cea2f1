import { useState } from 'react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { Channel } from '../store/channels-slice';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { archiveChannel, leaveChannel } from '../store/team-thunks';
import { channelTitle, selectMyId } from '../store/selectors';
import { useT } from '../i18n/use-t';
import { ConfirmDialog } from './ConfirmDialog';
import { DotsIcon } from './Icons';

function hasRole(roles: string | undefined, role: string): boolean {
  return (roles ?? '').split(' ').includes(role);
}

/**
 * The channel header's menu: leave, archive. Town-square can be neither left nor archived (the server
 * refuses both), so it has no menu; guests cannot archive. Whether anyone else may archive is the
 * server's decision: a refusal shows as a toast.
 */
export function ChannelMenu({ channel }: { channel: Channel }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const myId = useAppSelector(selectMyId);
  const users = useAppSelector((s) => s.users.byId);
  const myRoles = useAppSelector((s) => s.session.me?.roles);
  const memberRoles = useAppSelector((s) => s.channels.members[channel.id]?.roles);
  const [confirm, setConfirm] = useState<'leave' | 'archive' | null>(null);
  const name = channelTitle(channel, myId, users);
  const teamChannel = channel.type === 'O' || channel.type === 'P';
  const canLeave = teamChannel && channel.name !== 'town-square';
  const canArchive = canLeave && !hasRole(myRoles, 'system_guest') && !hasRole(memberRoles, 'channel_guest');
  if (!canLeave) return null;

  // Leaving a public channel is undone by joining it again; a private one needs an invitation.
  const leave = () => (channel.type === 'P' ? setConfirm('leave') : void dispatch(leaveChannel(channel.id)));

  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className="icon-button" aria-label={t('channel.actions')} title={t('channel.actions')}>
          <DotsIcon />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
            <DropdownMenu.Item className="menu__item" onSelect={leave}>
              {t('channel.leave')}
            </DropdownMenu.Item>
            {canArchive && (
              <DropdownMenu.Item className="menu__item menu__item--danger" onSelect={() => setConfirm('archive')}>
                {t('channel.archive')}
              </DropdownMenu.Item>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {confirm === 'leave' && (
        <ConfirmDialog
          open
          title={t('channel.leave.title', { name })}
          message={t('channel.leave.private', { name })}
          confirmLabel={t('channel.leave')}
          onConfirm={() => void dispatch(leaveChannel(channel.id))}
          onClose={() => setConfirm(null)}
        />
      )}
      {confirm === 'archive' && (
        <ConfirmDialog
          open
          title={t('channel.archive.title', { name })}
          message={t('channel.archive.body', { name })}
          confirmLabel={t('channel.archive')}
          onConfirm={() => void dispatch(archiveChannel(channel.id))}
          onClose={() => setConfirm(null)}
        />
      )}
    </>
  );
}
