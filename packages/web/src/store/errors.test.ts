import { describe, expect, it } from 'vitest';
import { errorInfo, errorMessageId, errorToast, ERROR_MESSAGES } from './errors';
import en from '../i18n/en.json';

const clientError = (status: number, id: string, message: string) => Object.assign(new Error(message), { status_code: status, server_error_id: id });

describe('server error texts', () => {
  it('maps the errors people commonly meet to catalog messages', () => {
    const cases: [number, string, string][] = [
      [401, 'api.user.login.invalid_credentials_email_username', 'error.credentials'],
      [401, 'api.user.login.inactive.app_error', 'error.accountInactive'],
      [401, 'api.user.check_user_login_attempts.too_many.app_error', 'error.accountLocked'],
      [401, 'api.context.session_expired.app_error', 'error.sessionExpired'],
      [403, 'api.context.permissions.app_error', 'error.permission'],
      [400, 'store.sql_channel.save_channel.exists.app_error', 'error.channelNameTaken'],
      [400, 'store.sql_team.save_team.existing.app_error', 'error.teamNameTaken'],
      [413, 'api.file.upload_file.too_large.app_error', 'error.fileTooLarge'],
      [413, 'api.user.upload_profile_user.too_large.app_error', 'error.pictureTooLarge'],
      [400, 'api.user.upload_profile_user.decode.app_error', 'error.pictureInvalid'],
      [400, 'api.post.create_post.can_not_post_to_deleted.error', 'error.channelArchived'],
      [400, 'api.channel.create_group.bad_size.app_error', 'error.groupSize'],
    ];
    for (const [status, id, message] of cases) expect(errorMessageId(errorInfo(clientError(status, id, 'server words'))), id).toBe(message);
  });

  it('knows rate limits, lost connections and bare 401s without an id', () => {
    expect(errorMessageId({ status: 429, id: '', message: 'Too Many Requests' })).toBe('error.rateLimited');
    expect(errorMessageId(errorInfo(new TypeError('Failed to fetch')))).toBe('error.network');
    expect(errorMessageId({ status: 401, id: '', message: 'Unauthorized' })).toBe('error.sessionExpired');
    expect(errorMessageId({ status: 413, id: '', message: 'Request Entity Too Large' })).toBe('error.fileTooLarge');
  });

  it('falls back to the server’s own message for anything else', () => {
    const err = clientError(500, 'store.sql_post.search.app_error', 'Search is unavailable right now.');
    expect(errorMessageId(errorInfo(err))).toBeNull();
    expect(errorToast(err)).toBe('Search is unavailable right now.');
    expect(errorToast(clientError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.'))).toEqual({ id: 'error.permission' });
  });

  it('only points at messages the catalog has', () => {
    for (const id of Object.values(ERROR_MESSAGES)) expect(en, id).toHaveProperty([id]);
  });
});
