import type { Session, UserAccessToken } from './models.js';

export interface SessionStore {
  save(session: Session): Promise<Session>;
  get(id: string): Promise<Session | undefined>;
  getByToken(token: string): Promise<Session | undefined>;
  getForUser(userId: string): Promise<Session[]>;
  updateLastActivity(id: string, at: number, expiresAt?: number): Promise<void>;
  remove(id: string): Promise<void>;
  updateRolesForUser(userId: string, roles: string): Promise<void>;
  removeForUser(userId: string): Promise<void>;
  /** Removes every session of every user; returns the users who had one. */
  removeAll(): Promise<string[]>;
  removeByDevice(userId: string, deviceId: string): Promise<void>;
  removeExpired(now: number): Promise<number>;
}

export interface UserAccessTokenStore {
  save(token: UserAccessToken): Promise<UserAccessToken>;
  get(id: string): Promise<UserAccessToken | undefined>;
  getByToken(token: string): Promise<UserAccessToken | undefined>;
  getForUser(userId: string, offset: number, limit: number): Promise<UserAccessToken[]>;
  setActive(id: string, active: boolean): Promise<void>;
  remove(id: string): Promise<void>;
}
