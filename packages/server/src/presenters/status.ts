import type { Status } from '../store/store.js';

/** `manual` is a boolean and `dnd_end_time` is in seconds, as Mattermost sends them. */
export function presentStatus(s: Status) {
  return { user_id: s.user_id, status: s.status, manual: s.manual, last_activity_at: s.last_activity_at, dnd_end_time: s.dnd_end_time };
}
