// What the chaos run checks afterwards, from the services' own stores and API.
import { Client } from 'pg';
import { TEST_ENV } from '@casewatch/testing';

export async function withDb<T>(database: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ host: TEST_ENV.PGHOST, port: Number(TEST_ENV.PGPORT), user: TEST_ENV.PGUSER, database });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** `source id` of every event a service's store holds for the tenant (once each: its primary key). */
export async function storedIds(database: string, tenant: string): Promise<Set<string>> {
  return withDb(database, async (db) => {
    const { rows } = await db.query<{ k: string }>(`SELECT source || ' ' || event_id AS k FROM case_events WHERE tenant = $1`, [tenant]);
    return new Set(rows.map((r) => r.k));
  });
}

export function missing(expected: Set<string>, actual: Set<string>): string[] {
  return [...expected].filter((k) => !actual.has(k));
}

/** Every figure of every metric for these periods, as known at `asAt`, keyed `metricId period`. */
export async function figures(metricsUrl: string, tenant: string, periods: string[], asAt: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const period of periods) {
    const res = await fetch(`${metricsUrl}/v1/tenants/${tenant}/metrics?period=${period}&asAt=${asAt}`, { headers: { authorization: 'Bearer dev-admin' } });
    if (res.status !== 200) throw new Error(`figures of ${tenant} for ${period}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { items: { metricId: string; value: unknown; numerator: unknown; denominator: unknown }[] };
    for (const m of body.items) out.set(`${m.metricId} ${period}`, { value: m.value, numerator: m.numerator, denominator: m.denominator });
  }
  return out;
}

export function differences(a: Map<string, unknown>, b: Map<string, unknown>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys]
    .filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k)))
    .map((k) => `${k}: ${JSON.stringify(a.get(k))} vs ${JSON.stringify(b.get(k))}`);
}

/** Deadlines by rule and state, as the alerting service stores them. */
export async function deadlineCounts(database: string, tenant: string): Promise<Map<string, unknown>> {
  return withDb(database, async (db) => {
    const { rows } = await db.query<{ rule: string; state: string; n: number }>(
      `SELECT rule, state, count(*)::int AS n FROM deadlines WHERE tenant = $1 GROUP BY rule, state`,
      [tenant],
    );
    return new Map(rows.map((r) => [`${r.rule} ${r.state}`, r.n]));
  });
}

/** The alerts the alerting service fired for the tenant, as `deadlineId kind`. */
export async function firedAlerts(database: string, tenant: string): Promise<Set<string>> {
  return withDb(database, async (db) => {
    const { rows } = await db.query<{ k: string }>(`SELECT deadline_id || ' ' || kind AS k FROM alerts WHERE tenant = $1`, [tenant]);
    return new Set(rows.map((r) => r.k));
  });
}

/** Deliveries not yet done (pending or retrying) for the tenant. */
export async function deliveriesLeft(database: string, tenant: string): Promise<number> {
  return withDb(database, async (db) => {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE tenant = $1 AND status = 'pending'`, [tenant]);
    return rows[0].n;
  });
}
