// The built-in slash commands (Mattermost's app/slashcommands). Each one does its work through the app
// services with the caller's session, so the usual permission checks apply; a refusal comes back as an
// ephemeral message to the caller (HTTP 200), as in Mattermost, and changes nothing.
import { AppError } from '../platform/errors.js';
import type { Settings } from '../config/config.js';
import type { CommandResponseLike } from '../presenters/integrations.js';
import type { Channel, Store, User } from '../store/store.js';
import type { App } from './app.js';
import { TOWN_SQUARE, directChannelName } from './channels.js';
import type { AuthSession } from './session.js';

/** Mattermost's CommandResponse; every field optional here, filled in by the presenter. */
export type CommandResponse = CommandResponseLike;

export interface BuiltinContext {
  app: App;
  store: Store;
  settings: Settings;
  session: AuthSession;
  user: User;
  /** The channel the command was typed in. */
  channel: Channel;
  /** The channel's team, or for a DM/GM the team the client named ('' if none). */
  teamId: string;
  rootId: string;
  siteUrl: string;
  /** Everything after the trigger. */
  message: string;
}

export interface BuiltinCommand {
  trigger: string;
  displayName: string;
  description: string;
  hint: string;
  /** Registered only when this says so (echo is a testing aid, off by default). */
  enabled?: (settings: Settings) => boolean;
  run(c: BuiltinContext): Promise<CommandResponse>;
}

export const ephemeral = (text: string): CommandResponse => ({ response_type: 'ephemeral', text });
const inChannel = (text: string, extra: CommandResponse = {}): CommandResponse => ({ response_type: 'in_channel', text, ...extra });

/** The AppError a service threw, as a message for the caller; anything else is rethrown. */
function refusal(err: unknown, fallback?: string): CommandResponse {
  if (!(err instanceof AppError)) throw err;
  if (err.statusCode === 403) return ephemeral(fallback ?? "You don't have permission to do that here.");
  return ephemeral(fallback && err.statusCode === 404 ? fallback : err.message);
}

/** `@name rest` → ['name', 'rest']. */
function firstWord(message: string): [string, string] {
  const trimmed = message.trim();
  const i = trimmed.search(/\s/);
  return i === -1 ? [trimmed, ''] : [trimmed.slice(0, i), trimmed.slice(i + 1).trim()];
}

const channelName = (word: string) => word.replace(/^~/, '').toLowerCase();
const isDirect = (c: Channel) => c.type === 'D' || c.type === 'G';

async function teamName(c: BuiltinContext): Promise<string | undefined> {
  return c.teamId ? (await c.store.teams.get(c.teamId))?.name : undefined;
}

function status(trigger: string, value: string, text: string, description: string): BuiltinCommand {
  return {
    trigger,
    displayName: trigger,
    description,
    hint: '',
    async run(c) {
      await c.app.statuses.updateStatus(c.session, c.user.id, value);
      return ephemeral(text);
    },
  };
}

/** Concurrent delayed /echo posts, as Mattermost caps them. */
let echoesWaiting = 0;
const MAX_ECHOES = 100;
const MAX_ECHO_DELAY_S = 10000;

async function toggleMute(c: BuiltinContext, channel: Channel): Promise<CommandResponse> {
  const member = await c.store.channels.getMember(channel.id, c.user.id);
  if (!member) return ephemeral(`You're not a member of ~${channel.name}.`);
  const muted = member.notify_props.mark_unread === 'mention';
  await c.app.channels.updateChannelNotifyProps(c.session, channel.id, c.user.id, { mark_unread: muted ? 'all' : 'mention' });
  if (isDirect(channel)) return ephemeral(muted ? 'This conversation is no longer muted.' : 'This conversation is muted. You will not get notifications for it until you unmute it.');
  return ephemeral(muted ? `${channel.display_name} is no longer muted.` : `You muted ${channel.display_name}. You will not get notifications for it until you unmute it.`);
}

