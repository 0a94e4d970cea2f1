// Drafts: what was typed and not sent, per channel and thread. Kept in the store at once; written to the
// server (Mattermost's drafts API) a moment after typing stops, when the server syncs drafts, so they
// survive a reload and follow the user to other devices.
import type { Draft } from '@mattermost/types/drafts';
import type { Services } from '../api/services';
import type { AppThunk } from './store';
import { draftChanged, draftKey, draftsLoaded } from './drafts-slice';
import { selectMyId } from './selectors';

/** Typing pauses this long before the draft is written to the server. */
export const DRAFT_SAVE_DELAY_MS = 800;

// The latest change per draft, per client: a timer that fires after a newer change does nothing.
const generations = new WeakMap<Services, Map<string, number>>();

export const saveDraft =
  (channelId: string, rootId: string, message: string, opts: { sync?: boolean } = {}): AppThunk =>
  (dispatch, getState, services) => {
    dispatch(draftChanged({ channelId, rootId, message }));
    const state = getState();
    if (!state.session.syncedDrafts || opts.sync === false) return;
    const key = draftKey(channelId, rootId);
    const gens = generations.get(services) ?? new Map<string, number>();
    generations.set(services, gens);
    const gen = (gens.get(key) ?? 0) + 1;
    gens.set(key, gen);
    services.setTimer(() => {
      if (gens.get(key) !== gen) return;
      const s = getState();
      const text = s.drafts.byKey[key] ?? '';
      const connectionId = s.session.connectionId;
      const write =
        text === ''
          ? services.client.deleteDraft(channelId, rootId, connectionId)
          : services.client.upsertDraft({ user_id: selectMyId(s), channel_id: channelId, root_id: rootId, message: text, create_at: 0, update_at: services.now(), delete_at: 0, file_ids: [], props: {} } as Draft, connectionId);
      write.catch(() => {
        // The draft is still here; the next change writes it again.
      });
    }, DRAFT_SAVE_DELAY_MS);
  };

/** The drafts the server keeps for this team's channels (and the user's DMs and GMs). */
export const loadDrafts =
  (teamId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    if (!getState().session.syncedDrafts) return;
    try {
      const list = await client.getUserDrafts(teamId);
      dispatch(draftsLoaded((Array.isArray(list) ? list : []).map((d) => ({ channelId: d.channel_id, rootId: d.root_id ?? '', message: d.message ?? '' }))));
    } catch {
      // Drafts typed on other devices just do not show here.
    }
  };
