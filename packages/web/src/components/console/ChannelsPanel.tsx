import { useEffect, useState, type FormEvent } from 'react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { ChannelWithTeamData } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { moveChannel } from '../../store/console-actions';
import { useT } from '../../i18n/use-t';
import { ConfirmDialog } from '../ConfirmDialog';
import { Modal } from '../Modal';
import { DotsIcon, SearchIcon } from '../Icons';
import { Feedback } from './Feedback';
import { ConsoleTable } from './ConsoleTable';
import { useAction, useClientRequest } from './use-console';

const PER_PAGE = 100;

type Pending = { kind: 'archive' | 'move'; channel: ChannelWithTeamData } | null;

/** Public and private channels of every team: privacy, archive and restore, and moving to another team. */
export function ChannelsPanel() {
  const t = useT();
  const request = useClientRequest();
  const action = useAction();
  const [channels, setChannels] = useState<ChannelWithTeamData[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [filter, setFilter] = useState('');
  const [pending, setPending] = useState<Pending>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    request((c) => c.getAllChannels(0, PER_PAGE, undefined, false, true, true, undefined, undefined, undefined)).then(
      (answer) => {
        if (!live) return;
        setChannels(answer.channels);
        setTotal(answer.total_count);
        setPage(0);
      },
      () => live && setChannels([]),
    );
    return () => {
      live = false;
    };
  }, [request, reload]);

  async function loadMore() {
    const next = page + 1;
    await action.run(async () => {
      const answer = await request((c) => c.getAllChannels(next, PER_PAGE, undefined, false, true, true, undefined, undefined, undefined));
      setChannels((old) => [...(old ?? []), ...answer.channels.filter((ch) => !old?.some((o) => o.id === ch.id))]);
      setPage(next);
    });
  }

  const update = (fresh: Partial<ChannelWithTeamData> & { id: string }) => setChannels((old) => old?.map((c) => (c.id === fresh.id ? { ...c, ...fresh } : c)) ?? old);
  const setPrivacy = (ch: ChannelWithTeamData) =>
    action.run(async () => {
      const fresh = await request((c) => c.updateChannelPrivacy(ch.id, ch.type === 'O' ? 'P' : 'O'));
      update({ id: ch.id, type: fresh.type });
    }, t('console.channels.privacyChanged', { name: ch.display_name }));
  const archive = (ch: ChannelWithTeamData) =>
    action.run(async () => {
      await request((c) => c.deleteChannel(ch.id));
      update({ id: ch.id, delete_at: Date.now() });
    }, t('console.channels.archived', { name: ch.display_name }));
  const unarchive = (ch: ChannelWithTeamData) =>
    action.run(async () => {
      await request((c) => c.unarchiveChannel(ch.id));
      update({ id: ch.id, delete_at: 0 });
    }, t('console.channels.restored', { name: ch.display_name }));

  const q = filter.trim().toLowerCase();
  const shown = (channels ?? []).filter((c) => !q || c.display_name.toLowerCase().includes(q) || c.name.includes(q) || (c.team_display_name ?? '').toLowerCase().includes(q));

  return (
    <section className="console__panel">
      <div className="console__toolbar">
        <label className="search-field console__search">
          <SearchIcon size={16} />
          <input className="input input--bare" type="search" value={filter} placeholder={t('console.channels.filter')} aria-label={t('console.channels.filter')} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <p className="muted">{t('console.channels.count', { count: total })}</p>
      </div>
      <Feedback status={action.status} error={action.error} />
      <ConsoleTable
        columns={[
          { label: t('console.channels.channel') },
          { label: t('console.teams.team') },
          { label: t('console.channels.privacy') },
          { label: t('console.users.status') },
          { label: t('console.actions'), hidden: true },
        ]}
        rows={channels === null ? null : shown}
        empty={t('console.channels.none')}
        rowKey={(ch) => ch.id}
        cells={(ch) => {
          const archived = ch.delete_at > 0;
          return (
            <>
              <td>
                <span className="console-table__name">{ch.display_name}</span>
                <span className="console-table__sub">{ch.name}</span>
              </td>
              <td>{ch.team_display_name}</td>
              <td>{t('console.channels.type', { type: ch.type === 'P' ? 'private' : 'public' })}</td>
              <td>
                <span className={`console-state${archived ? ' console-state--off' : ''}`}>{t('console.archivedState', { archived: archived ? 'yes' : 'no' })}</span>
              </td>
              <td className="console-table__actions">
                <DropdownMenu.Root>
                  <DropdownMenu.Trigger className="icon-button" aria-label={t('console.channels.actionsFor', { name: ch.display_name, team: ch.team_display_name })} disabled={action.busy}>
                    <DotsIcon size={18} />
                  </DropdownMenu.Trigger>
                  <DropdownMenu.Portal>
                    <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
                      {archived ? (
                        <DropdownMenu.Item className="menu__item" onSelect={() => void unarchive(ch)}>
                          {t('console.restore')}
                        </DropdownMenu.Item>
                      ) : (
                        <>
                          <DropdownMenu.Item className="menu__item" onSelect={() => void setPrivacy(ch)}>
                            {t('console.channels.convert', { type: ch.type === 'P' ? 'public' : 'private' })}
                          </DropdownMenu.Item>
                          <DropdownMenu.Item className="menu__item" onSelect={() => setPending({ kind: 'move', channel: ch })}>
                            {t('console.channels.move')}
                          </DropdownMenu.Item>
                          <DropdownMenu.Item className="menu__item menu__item--danger" onSelect={() => setPending({ kind: 'archive', channel: ch })}>
                            {t('console.archive')}
                          </DropdownMenu.Item>
                        </>
                      )}
                    </DropdownMenu.Content>
                  </DropdownMenu.Portal>
                </DropdownMenu.Root>
              </td>
            </>
          );
        }}
      />
      {channels !== null && channels.length < total && (
        <button type="button" className="button console__more" disabled={action.busy} onClick={() => void loadMore()}>
          {t('console.more')}
        </button>
      )}
      <ConfirmDialog
        open={pending?.kind === 'archive'}
        title={t('console.archive')}
        message={pending ? t('console.channels.archiveConfirm', { name: pending.channel.display_name }) : ''}
        confirmLabel={t('console.archive')}
        onConfirm={() => pending && void archive(pending.channel)}
        onClose={() => setPending(null)}
      />
      <Modal open={pending?.kind === 'move'} onClose={() => setPending(null)} title={t('console.channels.move')}>
        {pending?.kind === 'move' && (
          <MoveForm
            channel={pending.channel}
            onMoved={(team) => {
              setPending(null);
              action.clear();
              update({ id: pending.channel.id, team_id: team.id, team_display_name: team.display_name, team_name: team.name });
              setReload((n) => n + 1);
            }}
            onCancel={() => setPending(null)}
          />
        )}
      </Modal>
    </section>
  );
}

