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
          return (
            <li key={id}>
              <Tooltip.Root>
                <Tooltip.Trigger asChild>
                  <button
                    type="button"
                    className={`team-rail__team${active ? ' team-rail__team--active' : ''}${unread && unread.msgCount > 0 ? ' team-rail__team--unread' : ''}`}
                    aria-current={active ? 'page' : undefined}
                    aria-label={team.display_name}
                    onClick={() => !active && void dispatch(selectTeam(id))}
                  >
                    {initials(team.display_name)}
                    {unread && unread.mentionCount > 0 && <span className="badge badge--corner">{unread.mentionCount}</span>}
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
