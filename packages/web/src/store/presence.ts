// Presence dots for the people on screen. Mattermost sends `status_change` only to the user it is about, so
// other people's statuses are fetched: in one getStatusesByIds request for everyone who appeared in the
// same moment, and again for those still on screen once a minute (never more often).
import type { Services } from '../api/services';
import type { AppThunk } from './store';
import { statusesReceived } from './users-slice';

/** How long a fetched status counts as current, and how often the people on screen are refreshed. */
export const STATUS_REFRESH_MS = 60_000;
/** People appearing within this window share a request. */
export const STATUS_BATCH_MS = 50;
/** The server takes at most this many ids per request. */
const MAX_IDS = 200;

interface Tracker {
  /** How many things on screen show each user's presence. */
  watching: Map<string, number>;
  fetchedAt: Map<string, number>;
  queued: Set<string>;
  flushArmed: boolean;
  refreshArmed: boolean;
}

const trackers = new WeakMap<Services, Tracker>();

function trackerOf(services: Services): Tracker {
  let t = trackers.get(services);
  if (!t) {
    t = { watching: new Map(), fetchedAt: new Map(), queued: new Set(), flushArmed: false, refreshArmed: false };
    trackers.set(services, t);
  }
  return t;
}

function stale(t: Tracker, id: string, now: number): boolean {
  const at = t.fetchedAt.get(id);
  return at === undefined || now - at >= STATUS_REFRESH_MS;
}

const flush = (): AppThunk<Promise<void>> => async (dispatch, getState, services) => {
  const t = trackerOf(services);
  t.flushArmed = false;
  const ids = [...t.queued];
  t.queued.clear();
  if (ids.length === 0 || getState().session.phase !== 'signed-in') return;
  const at = services.now();
  for (const id of ids) t.fetchedAt.set(id, at);
  for (let i = 0; i < ids.length; i += MAX_IDS) {
    const chunk = ids.slice(i, i + MAX_IDS);
    try {
      const statuses = await services.client.getStatusesByIds(chunk);
      const answered = new Set(statuses.map((s) => s.user_id));
      // Someone the server has no status for has never connected: offline.
      dispatch(statusesReceived([...statuses.map((s) => ({ user_id: s.user_id, status: s.status })), ...chunk.filter((id) => !answered.has(id)).map((id) => ({ user_id: id, status: 'offline' }))]));
    } catch {
      // Presence is decoration; try again on the next refresh.
      for (const id of chunk) t.fetchedAt.delete(id);
    }
  }
};

function queue(t: Tracker, id: string): AppThunk {
  return (dispatch, _getState, services) => {
    t.queued.add(id);
    if (t.flushArmed) return;
    t.flushArmed = true;
    services.setTimer(() => void dispatch(flush()), STATUS_BATCH_MS);
  };
}

const refresh = (): AppThunk => (dispatch, getState, services) => {
  const t = trackerOf(services);
  t.refreshArmed = false;
  if (getState().session.phase !== 'signed-in') return;
  const now = services.now();
  for (const [id, n] of t.watching) if (n > 0 && stale(t, id, now)) dispatch(queue(t, id));
  if (t.watching.size > 0) dispatch(armRefresh());
};

const armRefresh = (): AppThunk => (dispatch, _getState, services) => {
  const t = trackerOf(services);
  if (t.refreshArmed) return;
  t.refreshArmed = true;
  services.setTimer(() => dispatch(refresh()), STATUS_REFRESH_MS);
};

/** Something on screen shows this user's presence; call the returned function when it goes. */
export const watchStatus =
  (userId: string): AppThunk<() => void> =>
  (dispatch, _getState, services) => {
    const t = trackerOf(services);
    if (!userId) return () => {};
    t.watching.set(userId, (t.watching.get(userId) ?? 0) + 1);
    if (stale(t, userId, services.now()) && !t.queued.has(userId)) dispatch(queue(t, userId));
    dispatch(armRefresh());
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (t.watching.get(userId) ?? 1) - 1;
      if (n > 0) t.watching.set(userId, n);
      else t.watching.delete(userId);
    };
  };

/** A status the client learned otherwise (status_change, a user's own choice) is as good as a fetched one. */
export const statusKnown =
  (userId: string): AppThunk =>
  (_dispatch, _getState, services) => {
    trackerOf(services).fetchedAt.set(userId, services.now());
  };
