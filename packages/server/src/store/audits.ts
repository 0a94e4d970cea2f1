// The audit log, as Mattermost's Audits table: who did what, from where, with which session.

export interface Audit {
  id: string;
  create_at: number;
  user_id: string;
  /** The request path (Mattermost's action). */
  action: string;
  extra_info: string;
  ip_address: string;
  session_id: string;
}

export interface AuditQuery {
  /** Only this user's rows. */
  userId?: string;
  /** Rows whose action contains this text. */
  action?: string;
  /** Rows created at or after this time (ms). */
  since?: number;
  offset: number;
  limit: number;
}

export interface AuditStore {
  save(audit: Audit): Promise<void>;
  /** Newest first. */
  get(query: AuditQuery): Promise<Audit[]>;
  /** Removes rows created before `before`; returns how many. */
  deleteOlderThan(before: number): Promise<number>;
}
