// Preferences: a user's own key/value settings (theme, DM visibility, saved posts …).
import { badRequest } from '../platform/errors.js';
import { makeEvent } from '../events/event.js';
import type { Preference } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import type { AuthSession } from './session.js';

function validate(userId: string, prefs: readonly Preference[]): void {
  if (prefs.length === 0 || prefs.length > 100) {
    throw badRequest('api.preference.update_preferences.set.app_error', 'Unable to set preferences: between 1 and 100 preferences are required.');
  }
  for (const p of prefs) {
    if (p.user_id !== userId) {
      throw badRequest('api.preference.update_preferences.set_details.app_error', 'Unable to set preferences for another user.');
    }
    if (!p.category || p.category.length > 32 || !p.name || p.name.length > 32 || typeof p.value !== 'string') {
      throw badRequest('model.preference.is_valid.category.app_error', 'Invalid preference: category and name must be 1 to 32 characters, value a string.');
    }
    if (p.value.length > 2000 && p.category !== 'theme') {
      throw badRequest('model.preference.is_valid.value.app_error', 'Value is too long.');
    }
  }
}

export class PreferenceService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  async getPreferences(session: AuthSession, userId: string, category?: string, name?: string): Promise<Preference[]> {
    this.app.authz.requireSelfOr(session, userId);
    return this.ctx.store.preferences.getForUser(userId, category, name);
  }

  async updatePreferences(session: AuthSession, userId: string, prefs: readonly Preference[]): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    validate(userId, prefs);
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.preferences.save(prefs);
      emit(makeEvent('preferences_changed', { preferences: JSON.stringify(prefs) }, { userId }));
    });
  }

  async deletePreferences(session: AuthSession, userId: string, prefs: readonly Preference[]): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    validate(userId, prefs);
    await inTransaction(this.ctx, async (tx, emit) => {
      for (const p of prefs) await tx.preferences.delete(userId, p.category, p.name);
      emit(makeEvent('preferences_deleted', { preferences: JSON.stringify(prefs) }, { userId }));
    });
  }
}
