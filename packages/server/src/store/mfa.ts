// MFA state kept next to users.mfa_active / mfa_secret (table user_mfa, migration 0008).
export interface UserMfa {
  user_id: string;
  /** A generated secret not yet confirmed by a code; '' when none. */
  pending_secret: string;
  /** SHA-256 hex of each unused recovery code. */
  recovery_codes: string[];
  /** TOTP time steps (30 s) already accepted, so a code cannot be replayed inside its window. */
  used_steps: number[];
  update_at: number;
}

export interface MfaStore {
  get(userId: string): Promise<UserMfa | undefined>;
  /** Inserts or replaces the user's row. */
  save(row: UserMfa): Promise<void>;
  /**
   * Writes `next` only if the stored recovery codes and used steps still equal `expected`'s; false when another
   * request changed them first. This is what makes a code or a recovery code usable once under concurrency.
   */
  compareAndSet(expected: UserMfa, next: UserMfa): Promise<boolean>;
  remove(userId: string): Promise<void>;
}
