import * as Tooltip from '@radix-ui/react-tooltip';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { selectTeam } from '../store/navigation-actions';
import { dialogOpened } from '../store/ui-slice';
import { useT } from '../i18n/use-t';
import { PlusIcon } from './Icons';

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? words[0]!.charAt(0) + words[1]!.charAt(0) : name.slice(0, 2);
  return letters.toUpperCase();
}

export function TeamRail() {
  const t = useT();
  const dispatch = useAppDispatch();
  const mine = useAppSelector((s) => s.teams.mine);
  const byId = useAppSelector((s) => s.teams.byId);
  const currentId = useAppSelector((s) => s.teams.currentId);
  const unreads = useAppSelector((s) => s.teams.unreads);

  return (
    <nav className="team-rail" aria-label={t('teams.rail.label')}>
      <ul className="team-rail__list">
        {mine.map((id) => {
          const team = byId[id];
          if (!team) return null;
          const unread = unreads[id];
          const active = id === currentId;
          const mentions = active ? 0 : (unread?.mentionCount ?? 0);
          const hasUnread = !active && (unread?.msgCount ?? 0) > 0;
          // The rail tells which other teams have something new: bold marker for unread, a badge for mentions.
          const label = mentions > 0 ? t('sidebar.channelWithMentions', { name: team.display_name, count: mentions }) : hasUnread ? t('sidebar.channelUnread', { name: team.display_name }) : team.display_name;
          return (
            <li key={id}>
              <Tooltip.Root>
                <Tooltip.Trigger asChild>
                  <button
                    type="button"
                    className={`team-rail__team${active ? ' team-rail__team--active' : ''}${hasUnread || mentions > 0 ? ' team-rail__team--unread' : ''}`}
                    aria-current={active ? 'page' : undefined}
                    aria-label={label}
                    onClick={() => !active && void dispatch(selectTeam(id))}
                  >
                    <span aria-hidden="true">{initials(team.display_name)}</span>
                    {mentions > 0 && (
                      <span className="badge badge--corner" aria-hidden="true">
                        {mentions}
                      </span>
                    )}
                  </button>
                </Tooltip.Trigger>
                <Tooltip.Portal>
                  <Tooltip.Content side="right" className="tooltip" sideOffset={6}>
                    {team.display_name}
                  </Tooltip.Content>
                </Tooltip.Portal>
              </Tooltip.Root>
            </li>
          );
        })}
      </ul>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          <button type="button" className="team-rail__add" aria-label={t('teams.add')} onClick={() => dispatch(dialogOpened('createTeam'))}>
            <PlusIcon />
          </button>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content side="right" className="tooltip" sideOffset={6}>
            {t('teams.add')}
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </nav>
  );
}
