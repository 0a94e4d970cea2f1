import { useEffect, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import { useT } from '../../i18n/use-t';
import { ConfirmDialog } from '../ConfirmDialog';
import { Feedback } from './Feedback';
import { ConsoleTable } from './ConsoleTable';
import { useAction, useClientRequest } from './use-console';

const PER_PAGE = 200;

/** Every team with its member count; archive (Mattermost's soft delete) and restore. */
export function TeamsPanel() {
  const t = useT();
  const request = useClientRequest();
  const action = useAction();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [total, setTotal] = useState(0);
  const [members, setMembers] = useState<Record<string, number>>({});
  const [archiving, setArchiving] = useState<Team | null>(null);

  useEffect(() => {
    let live = true;
    request((c) => c.getTeams(0, PER_PAGE, true)).then(
      (answer) => {
        if (!live) return;
        const list = Array.isArray(answer) ? answer : answer.teams;
        setTeams(list);
        setTotal(Array.isArray(answer) ? list.length : answer.total_count);
        for (const team of list) {
          request((c) => c.getTeamStats(team.id)).then(
            (stats) => live && setMembers((m) => ({ ...m, [team.id]: stats.active_member_count })),
            () => {},
          );
        }
      },
      () => live && setTeams([]),
    );
    return () => {
      live = false;
    };
  }, [request]);

  const update = (id: string, patch: Partial<Team>) => setTeams((old) => old?.map((x) => (x.id === id ? { ...x, ...patch } : x)) ?? old);
  // An archived team leaves the server's list; it stays in this one, marked, so it can be restored.
  const archive = (team: Team) =>
    action.run(async () => {
      await request((c) => c.deleteTeam(team.id));
      update(team.id, { delete_at: Date.now() });
    }, t('console.teams.archived', { name: team.display_name }));
  const restore = (team: Team) =>
    action.run(async () => {
      const fresh = await request((c) => c.unarchiveTeam(team.id));
      update(team.id, { ...fresh, delete_at: 0 });
    }, t('console.teams.restored', { name: team.display_name }));

  return (
    <section className="console__panel">
      <p className="muted">{t('console.teams.count', { count: total })}</p>
      <Feedback status={action.status} error={action.error} />
      <ConsoleTable
        columns={[
          { label: t('console.teams.team') },
          { label: t('console.teams.members') },
          { label: t('console.teams.access') },
          { label: t('console.users.status') },
          { label: t('console.actions'), hidden: true },
        ]}
        rows={teams}
        empty={t('console.teams.none')}
        rowKey={(team) => team.id}
        cells={(team) => {
          const archived = team.delete_at > 0;
          return (
            <>
              <td>
                <span className="console-table__name">{team.display_name}</span>
                <span className="console-table__sub">{team.name}</span>
              </td>
              <td>{members[team.id] ?? '…'}</td>
              <td>{t('console.teams.open', { open: team.allow_open_invite ? 'yes' : 'no' })}</td>
              <td>
                <span className={`console-state${archived ? ' console-state--off' : ''}`}>{t('console.archivedState', { archived: archived ? 'yes' : 'no' })}</span>
              </td>
              <td className="console-table__actions">
                {archived ? (
                  <button type="button" className="button button--small" disabled={action.busy} onClick={() => void restore(team)}>
                    {t('console.restore')}
                  </button>
                ) : (
                  <button type="button" className="button button--small" disabled={action.busy} aria-label={t('console.teams.archiveNamed', { name: team.display_name })} onClick={() => setArchiving(team)}>
                    {t('console.archive')}
                  </button>
                )}
              </td>
            </>
          );
        }}
      />
      <ConfirmDialog
        open={archiving !== null}
        title={t('console.archive')}
        message={archiving ? t('console.teams.archiveConfirm', { name: archiving.display_name }) : ''}
        confirmLabel={t('console.archive')}
        onConfirm={() => archiving && void archive(archiving)}
        onClose={() => setArchiving(null)}
      />
    </section>
  );
}
