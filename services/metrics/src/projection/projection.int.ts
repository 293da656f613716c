import { generateHistory } from '@casewatch/event-generator';
import { ruleConfigOf, rulesVersion, TenantSettingsStore } from '@casewatch/tenant-settings';
import { Scenario, uniqueId, type ScenarioEvent } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import {
  type CareDefinition,
  type CaseloadDefinition,
  type CheckDefinition,
  isRuleDefinition,
  type LatestDefinition,
  type OpenDefinition,
  type RuleDefinition,
} from '../catalogue/metric-definition';
import { CareFigures } from '../figures/care-figures';
import { CareFiguresStore } from '../figures/care-figures.store';
import { ChildDeadlines } from '../figures/child-deadlines';
import { ChildEventsStore } from '../figures/child-events.store';
import { resolvePeriod } from '../catalogue/periods';
import { RuleFigures } from '../figures/rule-figures';
import { startMetrics } from '../testing/metrics-harness';
import { projectedByThisBuild } from '../testing/reproject';
import { storeHas } from '../testing/store-counts';
import { casesSql, figureSql } from '../figures/event-figures.store';
import { isProjectedOpen, ITEMS_VERSION } from './open-items';
import { ProjectedFactsStore } from './projected-facts.store';
import { ProjectionQueue } from './projection-queue';

jest.setTimeout(180_000);
const SETTINGS = { name: 'Projected', nation: 'england' as const, population0to17: 8000 };
const RULE_METRICS = METRIC_CATALOGUE.filter((m) => isRuleDefinition(m.definition));

/**
 * Rule-based figures answered from the per-child projections equal those from evaluating every
 * child's events, for past and running periods, moments of knowledge and scopes; and a change of
 * rules projects the tenant's children again.
 */
