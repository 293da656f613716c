/**
 * Who is looking at the dashboard and what they may see: for each tenant (or `*`, every tenant)
 * the roles they hold. Pure: built from the development defaults or from an OIDC sign-in's groups.
 */
export const PAGE_ROLES = ['read', 'manage'] as const;
export type PageRole = (typeof PAGE_ROLES)[number];

export interface DashboardUser {
  /** Shown in the header: "Development user" or the OIDC name. Never sent to the APIs. */
  name: string;
  access: Record<string, PageRole[]>;
  /** The development user (no sign-out). */
  development?: boolean;
}

export const DEVELOPMENT_USER: DashboardUser = { name: 'Development user', access: { '*': ['read', 'manage'] }, development: true };

export function rolesIn(user: DashboardUser, tenant: string): PageRole[] {
  return [...new Set([...(user.access[tenant] ?? []), ...(user.access['*'] ?? [])])];
}

export function may(user: DashboardUser, tenant: string, role: PageRole): boolean {
  return rolesIn(user, tenant).includes(role);
}

// A region's figures are granted as the tenant `region:{region}` (as the APIs' tokens list them).
const REGION = 'region:';

/** The tenant `/` leads to: the first the user may read (development: the configured default). */
export function homeTenant(user: DashboardUser, fallback: string): string | undefined {
  const named = Object.keys(user.access).filter((t) => t !== '*' && !t.startsWith(REGION) && user.access[t].includes('read'));
  if (named.length > 0) return named.sort()[0];
  return user.access['*']?.includes('read') ? fallback : undefined;
}

/** A region's page: `region:{region}` (or `*`) with read. */
export function mayReadRegion(user: DashboardUser, region: string): boolean {
  return may(user, `${REGION}${region}`, 'read');
}

/** The regions the user's access names (not those `*` covers), for links to their pages. */
export function regionsOf(user: DashboardUser): string[] {
  return Object.keys(user.access)
    .filter((t) => t.startsWith(REGION) && user.access[t].includes('read'))
    .map((t) => t.slice(REGION.length))
    .sort();
}

export type GroupMap = Record<string, { tenants: string[]; roles: PageRole[] }>;

/** Reads OIDC_GROUP_MAP: `{"<group>": {"tenants": ["demo"], "roles": ["read", "manage"]}}`. */
export function parseGroupMap(json: string): GroupMap {
  if (!json) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`OIDC_GROUP_MAP is not JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('OIDC_GROUP_MAP must be an object of groups');
  const map: GroupMap = {};
  for (const [group, entry] of Object.entries(raw as Record<string, unknown>)) {
    const e = entry as { tenants?: unknown; roles?: unknown };
    const tenants = Array.isArray(e?.tenants) ? e.tenants.filter((t): t is string => typeof t === 'string' && t.length > 0) : [];
    const roles = Array.isArray(e?.roles) ? e.roles.filter((r): r is PageRole => (PAGE_ROLES as readonly string[]).includes(r)) : [];
    if (tenants.length === 0 || roles.length === 0) throw new Error(`OIDC_GROUP_MAP: group ${group} needs tenants and roles (read, manage)`);
    map[group] = { tenants, roles };
  }
  return map;
}

/** The access of a signed-in user from their groups; groups not in the map give nothing. */
export function accessFromGroups(groups: readonly string[], map: GroupMap): Record<string, PageRole[]> {
  const access: Record<string, PageRole[]> = {};
  for (const g of groups) {
    const entry = map[g];
    if (!entry) continue;
    for (const t of entry.tenants) access[t] = [...new Set([...(access[t] ?? []), ...entry.roles])];
  }
  return access;
}