async function removeMember(c: BuiltinContext): Promise<CommandResponse> {
  const channel = c.channel;
  if (isDirect(channel)) return ephemeral("You can't remove someone from a direct or group message.");
  const permission = channel.type === 'O' ? 'manage_public_channel_members' : 'manage_private_channel_members';
  if (!(await c.app.authz.hasChannel(c.session, channel.id, permission))) return ephemeral("You don't have the required permissions to remove the member.");
  const [word] = firstWord(c.message);
  if (word === '') return ephemeral('Name the member to remove: /kick @username');
  const target = await c.store.users.getByUsername(word.replace(/^@/, '').toLowerCase());
  if (!target || target.delete_at > 0) return ephemeral('We could not find that user.');
  if (!(await c.store.channels.getMember(channel.id, target.id))) return ephemeral(`@${target.username} is not a member of this channel.`);
  try {
    await c.app.channels.removeChannelMember(c.session, channel.id, target.id);
  } catch (err) {
    return refusal(err);
  }
  return {};
}

async function patchChannel(c: BuiltinContext, patch: { header?: string; purpose?: string; display_name?: string }): Promise<CommandResponse> {
  try {
    await c.app.channels.patchChannel(c.session, c.channel.id, patch);
  } catch (err) {
    return refusal(err);
  }
  return {};
}

