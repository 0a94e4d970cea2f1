import type { Services } from '../api/services';
import type { AppThunk } from './store';
import { statusesReceived, usersReceived } from './users-slice';

// Ids asked for but not yet answered, per client: a burst of events about one stranger makes one request.
const inFlight = new WeakMap<Services, Set<string>>();

export const ensureProfiles =
  (ids: readonly string[]): AppThunk<Promise<void>> =>
  async (dispatch, getState, services) => {
    const asked = inFlight.get(services) ?? new Set<string>();
    inFlight.set(services, asked);
    const known = getState().users.byId;
    const missing = [...new Set(ids)].filter((id) => id && !known[id] && !asked.has(id));
    if (missing.length === 0) return;
    for (const id of missing) asked.add(id);
    try {
      dispatch(usersReceived(await services.client.getProfilesByIds(missing)));
    } catch {
      // Names show as "…" until the next attempt; nothing else depends on them.
    } finally {
      for (const id of missing) asked.delete(id);
    }
  };

export const loadStatuses =
  (ids: readonly string[]): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    if (ids.length === 0) return;
    try {
      dispatch(statusesReceived(await client.getStatusesByIds([...new Set(ids)])));
    } catch {
      // Presence is decoration.
    }
  };
