import type { User } from './models.js';

export interface ProfileQuery {
  inTeam?: string;
  notInTeam?: string;
  inChannel?: string;
  notInChannel?: string;
  withoutTeam?: boolean;
  /** true: only active; false: only deactivated; undefined: both. */
  active?: boolean;
  role?: string;
  sort?: 'create_at' | 'last_activity_at' | 'username';
  offset: number;
  limit: number;
}

export interface UserSearch extends Omit<ProfileQuery, 'offset' | 'limit' | 'sort' | 'active'> {
  term: string;
  allowInactive?: boolean;
  /** Match on email too (only when the searcher may see emails). */
  includeEmail?: boolean;
  limit: number;
}

export interface UserStore {
  save(user: User): Promise<User>;
  update(user: User): Promise<User>;
  get(id: string): Promise<User | undefined>;
  getMany(ids: readonly string[]): Promise<User[]>;
  getByUsername(username: string): Promise<User | undefined>;
  getByUsernames(usernames: readonly string[]): Promise<User[]>;
  getByEmail(email: string): Promise<User | undefined>;
  count(opts?: { includeDeleted?: boolean; includeBots?: boolean }): Promise<number>;
  getProfiles(q: ProfileQuery): Promise<User[]>;
  search(q: UserSearch): Promise<User[]>;
  setFailedAttempts(id: string, attempts: number): Promise<void>;
}
