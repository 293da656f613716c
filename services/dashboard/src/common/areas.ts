/** The overview's areas, in the order of councils' packs, and which metric ids fall in each. */
export const AREAS = [
  { id: 'front-door', title: 'Front door', prefixes: ['contacts', 'referrals'] },
  { id: 'assessment', title: 'Assessment', prefixes: ['cin', 'assessments'] },
  { id: 'child-protection', title: 'Child protection', prefixes: ['s47', 'icpc', 'cp', 'plo'] },
  { id: 'looked-after', title: 'Looked after', prefixes: ['lac'] },
  { id: 'missing', title: 'Missing', prefixes: ['missing'] },
  { id: 'care-leavers', title: 'Care leavers', prefixes: ['care-leavers'] },
  { id: 'workforce', title: 'Workforce', prefixes: ['caseload', 'workforce'] },
  { id: 'adoption', title: 'Adoption', prefixes: ['adoption'] },
] as const;

export const OTHER_AREA = { id: 'other', title: 'Other (tenant metrics)', prefixes: [] as string[] };

export type Area = { id: string; title: string; prefixes: readonly string[] };

/** The area of a metric id by its prefix (`lac.children` → looked after); unknown prefixes go to "Other". */
export function areaOf(metricId: string): Area {
  const prefix = metricId.split('.')[0];
  return AREAS.find((a) => (a.prefixes as readonly string[]).includes(prefix)) ?? OTHER_AREA;
}

/** Items grouped by area in the areas' order; empty areas are left out. */
export function groupByArea<T extends { metricId: string }>(items: readonly T[]): { area: Area; items: T[] }[] {
  const groups = new Map<string, { area: Area; items: T[] }>();
  for (const area of [...AREAS, OTHER_AREA]) groups.set(area.id, { area, items: [] });
  for (const item of items) groups.get(areaOf(item.metricId).id)!.items.push(item);
  return [...groups.values()].filter((g) => g.items.length > 0);
}