export const BUILTIN_COMMANDS: readonly BuiltinCommand[] = [
  status('away', 'away', 'You are now away.', 'Set your status to away'),
  status('online', 'online', 'You are now online.', 'Set your status to online'),
  status('offline', 'offline', 'You are now offline.', 'Set your status to offline'),
  status('dnd', 'dnd', 'Do Not Disturb is on: no desktop or push notifications until you turn it off.', 'Do not disturb: no desktop or push notifications'),
  {
    trigger: 'code',
    displayName: 'code',
    description: 'Show text as a code block',
    hint: '[text]',
    async run(c) {
      if (c.message.trim() === '') return ephemeral('A message must be provided with the /code command.');
      return inChannel(`    ${c.message.split('\n').join('\n    ')}`);
    },
  },
  {
    trigger: 'echo',
    displayName: 'echo',
    description: 'Echo back text from your account',
    hint: '"message" [delay in seconds]',
    enabled: (s) => s.enableCommandEcho,
    async run(c) {
      let message = c.message.trim();
      if (message === '') return ephemeral('A message must be provided with the /echo command.');
      let delay = 0;
      const end = message.lastIndexOf('"');
      if (message.startsWith('"') && end > 1) {
        const rest = message.slice(end + 1).trim();
        if (/^\d+$/.test(rest)) delay = Number(rest);
        message = message.slice(1, end);
      } else {
        const m = /^(.*)\s+(\d+)$/s.exec(message);
        if (m) {
          message = m[1]!;
          delay = Number(m[2]);
        }
      }
      if (delay > MAX_ECHO_DELAY_S) return ephemeral(`Delays must be under ${MAX_ECHO_DELAY_S} seconds.`);
      const post = () => c.app.posts.createPost(c.session, { channel_id: c.channel.id, root_id: c.rootId || undefined, message });
      if (delay === 0) {
        await post();
        return {};
      }
      if (echoesWaiting >= MAX_ECHOES) return ephemeral('High volume, cannot process request.');
      echoesWaiting += 1;
      const t = setTimeout(() => {
        post()
          .catch((err: unknown) => c.app.ctx.log.warn({ err }, 'delayed /echo failed'))
          .finally(() => (echoesWaiting -= 1));
      }, delay * 1000);
      t.unref();
      return {};
    },
  },
  {
    trigger: 'header',
    displayName: 'header',
    description: 'Edit the channel header',
    hint: '[text]',
    async run(c) {
      if (c.message.trim() === '') return ephemeral('A message must be provided with the /header command.');
      return patchChannel(c, { header: c.message });
    },
  },
  {
    trigger: 'help',
    displayName: 'help',
    description: 'Show the built-in slash commands',
    hint: '',
    async run(c) {
      const lines = enabledBuiltins(c.settings).map((b) => `- \`/${b.trigger}${b.hint ? ` ${b.hint}` : ''}\`: ${b.description}`);
      return ephemeral(`Slash commands in this server:\n${lines.join('\n')}`);
    },
  },
  {
    trigger: 'invite',
    displayName: 'invite',
    description: 'Add a user to a channel',
    hint: '@[username] [~channel]',
    async run(c) {
      const [word, rest] = firstWord(c.message);
      if (word === '') return ephemeral('Name the user to add: /invite @username [~channel]');
      const target = await c.store.users.getByUsername(word.replace(/^@/, '').toLowerCase());
      if (!target || target.delete_at > 0) return ephemeral('We could not find that user.');
      const names = rest.split(/\s+/).filter(Boolean);
      const channels: Channel[] = [];
      if (names.length === 0) channels.push(c.channel);
      for (const name of names) {
        const found = c.teamId ? await c.store.channels.getByName(c.teamId, channelName(name), false) : undefined;
        if (!found) return ephemeral(`We could not find the channel ${name}.`);
        channels.push(found);
      }
      const done: string[] = [];
      for (const channel of channels) {
        if (isDirect(channel)) return ephemeral("You can't add someone to a direct or group message.");
        if (await c.store.channels.getMember(channel.id, target.id)) {
          done.push(`@${target.username} is already in ~${channel.name}.`);
          continue;
        }
        try {
          await c.app.channels.addChannelMembers(c.session, channel.id, [target.id]);
        } catch (err) {
          return refusal(err, `You don't have permission to add @${target.username} to ~${channel.name}.`);
        }
        done.push(`@${target.username} added to ~${channel.name}.`);
      }
      return ephemeral(done.join('\n'));
    },
  },
  {
    trigger: 'join',
    displayName: 'join',
    description: 'Join the open channel',
    hint: '~[channel]',
    async run(c) {
      return join(c);
    },
  },
  {
    trigger: 'open',
    displayName: 'open',
    description: 'Open a channel',
    hint: '~[channel]',
    async run(c) {
      return join(c);
    },
  },
  {
    trigger: 'kick',
    displayName: 'kick',
    description: 'Remove a member from the channel',
    hint: '@[username]',
    run: removeMember,
  },
  {
    trigger: 'remove',
    displayName: 'remove',
    description: 'Remove a member from the channel',
    hint: '@[username]',
    run: removeMember,
  },
  {
    trigger: 'leave',
    displayName: 'leave',
    description: 'Leave the current channel',
    hint: '',
    async run(c) {
      if (isDirect(c.channel)) return ephemeral("You can't leave a direct or group message; close it from the sidebar instead.");
      if (c.channel.name === TOWN_SQUARE) return ephemeral(`You can't leave ~${TOWN_SQUARE}.`);
      try {
        await c.app.channels.removeChannelMember(c.session, c.channel.id, c.user.id);
      } catch (err) {
        return refusal(err);
      }
      const team = await teamName(c);
      return team ? { goto_location: `${c.siteUrl}/${team}/channels/${TOWN_SQUARE}` } : {};
    },
  },
  {
    trigger: 'me',
    displayName: 'me',
    description: 'Do an action',
    hint: '[message]',
    async run(c) {
      return inChannel(`*${c.message}*`, { type: 'me', props: { message: c.message } });
    },
  },
  {
    trigger: 'msg',
    displayName: 'message',
    description: 'Send a direct message to a user',
    hint: '@[username] [message]',
    async run(c) {
      const [word, text] = firstWord(c.message);
      const target = word ? await c.store.users.getByUsername(word.replace(/^@/, '').toLowerCase()) : undefined;
      if (!target || target.id === c.user.id || target.delete_at > 0) return ephemeral('We could not find that user.');
      let dm: Channel;
      try {
        dm = await c.app.channels.createDirectChannel(c.session, [c.user.id, target.id]);
        if (text !== '') await c.app.posts.createPost(c.session, { channel_id: dm.id, message: text });
      } catch (err) {
        return refusal(err, 'We could not send the message.');
      }
      const team = await teamName(c);
      return { response_type: 'ephemeral', text: '', ...(team ? { goto_location: `${c.siteUrl}/${team}/channels/${directChannelName(c.user.id, target.id)}` } : {}) };
    },
  },
  {
    trigger: 'mute',
    displayName: 'mute',
    description: 'Turn off notifications for the current channel or the one named',
    hint: '[~channel]',
    async run(c) {
      const [word] = firstWord(c.message);
      if (word === '') return toggleMute(c, c.channel);
      const found = c.teamId ? await c.store.channels.getByName(c.teamId, channelName(word), false) : undefined;
      if (!found) return ephemeral(`We could not find the channel ${word}.`);
      return toggleMute(c, found);
    },
  },
  {
    trigger: 'purpose',
    displayName: 'purpose',
    description: 'Edit the channel purpose',
    hint: '[text]',
    async run(c) {
      if (isDirect(c.channel)) return ephemeral("Direct and group messages don't have a purpose; use /header.");
      if (c.message.trim() === '') return ephemeral('A message must be provided with the /purpose command.');
      return patchChannel(c, { purpose: c.message });
    },
  },
  {
    trigger: 'rename',
    displayName: 'rename',
    description: 'Rename the channel',
    hint: '[text]',
    async run(c) {
      if (isDirect(c.channel)) return ephemeral("Direct and group messages can't be renamed.");
      const name = c.message.trim();
      if (name === '') return ephemeral('A name must be provided with the /rename command.');
      if ([...name].length > 64) return ephemeral('Channel names must be 64 characters or fewer.');
      return patchChannel(c, { display_name: name });
    },
  },
  {
    trigger: 'search',
    displayName: 'search',
    description: 'Search text in messages',
    hint: '[text]',
    async run() {
      // Clients run searches themselves; a client that sends /search here gets a pointer.
      return ephemeral('Use the search box at the top of the window to search messages.');
    },
  },
  {
    trigger: 'shrug',
    displayName: 'shrug',
    description: 'Add ¯\\_(ツ)_/¯ to your message',
    hint: '[message]',
    async run(c) {
      const shrug = '¯\\\\\\_(ツ)\\_/¯';
      return inChannel(c.message.trim() === '' ? shrug : `${c.message} ${shrug}`);
    },
  },
];

