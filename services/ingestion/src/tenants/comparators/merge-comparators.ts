import type { Comparator, TenantSettings } from '@casewatch/contracts';

export type MergeMode = 'merge' | 'replace';

export interface MergeCount {
  added: number;
  updated: number;
}

/**
 * The settings with an upload's comparators. `merge`: a figure for a name and period already held
 * takes the upload's value and source in place, a new one is appended. `replace`: each metric the
 * upload covers holds exactly the upload's figures. Metrics it does not cover are left alone.
 */
export function withComparators(
  settings: TenantSettings,
  upload: Record<string, Comparator[]>,
  mode: MergeMode,
): { settings: TenantSettings; count: MergeCount } {
  const count: MergeCount = { added: 0, updated: 0 };
  const comparators: Record<string, Comparator[]> = { ...settings.comparators };
  for (const [metricId, incoming] of Object.entries(upload)) {
    const list = mode === 'replace' ? [] : [...(comparators[metricId] ?? [])];
    const at = new Map(list.map((c, i) => [`${c.name}\u0000${c.period}`, i]));
    for (const c of incoming) {
      const i = at.get(`${c.name}\u0000${c.period}`);
      if (i === undefined) {
        at.set(`${c.name}\u0000${c.period}`, list.length);
        list.push(c);
        count.added++;
      } else {
        list[i] = c;
        count.updated++;
      }
    }
    comparators[metricId] = list;
  }
  return { settings: { ...settings, comparators }, count };
}
