import type { Services } from '../api/services';
import type { AppThunk } from './store';
import { usersReceived } from './users-slice';

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

// Usernames asked for but not yet answered, per client.
const namesInFlight = new WeakMap<Services, Set<string>>();

/** Profiles by username (group messages are named after their members' usernames). */
export const ensureProfilesByUsername =
  (usernames: readonly string[]): AppThunk<Promise<void>> =>
  async (dispatch, getState, services) => {
    const asked = namesInFlight.get(services) ?? new Set<string>();
    namesInFlight.set(services, asked);
    const known = new Set(Object.values(getState().users.byId).map((u) => u.username));
    const missing = [...new Set(usernames)].filter((n) => n && !known.has(n) && !asked.has(n));
    if (missing.length === 0) return;
    for (const n of missing) asked.add(n);
    try {
      dispatch(usersReceived(await services.client.getProfilesByUsernames(missing)));
    } catch {
      // Shown by username until the next attempt.
    } finally {
      for (const n of missing) asked.delete(n);
    }
  };
