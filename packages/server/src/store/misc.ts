import type { EmailToken, Preference, QueuedEmail, Status } from './models.js';

export interface SystemStore {
  get(name: string): Promise<string | undefined>;
  /** Inserts or replaces. */
  set(name: string, value: string): Promise<void>;
  /** Inserts only if absent; returns whether this call inserted it. */
  insertIfAbsent(name: string, value: string): Promise<boolean>;
}

export interface PreferenceStore {
  getForUser(userId: string, category?: string, name?: string): Promise<Preference[]>;
  /** One preference of many users at once (absent ones are simply missing). */
  getForUsers(userIds: readonly string[], category: string, name: string): Promise<Preference[]>;
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

/** One-time tokens sent in emails (Mattermost's Tokens). */
export interface EmailTokenStore {
  save(token: EmailToken): Promise<void>;
  get(token: string): Promise<EmailToken | undefined>;
  /** True when this call removed it: a link can be used once, even by two requests at the same time. */
  delete(token: string): Promise<boolean>;
  /** Removes tokens created before `before`. */
  deleteOlderThan(before: number): Promise<void>;
}

/** Notifications waiting to be sent as one email per user. */
export interface EmailQueueStore {
  enqueue(entry: QueuedEmail): Promise<void>;
  /** Users with anything queued. */
  getUserIds(): Promise<string[]>;
  /** A user's queued notifications, oldest first. */
  getForUser(userId: string): Promise<QueuedEmail[]>;
  /** Removes the entries; returns how many this call removed (claims them for sending). */
  remove(ids: readonly string[]): Promise<number>;
}