async function join(c: BuiltinContext): Promise<CommandResponse> {
  const [word] = firstWord(c.message);
  const name = channelName(word);
  const channel = name && c.teamId ? await c.store.channels.getByName(c.teamId, name, false) : undefined;
  if (!channel) return ephemeral('We could not find the channel.');
  if (channel.type !== 'O' && channel.type !== 'P') return ephemeral('We could not join the channel.');
  try {
    // A private channel can only be "joined" by a member (it opens it); addChannelMembers refuses others.
    if (channel.type === 'P' && !(await c.store.channels.getMember(channel.id, c.user.id))) return ephemeral('We could not join the channel.');
    await c.app.channels.addChannelMembers(c.session, channel.id, [c.user.id]);
  } catch (err) {
    return refusal(err, 'We could not join the channel.');
  }
  const team = await teamName(c);
  return team ? { goto_location: `${c.siteUrl}/${team}/channels/${channel.name}` } : {};
}

export function enabledBuiltins(settings: Settings): BuiltinCommand[] {
  return BUILTIN_COMMANDS.filter((b) => !b.enabled || b.enabled(settings));
}

export function findBuiltin(trigger: string, settings: Settings): BuiltinCommand | undefined {
  return enabledBuiltins(settings).find((b) => b.trigger === trigger);
}
