import { useEffect, useState, type FormEvent } from 'react';
import type { Team } from '@mattermost/types/teams';
import { useAppDispatch } from '../store/hooks';
import { createTeam, joinTeam, listJoinableTeams } from '../store/team-thunks';
import { toSlug } from '../app/slug';
import { useErrorText, useT } from '../i18n/use-t';

/** Join an open team or create one: the team picker page and the "add team" dialog. */
export function TeamChooser({ onDone }: { onDone?: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const dispatch = useAppDispatch();
  const [joinable, setJoinable] = useState<Team[] | null>(null);
  const [displayName, setDisplayName] = useState('');
  const [open, setOpen] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void dispatch(listJoinableTeams()).then((teams) => live && setJoinable(teams));
    return () => {
      live = false;
    };
  }, [dispatch]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone?.();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const name = displayName.trim();
    if (!name) return;
    void run(() => dispatch(createTeam({ displayName: name, name: toSlug(name, 'team'), open })));
  }

  return (
    <div className="team-chooser">
      {joinable && joinable.length > 0 && (
        <section className="team-chooser__section">
          <h2 className="section-title">{t('teams.join.title')}</h2>
          <ul className="list">
            {joinable.map((team) => (
              <li key={team.id} className="list__row">
                <span className="team-icon" aria-hidden="true">
                  {team.display_name.slice(0, 2)}
                </span>
                <span className="list__main">
                  <span className="list__title">{team.display_name}</span>
                  {team.description && <span className="list__sub">{team.description}</span>}
                </span>
                <button type="button" className="button" disabled={busy} onClick={() => void run(() => dispatch(joinTeam(team.id)))}>
                  {t('teams.join.button')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="team-chooser__section">
        <h2 className="section-title">{t('teams.create.title')}</h2>
        <form className="form" onSubmit={submit}>
          <label className="field">
            <span className="field__label">{t('teams.create.name')}</span>
            <input className="input" name="teamName" required maxLength={64} value={displayName} placeholder={t('teams.create.placeholder')} onChange={(e) => setDisplayName(e.target.value)} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} />
            <span>{t('teams.create.open')}</span>
          </label>
          {error && (
            <p className="form__error" role="alert">
              {error}
            </p>
          )}
          <button className="button button--primary" type="submit" disabled={busy || displayName.trim() === ''}>
            {t('teams.create.submit')}
          </button>
        </form>
      </section>
    </div>
  );
}
