// The system console asks the server directly and keeps what it shows in its own screens' state: admin
// lists are not part of the chat model and must not leak into it.
import type { Client } from '../api/services';
import type { AppThunk } from './store';

/** One Client4 request as a thunk, so console screens use the store's client (a fake in tests). */
export const withClient =
  <R>(request: (client: Client) => Promise<R>): AppThunk<Promise<R>> =>
  (_dispatch, _getState, { client }) =>
    request(client);

/**
 * Moves a channel to another team (POST /channels/{id}/move, Mattermost's route). Client4 has no method
 * for it, so the request is made with Client4's own options (session cookie, CSRF header) and its errors
 * are shaped like a ClientError for the error texts.
 */
export async function moveChannel(client: Client, channelId: string, teamId: string): Promise<void> {
  const res = await fetch(`${client.getChannelRoute(channelId)}/move`, client.getOptions({ method: 'post', body: JSON.stringify({ team_id: teamId, force: false }) }) as RequestInit);
  if (res.ok) return;
  const body = (await res.json().catch(() => ({}))) as { id?: unknown; message?: unknown };
  throw { status_code: res.status, server_error_id: typeof body.id === 'string' ? body.id : '', message: typeof body.message === 'string' ? body.message : res.statusText };
}
