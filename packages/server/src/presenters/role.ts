// Roles on the wire in Mattermost's Role shape. Built-in roles have the same id on every node and after
// every restart: it is derived from the name, since an unedited role has no stored row to keep an id in.
import { createHash } from 'node:crypto';
import type { RoleDefinition } from '../permissions/roles.js';
import { encodeId } from '../platform/ids.js';
import type { StoredRole } from '../store/store.js';

export interface WireRole {
  id: string;
  name: string;
  display_name: string;
  description: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  permissions: string[];
  scheme_managed: boolean;
  built_in: boolean;
}

export function roleId(name: string): string {
  return encodeId(createHash('sha256').update(`parley-role:${name}`).digest().subarray(0, 16));
}

/** A role (built in, or a permission scheme's) with the administrator's stored permission list, if any. */
export function presentRole(def: RoleDefinition, stored: StoredRole | undefined, builtIn = true): WireRole {
  return {
    id: roleId(def.name),
    name: def.name,
    display_name: def.display_name,
    description: def.description,
    create_at: stored?.create_at ?? 0,
    update_at: stored?.update_at ?? 0,
    delete_at: 0,
    permissions: [...(stored?.permissions ?? def.permissions)],
    scheme_managed: def.scheme_managed,
    built_in: builtIn,
  };
}