function MoveForm({ channel, onMoved, onCancel }: { channel: ChannelWithTeamData; onMoved: (team: Team) => void; onCancel: () => void }) {
  const t = useT();
  const request = useClientRequest();
  const action = useAction();
  const [teams, setTeams] = useState<Team[]>([]);
  const [teamId, setTeamId] = useState('');

  useEffect(() => {
    let live = true;
    request((c) => c.getTeams(0, 200, false)).then(
      (answer) => {
        if (!live) return;
        const others = (Array.isArray(answer) ? answer : answer.teams).filter((x) => x.id !== channel.team_id && !x.delete_at);
        setTeams(others);
        setTeamId(others[0]?.id ?? '');
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [request, channel.team_id]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const team = teams.find((x) => x.id === teamId);
    if (team && (await action.run(() => request((c) => moveChannel(c, channel.id, team.id))))) onMoved(team);
  }

  return (
    <form className="form" onSubmit={submit}>
      <p>{t('console.channels.moveHint', { name: channel.display_name })}</p>
      <label className="field">
        <span className="field__label">{t('console.channels.toTeam')}</span>
        <select className="input" value={teamId} onChange={(e) => setTeamId(e.target.value)} disabled={teams.length === 0}>
          {teams.map((x) => (
            <option key={x.id} value={x.id}>
              {x.display_name}
            </option>
          ))}
        </select>
      </label>
      <Feedback status="" error={action.error} />
      <div className="modal__actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={action.busy || !teamId}>
          {t('console.channels.move')}
        </button>
      </div>
    </form>
  );
}
