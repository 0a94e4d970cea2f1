import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { AdminConfig } from '@mattermost/types/config';
import { useAppDispatch, useAppSelector } from '../../store/hooks';
import { configLoaded } from '../../store/session-slice';
import { changedCount, configGroups, configPatch, initialDraft, invalidFields, type ConfigDocument, type ConfigField, type Draft, type EnvironmentDocument } from '../../store/console-config';
import { useErrorText, useT } from '../../i18n/use-t';
import { SearchIcon } from '../Icons';
import { Feedback } from './Feedback';
import { useAction, useClientRequest } from './use-console';

interface Loaded {
  config: ConfigDocument;
  env: EnvironmentDocument | null;
}

/**
 * The server's settings (GET /config) as a form in Mattermost's sections. Only what the server returned is
 * shown; settings its environment sets are shown disabled; saving sends only the changes (PUT
 * /config/patch) and shows the server's answer, including why it refused.
 */
export function ConfigPanel() {
  const errorText = useErrorText();
  const request = useClientRequest();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState('');
  const action = useAction();

  useEffect(() => {
    let live = true;
    Promise.all([
      request((c) => c.getConfig()),
      // A server without environment overrides (or without the route) locks nothing.
      request((c) => c.getEnvironmentConfig()).catch(() => null),
    ]).then(
      ([config, env]) => live && setLoaded({ config: config as unknown as ConfigDocument, env: env as unknown as EnvironmentDocument | null }),
      (err: unknown) => live && setLoadError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [request, errorText]);

  if (loadError) return <Feedback status="" error={loadError} />;
  if (!loaded) return <span className="spinner" />;
  return <ConfigForm loaded={loaded} onSaved={(config) => setLoaded({ ...loaded, config })} action={action} />;
}

function ConfigForm({ loaded, onSaved, action }: { loaded: Loaded; onSaved: (config: ConfigDocument) => void; action: ReturnType<typeof useAction> }) {
  const t = useT();
  const dispatch = useAppDispatch();
  const session = useAppSelector((s) => s.session);
  const request = useClientRequest();
  const groups = useMemo(() => configGroups(loaded.config, loaded.env), [loaded]);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(loaded.config, groups));
  const [filter, setFilter] = useState('');
  const patch = configPatch(loaded.config, groups, draft);
  const changes = changedCount(patch);
  const invalid = new Set(invalidFields(groups, draft).map((f) => `${f.section}.${f.key}`));

  const set = (f: ConfigField, value: string | boolean) => {
    action.clear();
    setDraft((d) => ({ ...d, [f.section]: { ...d[f.section], [f.key]: value } }));
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    let saved: ConfigDocument | null = null;
    const ok = await action.run(async () => {
      saved = (await request((c) => c.patchConfig(patch as Partial<AdminConfig>))) as unknown as ConfigDocument;
    }, t('console.config.saved'));
    if (!ok || !saved) return;
    const fresh: ConfigDocument = saved;
    setDraft(initialDraft(fresh, configGroups(fresh, loaded.env)));
    onSaved(fresh);
    // The site name shows in titles and on the sign-in screen; the rest of the UI reads the client config at sign-in.
    const siteName = (fresh.TeamSettings as { SiteName?: unknown } | undefined)?.SiteName;
    if (typeof siteName === 'string' && siteName) dispatch(configLoaded({ noAccounts: session.noAccounts, openServer: session.openServer, siteName }));
  }

  const q = filter.trim().toLowerCase();
  const shown = groups.map((g) => ({ ...g, fields: g.fields.filter((f) => !q || f.key.toLowerCase().includes(q) || g.section.toLowerCase().includes(q)) })).filter((g) => g.fields.length > 0);

  return (
    <form className="console__panel console-config" onSubmit={save}>
      <div className="console__toolbar console__toolbar--sticky">
        <label className="search-field console__search">
          <SearchIcon size={16} />
          <input className="input input--bare" type="search" value={filter} placeholder={t('console.config.filter')} aria-label={t('console.config.filter')} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <span className="muted">{t('console.config.changes', { count: changes })}</span>
        <button type="submit" className="button button--primary" disabled={action.busy || changes === 0 || invalid.size > 0}>
          {t('common.save')}
        </button>
      </div>
      <Feedback status={action.status} error={action.error} />
      {shown.map((g) => (
        <fieldset key={g.section} className="settings__section console-config__section">
          <legend className="settings__legend">
            {t('console.config.sectionName', { section: g.section })} <span className="console-table__sub">{g.section}</span>
          </legend>
          {g.fields.map((f) => (
            <Field key={f.key} field={f} value={draft[f.section]?.[f.key] ?? ''} invalid={invalid.has(`${f.section}.${f.key}`)} onChange={(v) => set(f, v)} />
          ))}
        </fieldset>
      ))}
    </form>
  );
}

function Field({ field, value, invalid, onChange }: { field: ConfigField; value: string | boolean; invalid: boolean; onChange: (v: string | boolean) => void }) {
  const t = useT();
  const id = `config-${field.section}-${field.key}`;
  const hints = [field.locked ? `${id}-locked` : '', invalid ? `${id}-invalid` : '', field.kind === 'list' ? `${id}-list` : ''].filter(Boolean).join(' ') || undefined;
  const notes = (
    <>
      {field.locked && (
        <span className="field__hint" id={`${id}-locked`}>
          {t('console.config.locked')}
        </span>
      )}
      {invalid && (
        <span className="form__error" id={`${id}-invalid`}>
          {t('console.config.notNumber')}
        </span>
      )}
      {field.kind === 'list' && (
        <span className="field__hint" id={`${id}-list`}>
          {t('console.config.listHint')}
        </span>
      )}
    </>
  );
  if (field.kind === 'boolean') {
    return (
      <div className="console-config__field">
        <label className="radio">
          <input type="checkbox" id={id} checked={value === true} disabled={field.locked} aria-describedby={hints} onChange={(e) => onChange(e.target.checked)} />
          <span>{field.key}</span>
        </label>
        {notes}
      </div>
    );
  }
  return (
    <div className="console-config__field field">
      <label className="field__label" htmlFor={id}>
        {field.key}
      </label>
      <input
        className="input"
        id={id}
        inputMode={field.kind === 'number' ? 'numeric' : undefined}
        value={String(value)}
        disabled={field.locked}
        aria-invalid={invalid || undefined}
        aria-describedby={hints}
        onChange={(e) => onChange(e.target.value)}
      />
      {notes}
    </div>
  );
}
