// What the UI needs from a failed Client4 call (a ClientError) or any other thrown value, and the words it
// shows for one: the reader's language for the errors people commonly meet, the server's own message
// (English) for anything else.
import type { MessageId } from '../i18n/locales';
import type { ToastMessage } from './ui-slice';

export interface ErrorInfo {
  status: number;
  id: string;
  message: string;
}

export function errorInfo(err: unknown): ErrorInfo {
  if (typeof err === 'object' && err !== null) {
    const e = err as { status_code?: unknown; server_error_id?: unknown; message?: unknown };
    return {
      status: typeof e.status_code === 'number' ? e.status_code : 0,
      id: typeof e.server_error_id === 'string' ? e.server_error_id : '',
      message: typeof e.message === 'string' ? e.message : String(err),
    };
  }
  return { status: 0, id: '', message: String(err) };
}

/** Mattermost error ids (server_error_id) → the catalog message that says the same to a person. */
export const ERROR_MESSAGES: Readonly<Record<string, MessageId>> = {
  'api.user.login.invalid_credentials_email_username': 'error.credentials',
  'api.user.login.invalid_credentials_email': 'error.credentials',
  'api.user.login.invalid_credentials_username': 'error.credentials',
  'api.user.check_user_password.invalid.app_error': 'error.credentials',
  'api.user.login.blank_pwd.app_error': 'error.passwordBlank',
  'api.user.login.inactive.app_error': 'error.accountInactive',
  'api.user.check_user_login_attempts.too_many.app_error': 'error.accountLocked',
  'api.user.login.bot_login_forbidden.app_error': 'error.botLogin',
  'mfa.validate_token.authenticate.app_error': 'error.mfaCodeFormat',
  'api.user.check_user_mfa.bad_code.app_error': 'error.mfaBadCode',
  'mfa.activate.bad_token.app_error': 'error.mfaBadCode',
  'mfa.mfa_disabled.app_error': 'error.mfaDisabled',
  'api.context.mfa_required.app_error': 'error.mfaRequired',
  'api.context.session_expired.app_error': 'error.sessionExpired',
  'api.context.token_provided.app_error': 'error.sessionExpired',
  'api.context.permissions.app_error': 'error.permission',
  'api.team.get_all_teams.insufficient_permissions': 'error.permission',
  'api.user.get_user_by_email.permissions.app_error': 'error.permission',
  'store.sql_channel.save_channel.exists.app_error': 'error.channelNameTaken',
  'store.sql_team.save_team.existing.app_error': 'error.teamNameTaken',
  'app.user.save.username_exists.app_error': 'error.usernameTaken',
  'app.user.save.email_exists.app_error': 'error.emailTaken',
  'model.user.is_valid.email.app_error': 'error.emailInvalid',
  'model.user.is_valid.username.app_error': 'error.usernameInvalid',
  'model.user.is_valid.pwd_min_length.app_error': 'error.passwordLength',
  'model.user.is_valid.pwd_max_length.app_error': 'error.passwordLength',
  'api.user.update_password.incorrect.app_error': 'error.passwordIncorrect',
  'api.file.upload_file.too_large.app_error': 'error.fileTooLarge',
  'api.user.upload_profile_user.too_large.app_error': 'error.pictureTooLarge',
  'api.user.upload_profile_user.decode.app_error': 'error.pictureInvalid',
  'api.context.request_body_too_large.app_error': 'error.fileTooLarge',
  'api.post.create_post.can_not_post_to_deleted.error': 'error.channelArchived',
  'api.post.update_post.can_not_update_post_in_deleted.error': 'error.channelArchived',
  'api.post.delete_post.can_not_delete_post_in_deleted.error': 'error.channelArchived',
  'api.reaction.save.archived_channel.app_error': 'error.channelArchived',
  'api.reaction.delete.archived_channel.app_error': 'error.channelArchived',
  'api.file.upload_file.deleted_channel.app_error': 'error.channelArchived',
  'api.channel.update_channel.deleted.app_error': 'error.channelArchived',
  'api.channel.delete_channel.deleted.app_error': 'error.channelArchived',
  'api.channel.create_channel.max_channel_limit.app_error': 'error.tooManyChannels',
  'app.team.join_user_to_team.max_accounts.app_error': 'error.teamFull',
  'api.team.is_team_creation_allowed.disabled.app_error': 'error.teamCreationDisabled',
  'api.user.create_user.signup_email_disabled.app_error': 'error.signUpDisabled',
  'api.user.create_user.no_open_server': 'error.signUpDisabled',
  'api.channel.create_group.bad_size.app_error': 'error.groupSize',
  'app.channel.get_by_name.missing.app_error': 'error.channelNotFound',
  'app.channel.get.existing.app_error': 'error.channelNotFound',
};

/** The catalog message for an error, or null when the server's own message is the best there is. */
export function errorMessageId(info: ErrorInfo): MessageId | null {
  const known = ERROR_MESSAGES[info.id];
  if (known) return known;
  // Mattermost's rate limiter answers 429 with a plain-text body, so there is no id to go by.
  if (info.status === 429) return 'error.rateLimited';
  // A request that never got an answer (server down, network gone): fetch throws a TypeError.
  if (info.status === 0 && info.id === '' && /fetch|network|load failed/i.test(info.message)) return 'error.network';
  if (info.status === 401 && info.id === '') return 'error.sessionExpired';
  if (info.status === 413) return 'error.fileTooLarge';
  return null;
}

/** An error as a toast: translated when we know it, the server's words otherwise. */
export function errorToast(err: unknown): ToastMessage {
  const info = errorInfo(err);
  const id = errorMessageId(info);
  return id ? { id } : info.message;
}
