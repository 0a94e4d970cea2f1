// The one password rule, applied wherever a password is set (sign-up, change, admin change, reset link).
// Mattermost's IsPasswordValidWithSettings: length in bytes first; only a password of acceptable length is
// checked for character classes, and every missing class is named in the error id, in a fixed order
// (model.user.is_valid.pwd_lowercase_number.app_error and so on).
import { badRequest } from '../platform/errors.js';
import type { Settings } from '../config/config.js';

/** bcrypt's limit, kept by Mattermost for every hasher. */
export const PASSWORD_MAXIMUM_LENGTH = 72;

const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUMBERS = '0123456789';
const SYMBOLS = ' !"\\#$%&\'()*+,-./:;<=>?@[]^_`|~';

export type PasswordPolicy = Pick<
  Settings,
  'passwordMinimumLength' | 'passwordRequireLowercase' | 'passwordRequireUppercase' | 'passwordRequireNumber' | 'passwordRequireSymbol'
>;

const CLASSES = [
  { key: 'passwordRequireLowercase', suffix: 'lowercase', chars: LOWERCASE, words: 'one lowercase letter' },
  { key: 'passwordRequireUppercase', suffix: 'uppercase', chars: UPPERCASE, words: 'one uppercase letter' },
  { key: 'passwordRequireNumber', suffix: 'number', chars: NUMBERS, words: 'one number' },
  { key: 'passwordRequireSymbol', suffix: 'symbol', chars: SYMBOLS, words: 'one symbol (e.g. "~!@#$%^&*()")' },
] as const;

/** Throws 400 with Mattermost's `model.user.is_valid.pwd_*` id when the password breaks the policy. */
export function checkPassword(password: string, policy: PasswordPolicy): void {
  const min = policy.passwordMinimumLength;
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes < min) {
    throw badRequest('model.user.is_valid.pwd_min_length.app_error', `Your password must contain at least ${min} characters.`);
  }
  if (bytes > PASSWORD_MAXIMUM_LENGTH) {
    throw badRequest('model.user.is_valid.pwd_max_length.app_error', `Your password must contain no more than ${PASSWORD_MAXIMUM_LENGTH} characters.`);
  }
  const missing = CLASSES.filter((c) => policy[c.key] && ![...password].some((ch) => c.chars.includes(ch)));
  if (missing.length === 0) return;
  const id = `model.user.is_valid.pwd_${missing.map((c) => c.suffix).join('_')}.app_error`;
  const required = CLASSES.filter((c) => policy[c.key]).map((c) => `at least ${c.words}`);
  throw badRequest(id, `Your password must contain at least ${min} characters made up of ${listWords(required)}.`);
}

function listWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
