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

export function validatePassword(password: string, minLength: number): void {
  if (password.length < minLength || password.length > 72) {
    throw badRequest('model.user.is_valid.pwd_length.app_error', `Your password must contain between ${minLength} and 72 characters.`);
  }
}

/** Fails with Mattermost's `is_valid` error when a text field is longer than the column allows (in runes). */
export function checkLength(value: string | undefined, max: number, errorId: string, field: string): void {
  if (value !== undefined && [...value].length > max) {
    throw new AppError(errorId, `Invalid ${field}: must be ${max} characters or fewer.`, 400);
  }
}
