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

/** The grant in a token's tenants that lets it read a region's figures (`region:{region}`). */
const REGION_PREFIX = 'region:';

/** A tenant's own data: `*` or the tenant listed by name (a region grant is no tenant). */
export function mayActFor(p: Principal, tenant: string): boolean {
  if (tenant.startsWith(REGION_PREFIX)) return false;
  return p.tenants === '*' || p.tenants.includes(tenant);
}

/** A region's figures (metrics.md "Regions"): `*` or `region:{region}` among the tenants. */
export function mayReadRegion(p: Principal, region: string): boolean {
  return p.tenants === '*' || p.tenants.includes(`${REGION_PREFIX}${region}`);
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