describe('figures from the projections', () => {
  let app: NestFastifyApplication;
  const s = new Scenario(uniqueId('proj'));
  const history = [...generateHistory({ tenant: s.tenant, seed: 7, children: 80, from: '2024-04-01', to: '2026-10-31' })] as unknown as ScenarioEvent[];

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish(SETTINGS, history, storeHas(app, s.tenant, history.length));
    await projectedByThisBuild(app, s.tenant);
  });
  afterAll(async () => {
    await s.close();
    await app.close();
  });

  const both = () => {
    const projected = app.get(RuleFigures);
    // The same figures with the projection never caught up: every child's events evaluated.
    const fromEvents = new RuleFigures(app.get(ChildDeadlines), app.get(ProjectedFactsStore), { caughtUp: async () => false } as unknown as ProjectionQueue);
    return { projected, fromEvents };
  };

  const compare = async (labels: string[], asAts: (end: number) => number[], scopes: ({ kind: 'team' | 'worker'; id: string } | undefined)[]) => {
    const known = await app.get(TenantSettingsStore).get(s.tenant);
    if (!known) throw new Error('tenant not stored');
    const { projected, fromEvents } = both();
    let compared = 0;
    for (const label of labels) {
      const period = resolvePeriod(label, Date.parse('2026-11-15T12:00:00Z'));
      if (!period) throw new Error(label);
      for (const asAt of asAts(Date.parse(`${period.last}T23:59:59Z`))) {
        for (const scope of scopes) {
          const q = { tenant: s.tenant, scope, first: period.first, last: period.last, asAt: new Date(asAt).toISOString() };
          for (const m of RULE_METRICS) {
            const def = m.definition as RuleDefinition | CheckDefinition;
            const a = await projected.figure(def, q, known, period, asAt);
            const b = await fromEvents.figure(def, q, known, period, asAt);
            expect({ metric: m.id, label, asAt, scope, ...a }).toEqual({ metric: m.id, label, asAt, scope, ...b });
            compared++;
          }
        }
      }
    }
    return compared;
  };

  it('equal the figures from the events for past periods, moments of knowledge and scopes', async () => {
    const teams = [...new Set(history.map((e) => (e.data as { teamId?: string }).teamId).filter((t): t is string => typeof t === 'string'))];
    const workers = [...new Set(history.map((e) => (e.data as { workerId?: string }).workerId).filter((w): w is string => typeof w === 'string'))];
    expect(teams.length).toBeGreaterThan(0);
    const day = 86_400_000;
    const compared = await compare(
      ['2025-01', '2025-06', '2026-03', 'fy2025'],
      (end) => [end - 10 * day, end + 3 * day, end + 20 * day, Date.parse('2026-11-15T12:00:00Z')],
      [undefined, { kind: 'team', id: teams[0] }, { kind: 'worker', id: workers[0] }],
    );
    expect(compared).toBe(4 * 4 * 3 * RULE_METRICS.length);
  });

  it('count open items as the SQL over the events does, for periods, moments of knowledge and scopes', async () => {
    const reader = app.get(ProjectedFactsStore);
    const db = app.get(DataSource);
    const teams = [...new Set(history.map((e) => (e.data as { teamId?: string }).teamId).filter((t): t is string => typeof t === 'string'))];
    const opens = METRIC_CATALOGUE.map((m) => m.definition).filter((d): d is OpenDefinition => d.kind === 'open' && isProjectedOpen(d));
    expect(opens.length).toBeGreaterThanOrEqual(8);
    let nonZero = 0;
    for (const last of ['2024-09-30', '2025-03-31', '2025-12-31', '2026-10-31']) {
      for (const asAt of [Date.parse(`${last}T12:00:00Z`), Date.parse('2026-11-15T12:00:00Z')]) {
        for (const scope of [undefined, { kind: 'team' as const, id: teams[0] }]) {
          const q = { tenant: s.tenant, scope, first: `${last.slice(0, 7)}-01`, last, asAt: new Date(asAt).toISOString() };
          for (const d of opens) {
            const sql = figureSql(d, q);
            const [row]: { numerator: number }[] = await db.query(sql.text, sql.params);
            const projected = await reader.openFigure(d, q, asAt);
            expect({ d, last, asAt, scope, n: projected }).toEqual({ d, last, asAt, scope, n: row.numerator });
            if (projected > 0) nonZero++;
            const cases = casesSql(d, q, 50);
            expect(await reader.openCases({ def: d, q, asAt, limit: 50 })).toEqual(await db.query(cases.text, cases.params));
          }
        }
      }
    }
    expect(nonZero).toBeGreaterThan(opens.length * 4);
  });

  it('give caseloads as the SQL over the events does', async () => {
    const reader = app.get(ProjectedFactsStore);
    const db = app.get(DataSource);
    const teams = [...new Set(history.map((e) => (e.data as { teamId?: string }).teamId).filter((t): t is string => typeof t === 'string'))];
    const workers = [...new Set(history.map((e) => (e.data as { workerId?: string }).workerId).filter((w): w is string => typeof w === 'string'))];
    const caseloads = METRIC_CATALOGUE.map((m) => m.definition).filter((d): d is CaseloadDefinition => d.kind === 'caseload');
    expect(caseloads.length).toBe(2);
    let nonZero = 0;
    for (const last of ['2024-09-30', '2025-03-31', '2025-12-31', '2026-10-31']) {
      for (const asAt of [Date.parse(`${last}T12:00:00Z`), Date.parse('2026-11-15T12:00:00Z')]) {
        for (const scope of [undefined, { kind: 'team' as const, id: teams[0] }, { kind: 'worker' as const, id: workers[1] }]) {
          const q = { tenant: s.tenant, scope, first: `${last.slice(0, 7)}-01`, last, asAt: new Date(asAt).toISOString() };
          for (const d of caseloads) {
            const sql = figureSql(d, q);
            const [row]: { numerator: number; denominator: number }[] = await db.query(sql.text, sql.params);
            const projected = await reader.caseload(d, q, asAt);
            expect({ d, last, asAt, scope, ...projected }).toEqual({ d, last, asAt, scope, ...row });
            if (projected.numerator > 0) nonZero++;
          }
        }
      }
    }
    expect(nonZero).toBeGreaterThan(10);
  });

  it('give the latest-event shares as the SQL over the events does (whole tenant)', async () => {
    const reader = app.get(ProjectedFactsStore);
    const db = app.get(DataSource);
    const latest = METRIC_CATALOGUE.map((m) => m.definition).filter((d): d is LatestDefinition => d.kind === 'latest');
    expect(latest.length).toBe(3);
    let nonZero = 0;
    for (const last of ['2024-09-30', '2025-03-31', '2025-12-31', '2026-10-31']) {
      for (const asAt of [Date.parse(`${last}T12:00:00Z`), Date.parse('2026-11-15T12:00:00Z')]) {
        const q = { tenant: s.tenant, first: `${last.slice(0, 7)}-01`, last, asAt: new Date(asAt).toISOString() };
        for (const d of latest) {
          const sql = figureSql(d, q);
          const [row]: { numerator: number; denominator: number }[] = await db.query(sql.text, sql.params);
          const projected = await reader.latest(d, q, asAt);
          expect({ d, last, asAt, ...projected }).toEqual({ d, last, asAt, ...row });
          if (projected.denominator > 0) nonZero++;
        }
      }
    }
    expect(nonZero).toBeGreaterThan(6);
  });

  it("give the looked-after figures as reading every child's events does, with their cases", async () => {
    const projected = app.get(CareFigures);
    const fromEvents = new CareFigures(app.get(CareFiguresStore), app.get(ChildEventsStore), { caughtUp: async () => false } as unknown as ProjectionQueue);
    const teams = [...new Set(history.map((e) => (e.data as { teamId?: string }).teamId).filter((t): t is string => typeof t === 'string'))];
    const cares = METRIC_CATALOGUE.filter((m) => m.definition.kind === 'care');
    expect(cares.length).toBe(10);
    let nonZero = 0;
    for (const [first, last] of [
      ['2024-09-01', '2024-09-30'],
      ['2025-04-01', '2026-03-31'],
      ['2026-10-01', '2026-10-31'],
    ]) {
      for (const asAt of [Date.parse(`${last}T12:00:00Z`), Date.parse('2026-11-15T12:00:00Z')]) {
        for (const scope of [undefined, { kind: 'team' as const, id: teams[0] }]) {
          const q = { tenant: s.tenant, scope, first, last, asAt: new Date(asAt).toISOString() };
          for (const m of cares) {
            const def = m.definition as CareDefinition;
            const a = await projected.figure(def, q, asAt, 60_000);
            expect({ metric: m.id, q, ...a }).toEqual({ metric: m.id, q, ...(await fromEvents.figure(def, q, asAt)) });
            if (a.numerator > 0) nonZero++;
          }
        }
      }
    }
    expect(nonZero).toBeGreaterThan(cares.length * 2);
  });

  it('projects the tenant again when its rules change, and the figures follow', async () => {
    const known = await app.get(TenantSettingsStore).get(s.tenant);
    const q = { tenant: s.tenant, scope: undefined, first: '2025-04-01', last: '2026-03-31', asAt: '2026-11-15T12:00:00.000Z' };
    const period = resolvePeriod('fy2025', Date.parse('2026-11-15T12:00:00Z'));
    const def = METRIC_CATALOGUE.find((m) => m.id === 'assessments.within-45wd')?.definition as RuleDefinition;
    if (!known || !period) throw new Error('setup');
    const before = await app.get(RuleFigures).figure(def, q, known, period, Date.parse(q.asAt));
    await s.publishTenant({ ...SETTINGS, updatedAt: '2026-11-02T00:00:00Z', rules: { assessment: { limit: { n: 5, unit: 'working-days' } } } });
    await waitForRules(app, s.tenant);
    await projectedByThisBuild(app, s.tenant);
    const after = await compare(['fy2025'], () => [Date.parse(q.asAt)], [undefined]);
    expect(after).toBe(RULE_METRICS.length);
    const changed = await app.get(RuleFigures).figure(def, q, (await app.get(TenantSettingsStore).get(s.tenant)) ?? known, period, Date.parse(q.asAt));
    expect(changed.denominator).toBe(before.denominator);
    expect(changed.numerator).toBeLessThan(before.numerator ?? 0);
  });
});

/** Until the projection knows the tenant's new rules (its children are queued in the same transaction). */
async function waitForRules(app: NestFastifyApplication, tenant: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const known = await app.get(TenantSettingsStore).get(tenant);
    const [row]: { rules_version: string }[] = await app.get(DataSource).query('SELECT rules_version FROM projected_tenants WHERE tenant = $1', [tenant]);
    if (known?.settings.rules && row?.rules_version === `${rulesVersion(ruleConfigOf(known.settings))}:${ITEMS_VERSION}`) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('new rules not taken up');
}
