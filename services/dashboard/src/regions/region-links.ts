import { query } from '../api/api-client';
import { regionsOf, type DashboardUser } from '../auth/user';

export interface RegionLinks {
  /** The regions the user's access names, each to this metric's region page. */
  links: { region: string; href: string }[];
  /** The user may read every region (`*`): the page offers a form to name one. */
  anyRegion: boolean;
}

/**
 * Links from a council's metric page to the same metric across its region. The dashboard does not
 * know a council's region (the settings live with ingestion): it offers the regions the user may read.
 */
export function regionLinks(user: DashboardUser, metricId: string, period: string): RegionLinks {
  const own = query({ period: period === 'current' ? undefined : period });
  return {
    links: regionsOf(user).map((region) => ({ region, href: `/regions/${region}/metrics/${metricId}${own}` })),
    anyRegion: user.access['*']?.includes('read') ?? false,
  };
}
