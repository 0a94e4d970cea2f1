/** A role whose permissions an administrator changed; roles without a row keep their built-in defaults. */
export interface StoredRole {
  name: string;
  permissions: string[];
  create_at: number;
  update_at: number;
}

export interface RoleStore {
  /** Every role changed from its defaults. */
  getAll(): Promise<StoredRole[]>;
  /** Records a role's whole permission list; create_at is kept from the first save. */
  save(role: StoredRole): Promise<void>;
}
