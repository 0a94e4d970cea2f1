import type { Preference, Status } from './models.js';

export interface SystemStore {
  get(name: string): Promise<string | undefined>;
  /** Inserts or replaces. */
  set(name: string, value: string): Promise<void>;
  /** Inserts only if absent; returns whether this call inserted it. */
  insertIfAbsent(name: string, value: string): Promise<boolean>;
}

export interface PreferenceStore {
  getForUser(userId: string, category?: string, name?: string): Promise<Preference[]>;
  save(prefs: readonly Preference[]): Promise<void>;
  delete(userId: string, category: string, name: string): Promise<void>;
}

export interface StatusStore {
  get(userId: string): Promise<Status | undefined>;
  getMany(userIds: readonly string[]): Promise<Status[]>;
  /** Everyone online, away or in do-not-disturb. */
  getNonOffline(): Promise<Status[]>;
  /** Do-not-disturb statuses whose end time (seconds) has passed. */
  getExpiredDnd(nowSeconds: number): Promise<Status[]>;
  save(status: Status): Promise<void>;
}
