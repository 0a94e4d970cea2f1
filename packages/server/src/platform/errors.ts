// One error type for every failure a client may see, rendered in Mattermost's AppError shape.
export class AppError extends Error {
  constructor(
    readonly id: string,
    message: string,
    readonly statusCode: number,
    readonly detailedError = '',
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (id: string, message: string, detail = '') => new AppError(id, message, 400, detail);
export const notFound = (id: string, message: string, detail = '') => new AppError(id, message, 404, detail);
export const forbidden = (id: string, message: string, detail = '') => new AppError(id, message, 403, detail);

export function invalidParam(name: string): AppError {
  return new AppError('api.context.invalid_param.app_error', `Invalid or missing ${name} parameter.`, 400);
}
export function invalidUrlParam(name: string): AppError {
  return new AppError('api.context.invalid_url_param.app_error', `Invalid or missing ${name} in request URL.`, 400);
}
export function invalidBodyParam(name: string): AppError {
  return new AppError('api.context.invalid_body_param.app_error', `Invalid or missing ${name} in request body.`, 400);
}
export function permissionError(permission: string): AppError {
  return new AppError(
    'api.context.permissions.app_error',
    'You do not have the appropriate permissions.',
    403,
    `userId needs ${permission}`,
  );
}
export function sessionExpired(): AppError {
  return new AppError('api.context.session_expired.app_error', 'Invalid or expired session, please login again.', 401);
}
