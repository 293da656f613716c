export const ROLES = ['ingest', 'read', 'manage', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the tenants it may act for (`*` = all) and its roles. */
export interface Principal {
  id: string;
  kind: 'dev' | 'jwt' | 'api-key';
  tenants: '*' | readonly string[];
  roles: readonly Role[];
}

export function hasRole(p: Principal, role: Role): boolean {
  return p.roles.includes(role);
}

export function mayActFor(p: Principal, tenant: string): boolean {
  return p.tenants === '*' || p.tenants.includes(tenant);
}

export function toRoles(value: unknown): Role[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return list.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
}

export function toTenants(value: unknown): '*' | string[] {
  if (value === '*') return '*';
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const tenants = list.filter((t): t is string => typeof t === 'string' && t.length > 0);
  return tenants.includes('*') ? '*' : tenants;
}
