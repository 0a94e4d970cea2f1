// Renders every failure in Mattermost's AppError shape; unknown failures become a 500 without details.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.js';

export interface WireError {
  id: string;
  message: string;
  detailed_error: string;
  request_id: string;
  status_code: number;
}

export function toWireError(err: AppError, requestId: string, developer: boolean): WireError {
  return {
    id: err.id,
    message: err.message,
    detailed_error: developer ? err.detailedError : '',
    request_id: requestId,
    status_code: err.statusCode,
  };
}

const LOCATION_NAMES: Record<string, string> = { body: 'request body', querystring: 'request URL', params: 'request URL' };

/** Maps Fastify's own errors (parsing, validation, limits) onto Mattermost's ids. */
export function normaliseError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (fe.validation) {
    const where = fe.validationContext ?? 'body';
    const first = fe.validation[0];
    const field = (first?.instancePath || '').replace(/^\//, '').replace(/\//g, '.') ||
      ((first?.params as { missingProperty?: string } | undefined)?.missingProperty ?? where);
    const id = where === 'body' ? 'api.context.invalid_body_param.app_error' : 'api.context.invalid_url_param.app_error';
    return new AppError(id, `Invalid or missing ${field} in ${LOCATION_NAMES[where] ?? where}.`, 400, fe.message);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('api.context.invalid_body_param.app_error', 'Invalid or missing body in request body.', 400, fe.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('api.context.request_body_too_large.app_error', 'Your request body is too large.', 413);
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('api.file.upload_file.too_large.app_error', 'Unable to upload file. File is too large.', 413);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('api.context.invalid_body_param.app_error', 'Unsupported request content type.', 415, fe.message);
  }
  if (err instanceof SyntaxError) {
    return new AppError('api.context.invalid_body_param.app_error', 'Invalid or missing body in request body.', 400, err.message);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('api.context.invalid_param.app_error', fe.message, fe.statusCode);
  }
  return new AppError('api.context.internal.app_error', 'An internal error occurred.', 500, err.message);
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: AppError, developer: boolean): FastifyReply {
  return reply.code(err.statusCode).type('application/json').send(toWireError(err, req.id, developer));
}
