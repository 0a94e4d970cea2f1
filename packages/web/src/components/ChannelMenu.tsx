import { useState } from 'react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { Channel } from '../store/channels-slice';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { archiveChannel, leaveChannel, updateChannelNotifyProps } from '../store/team-thunks';
import { toggleFavorite } from '../store/preference-actions';
import { showPinnedPosts, showSavedPosts } from '../store/search-actions';
import { isFavorite, selectChannelTitle } from '../store/selectors';
import { useT } from '../i18n/use-t';
import { ConfirmDialog } from './ConfirmDialog';
import { DotsIcon } from './Icons';

function hasRole(roles: string | undefined, role: string): boolean {
  return (roles ?? '').split(' ').includes(role);
}

const LEVELS = ['default', 'all', 'mention', 'none'] as const;

/**
 * The channel header's menu: favourite, mute, desktop notifications for this channel, leave, archive.
 * Town-square can be neither left nor archived (the server refuses both); guests cannot archive. Whether
 * anyone else may archive is the server's decision: a refusal shows as a toast.
 */
export function ChannelMenu({ channel }: { channel: Channel }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const name = useAppSelector((s) => selectChannelTitle(s, channel));
  const myRoles = useAppSelector((s) => s.session.me?.roles);
  const member = useAppSelector((s) => s.channels.members[channel.id]);
  const favorite = useAppSelector((s) => isFavorite(s, channel.id));
  const [confirm, setConfirm] = useState<'leave' | 'archive' | null>(null);
  const teamChannel = channel.type === 'O' || channel.type === 'P';
  const canLeave = teamChannel && channel.name !== 'town-square';
  const canArchive = canLeave && !hasRole(myRoles, 'system_guest') && !hasRole(member?.roles, 'channel_guest');
  const muted = member?.notify_props?.mark_unread === 'mention';
  const desktop = member?.notify_props?.desktop ?? 'default';

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
            <DropdownMenu.Item className="menu__item" onSelect={() => void dispatch(toggleFavorite(channel.id))}>
              {favorite ? t('channel.unfavorite') : t('channel.favorite')}
            </DropdownMenu.Item>
            <DropdownMenu.Item className="menu__item" onSelect={() => void dispatch(showPinnedPosts(channel.id))}>
              {t('pinned.open')}
            </DropdownMenu.Item>
            <DropdownMenu.Item className="menu__item" onSelect={() => void dispatch(showSavedPosts())}>
              {t('saved.open')}
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="menu__separator" />
            <DropdownMenu.Item className="menu__item" onSelect={() => void dispatch(updateChannelNotifyProps(channel.id, { mark_unread: muted ? 'all' : 'mention' }))}>
              {muted ? t('channel.unmute') : t('channel.mute')}
            </DropdownMenu.Item>
            <DropdownMenu.Sub>
              <DropdownMenu.SubTrigger className="menu__item menu__item--sub">{t('channel.desktop')}</DropdownMenu.SubTrigger>
              <DropdownMenu.Portal>
                <DropdownMenu.SubContent className="menu" sideOffset={4}>
                  <DropdownMenu.RadioGroup value={desktop} onValueChange={(v) => void dispatch(updateChannelNotifyProps(channel.id, { desktop: v as (typeof LEVELS)[number] }))}>
                    {LEVELS.map((level) => (
                      <DropdownMenu.RadioItem key={level} value={level} className="menu__item menu__item--radio">
                        <DropdownMenu.ItemIndicator className="menu__check">✓</DropdownMenu.ItemIndicator>
                        {t('channel.desktop.level', { level })}
                      </DropdownMenu.RadioItem>
                    ))}
                  </DropdownMenu.RadioGroup>
                </DropdownMenu.SubContent>
              </DropdownMenu.Portal>
            </DropdownMenu.Sub>
            {canLeave && (
              <>
                <DropdownMenu.Separator className="menu__separator" />
                <DropdownMenu.Item className="menu__item" onSelect={leave}>
                  {t('channel.leave')}
                </DropdownMenu.Item>
              </>
            )}
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
