// Suggestions for the message box: people (in the channel first, then the rest of the team, and Mattermost's
// @here / @channel / @all), channels of the team, and emoji by name.
import type { AppThunk } from './store';
import type { Trigger } from '../app/autocomplete';
import { usersReceived } from './users-slice';
import { selectMyId, selectNameFormat, userDisplayName, userFullName } from './selectors';
import { emojiFor, findEmoji } from '../markdown/emoji';

export type Suggestion =
  | { kind: 'user'; key: string; userId: string; username: string; fullName: string; completion: string; outOfChannel: boolean }
  | { kind: 'special'; key: string; name: 'here' | 'channel' | 'all'; completion: string }
  | { kind: 'channel'; key: string; name: string; displayName: string; type: string; completion: string }
  | { kind: 'emoji'; key: string; name: string; char: string; completion: string };

const MAX = 12;
const SPECIAL = ['here', 'channel', 'all'] as const;

export const suggest =
  (trigger: Trigger, channelId: string): AppThunk<Promise<Suggestion[]>> =>
  async (dispatch, getState, { client }) => {
    const term = trigger.term.toLowerCase();
    const state = getState();
    const teamId = state.teams.currentId ?? '';

    if (trigger.kind === 'user') {
      const result = await client.autocompleteUsers(term, teamId, channelId, { limit: 25 });
      const inChannel = result.users ?? [];
      const outside = result.out_of_channel ?? [];
      dispatch(usersReceived([...inChannel, ...outside]));
      const format = selectNameFormat(getState());
      const myId = selectMyId(state);
      const person = (u: (typeof inChannel)[number], outOfChannel: boolean): Suggestion => ({
        kind: 'user',
        key: `u:${u.id}`,
        userId: u.id,
        username: u.username,
        fullName: format === 'username' ? userFullName(u) : userDisplayName(u, format),
        completion: `@${u.username}`,
        outOfChannel,
      });
      const people = [...inChannel.filter((u) => u.id !== myId && u.delete_at === 0).map((u) => person(u, false)), ...outside.filter((u) => u.delete_at === 0).map((u) => person(u, true))];
      const channel = state.channels.byId[channelId];
      const specials: Suggestion[] =
        channel && channel.type !== 'D' ? SPECIAL.filter((n) => n.startsWith(term)).map((n) => ({ kind: 'special', key: `s:${n}`, name: n, completion: `@${n}` })) : [];
      return [...people, ...specials].slice(0, MAX);
    }

    if (trigger.kind === 'channel') {
      const matches = (name: string, display: string) => name.toLowerCase().includes(term) || display.toLowerCase().includes(term);
      const mine = Object.values(state.channels.byId).filter((c) => c.team_id === teamId && c.delete_at === 0 && state.channels.members[c.id] && matches(c.name, c.display_name));
      let found: { id: string; name: string; display_name: string; type: string; delete_at: number }[] = mine;
      try {
        const others = await client.autocompleteChannels(teamId, term);
        found = [...mine, ...others.filter((c) => c.delete_at === 0 && (c.type === 'O' || c.type === 'P') && !mine.some((m) => m.id === c.id))];
      } catch {
        // Joined channels are enough to go on.
      }
      return found
        .sort((a, b) => Number(!a.name.startsWith(term)) - Number(!b.name.startsWith(term)) || a.display_name.localeCompare(b.display_name))
        .slice(0, MAX)
        .map((c) => ({ kind: 'channel', key: `c:${c.id}`, name: c.name, displayName: c.display_name, type: c.type, completion: `~${c.name}` }));
    }

    return findEmoji(term, MAX).map((n) => ({ kind: 'emoji', key: `e:${n}`, name: n, char: emojiFor(n) ?? '', completion: `:${n}:` }));
  };
