// Input rules shared by several use cases, with Mattermost's error ids so clients show the right text.
import { AppError, badRequest } from '../platform/errors.js';

const USERNAME_RE = /^[a-z0-9.\-_]+$/;
const RESERVED_USERNAMES = new Set(['all', 'channel', 'here', 'matterbot', 'system']);
// Deliberately simple: one @, no spaces, something on both sides. Mattermost uses net/mail, which is
// similarly permissive.
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

export function validateUsername(username: string): void {
  if (username.length < 1 || username.length > 64 || !USERNAME_RE.test(username) || !/^[a-z]/.test(username) || RESERVED_USERNAMES.has(username)) {
    throw badRequest('model.user.is_valid.username.app_error', 'Username must begin with a letter and contain between 3 and 22 lowercase characters made up of numbers, letters, and the symbols ".", "-", and "_".', `username=${username}`);
  }
}

export function validateEmail(email: string): void {
  if (email.length > 128 || !EMAIL_RE.test(email)) {
    throw badRequest('model.user.is_valid.email.app_error', 'Invalid email.', `email=${email}`);
  }
}

/** Length in Unicode code points, as Mattermost's utf8.RuneCountInString counts. */
export const runeCount = (s: string): number => [...s].length;

/** Fails with Mattermost's `is_valid` error when a text field is longer than the column allows (in runes). */
export function checkLength(value: string | undefined, max: number, errorId: string, field: string): void {
  if (value !== undefined && runeCount(value) > max) {
    throw new AppError(errorId, `Invalid ${field}: must be ${max} characters or fewer.`, 400);
  }
}

const ON_OFF = ['true', 'false'];
const LEVELS = ['all', 'mention', 'none'];
/** Known user notify_props and the values clients may store; unknown keys (client features) pass. */
const USER_NOTIFY_VALUES: Record<string, readonly string[]> = {
  email: ON_OFF,
  push: LEVELS,
  desktop: LEVELS,
  desktop_sound: ON_OFF,
  channel: ON_OFF,
  first_name: ON_OFF,
  comments: ['never', 'root', 'any'],
  push_status: ['online', 'away', 'offline', 'dnd', 'ooo'],
  desktop_threads: LEVELS,
  email_threads: LEVELS,
  push_threads: LEVELS,
};
const NOTIFY_PROPS_MAX_JSON = 4096;

/** A user's notify_props as they will be stored: known keys must hold known values. */
export function validateUserNotifyProps(props: Record<string, string>): void {
  const invalid = (detail: string) => badRequest('model.user.is_valid.notify_props.app_error', 'Invalid notification settings.', detail);
  for (const [key, value] of Object.entries(props)) {
    const allowed = USER_NOTIFY_VALUES[key];
    if (allowed && !allowed.includes(value)) throw invalid(`${key}=${value}`);
  }
  if (JSON.stringify(props).length > NOTIFY_PROPS_MAX_JSON) throw invalid('notify_props too long');
}
