// The site configuration as an administrator sees it: Mattermost's GET/PUT /config, /config/patch,
// /config/reload and /config/environment. Precedence: defaults < saved configuration < environment.
// A save stores the whole document as the new active `configurations` row, applies it to the running
// settings object in place (every reader sees it at once; App rebuilds what was built from settings), and
// tells every node (`config_saved`, internal) and every client (`config_changed`).
import type { Settings } from '../config/config.js';
import {
  applyMattermostConfig,
  environmentShape,
  mergeConfig,
  SETTINGS_MAP,
  startupConfig,
  toMattermostConfig,
  type MattermostConfig,
} from '../config/mattermost-shape.js';
import { makeEvent } from '../events/event.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import type { AuthSession } from './session.js';

export class ConfigAdminService {
  /** The settings before any saved configuration: defaults, then the environment. */
  private readonly base: Settings;
  private readonly locked: ReadonlySet<keyof Settings>;
  /** Saves on this node run one at a time, so two patches cannot each start from the same settings. */
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {
    this.base = { ...ctx.config.settings };
    this.locked = new Set(ctx.config.lockedSettings ?? []);
  }

  /** GET /config: the effective settings, secrets masked. */
  getConfig(session: AuthSession): MattermostConfig {
    this.app.authz.requireSystem(session, 'manage_system');
    return this.effective();
  }

  /**
   * GET /config/environment: the keys the environment sets, `{Section: {Key: true}}`, including those fixed
   * at start (site URL, file storage).
   */
  getEnvironmentConfig(session: AuthSession): MattermostConfig {
    this.app.authz.requireSystem(session, 'manage_system');
    const fixed = startupConfig(this.ctx.config);
    for (const section of Object.values(fixed)) for (const key of Object.keys(section)) section[key] = true;
    return mergeConfig(environmentShape(this.locked), fixed);
  }

  private effective(): MattermostConfig {
    return mergeConfig(toMattermostConfig(this.ctx.config.settings, { maskSecrets: true }), startupConfig(this.ctx.config, { maskSecrets: true }));
  }

  /**
   * PUT /config (whole: keys left out return to their defaults, as Mattermost fills a partial document with
   * defaults) or PUT /config/patch (only the keys given change). Invalid input is refused with nothing
   * changed; environment-set keys keep their value. Returns the new effective config, secrets masked.
   */
  async saveConfig(session: AuthSession, doc: unknown, mode: 'update' | 'patch'): Promise<MattermostConfig> {
    this.app.authz.requireSystem(session, 'manage_system');
    const run = this.saving.then(() => this.save(doc, mode));
    this.saving = run.catch(() => {});
    return run;
  }

  private async save(doc: unknown, mode: 'update' | 'patch'): Promise<MattermostConfig> {
    const current = this.ctx.config.settings;
    const result = applyMattermostConfig(mode === 'patch' ? current : this.base, doc, this.locked, current);
    if ('problem' in result) throw new AppError(result.problem.id, result.problem.message, 400);
    const id = newId();
    await this.ctx.store.transaction(async (tx) => {
      const previous = await tx.configurations.getActive();
      const stored = this.storedDocument(result.settings, previous ? parseDocument(previous.value) : null);
      await tx.configurations.save({ id, value: JSON.stringify(stored), create_at: this.ctx.clock.now() });
    });
    this.apply(result.settings);
    await this.announce(id);
    return this.effective();
  }

  /** POST /config/reload: re-reads the saved configuration on every node. */
  async reloadConfig(session: AuthSession): Promise<void> {
    this.app.authz.requireSystem(session, 'reload_config');
    await this.loadSaved();
    const saved = await this.ctx.store.configurations.getActive();
    await this.announce(saved?.id ?? '');
  }

  /**
   * Applies the active saved configuration (start-up, and on `config_saved` from any node). A document that
   * no longer validates (e.g. written by a newer version) is logged and left out, never half-applied.
   */
  async loadSaved(): Promise<void> {
    const saved = await this.ctx.store.configurations.getActive();
    if (!saved) return;
    const doc = parseDocument(saved.value);
    const result = applyMattermostConfig(this.base, doc ?? {}, this.locked);
    if (!doc || 'problem' in result) {
      this.ctx.log.warn({ config_id: saved.id, problem: doc && 'problem' in result ? result.problem.message : 'not JSON' }, 'the saved configuration is invalid; keeping the current settings');
      return;
    }
    this.apply(result.settings);
  }

  /**
   * What is stored: every key of the new settings, except that environment-set keys keep what was saved
   * before (or stay out), so that the saved value returns if the environment variable is removed.
   */
  private storedDocument(next: Settings, previous: MattermostConfig | null): MattermostConfig {
    const doc = toMattermostConfig(next);
    for (const spec of SETTINGS_MAP) {
      if (!this.locked.has(spec.field)) continue;
      const before = previous?.[spec.section]?.[spec.key];
      const section = doc[spec.section]!;
      if (before === undefined) delete section[spec.key];
      else section[spec.key] = before;
    }
    return doc;
  }

  /** In place, so every holder of ctx.config.settings sees the new values. */
  private apply(next: Settings): void {
    const settings = this.ctx.config.settings;
    const changed = (Object.keys(next) as Array<keyof Settings>).filter((k) => settings[k] !== next[k]);
    if (changed.length === 0) return;
    Object.assign(settings, next);
    this.ctx.log.info({ settings: changed }, 'configuration applied');
    this.app.settingsChanged(changed);
  }

  private async announce(id: string): Promise<void> {
    // config_saved first: each node's hub applies it before it delivers config_changed to its sockets.
    await this.ctx.bus.publish(makeEvent('config_saved', { id }, { all: true }));
    await this.ctx.bus.publish(makeEvent('config_changed', { config: this.app.system.clientConfig() }, { all: true }));
  }
}

function parseDocument(text: string): MattermostConfig | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as MattermostConfig) : null;
  } catch {
    return null;
  }
}
