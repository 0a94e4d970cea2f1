// Parsing of path and query parameters with Mattermost's defaults, limits and error ids.
import type { AuthSession } from '../app/session.js';
import { invalidUrlParam } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';

export function idParam(value: string | undefined, name: string): string {
  if (!isValidId(value)) throw invalidUrlParam(name);
  return value;
}

/** `me` is accepted wherever a user id is. */
export function userIdParam(value: string | undefined, session: AuthSession, name = 'user_id'): string {
  return value === 'me' ? session.userId : idParam(value, name);
}

export function intParam(value: string | undefined, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) throw invalidUrlParam(name);
  const n = Number(value);
  if (n < min) throw invalidUrlParam(name);
  return Math.min(n, max);
}

export function boolParam(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

export interface Paging {
  page: number;
  perPage: number;
  offset: number;
  limit: number;
}

/** page defaults to 0; per_page to 60, capped at 200 (pageSize is an alias). */
export function paging(q: Record<string, string | undefined>, defaultPerPage = 60): Paging {
  const page = intParam(q.page, 'page', 0);
  const perPage = intParam(q.per_page ?? q.pageSize, 'per_page', defaultPerPage, 0, 200);
  return { page, perPage, offset: page * perPage, limit: perPage };
}

export type Query = Record<string, string | undefined>;
