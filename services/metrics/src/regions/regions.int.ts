import { ApiKeyRegistry, generateApiKey, type AuthSettings } from '@casewatch/auth';
import { TOPICS, caseEventKey } from '@casewatch/contracts';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const ADMIN = 'dev-admin';

interface Answer {
  metricId: string;
  period: string;
  region: string;
  mean: number | null;
  median: number | null;
  quartilePoints: number[] | null;
  items: { tenant: string; name: string; value: number | null; rank: number | null; quartile: string | null }[];
}

/**
 * A region of five sharing tenants (then six), a tenant of the region that does not share, one
 * that names the region without saying it shares, and one sharing with another region. October
 * 2026's contacts, none decided, give each tenant hand-counted values of contacts.received (info)
 * and contacts.awaiting-decision (lower is better).
 */
describe('GET /v1/regions/{region}/metrics/{metricId}', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'regions-test' });
  const producer = new BatchingPublisher(kafka);
  const region = uniqueId('region');
  const elsewhere = uniqueId('region');
  const t = (name: string) => uniqueId(`rg${name}`);
  const tenants = { a: t('a'), b: t('b'), c: t('c'), d: t('d'), e: t('e'), x: t('x'), y: t('y'), o: t('o') };
  const contacts: Record<keyof typeof tenants, number> = { a: 5, b: 3, c: 8, d: 3, e: 12, x: 7, y: 9, o: 4 };
  const shares: Record<keyof typeof tenants, { region?: string; shareWithRegion?: boolean }> = {
    a: { region, shareWithRegion: true },
    b: { region, shareWithRegion: true },
    c: { region, shareWithRegion: true },
    d: { region, shareWithRegion: true },
    e: { region, shareWithRegion: true },
    x: { region, shareWithRegion: false },
    y: { region },
    o: { region: elsewhere, shareWithRegion: true },
  };
  const keys = {
    region: generateApiKey([`region:${region}`], ['read']),
    tenant: generateApiKey([tenants.a], ['read']),
    both: generateApiKey([`region:${region}`, tenants.a], ['read']),
    ingestOnly: generateApiKey([`region:${region}`], ['ingest']),
  };
  const auth: AuthSettings = { devTokenEnabled: true, apiKeys: new ApiKeyRegistry(Object.values(keys).map((k) => k.stored)) };
  const answers: Answer[] = [];
  let app: NestFastifyApplication;

  const settings = (name: keyof typeof tenants, updatedAt: string, extra = shares[name]) => ({
    key: tenants[name],
    value: JSON.stringify({ tenant: tenants[name], name: `Council ${name.toUpperCase()}`, nation: 'england', population0to17: 10_000, ...extra, updatedAt }),
  });

  const call = (url: string, token?: string) => app.inject({ url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const regionMetric = async (metricId: string, query = '?period=2026-10', r = region): Promise<Answer> => {
    const res = await call(`/v1/regions/${r}/metrics/${metricId}${query}`, ADMIN);
    expect(res.statusCode).toBe(200);
    const answer = res.json<Answer>();
    answers.push(answer);
    return answer;
  };
  const rows = (a: Answer) => a.items.map((i) => [i.tenant, i.value, i.rank, i.quartile]);

  beforeAll(async () => {
    app = await startMetrics({}, auth);
    await producer.publish(
      TOPICS.tenants,
      (Object.keys(tenants) as (keyof typeof tenants)[]).map((name) => settings(name, '2026-11-01T00:00:00Z')),
    );
    const events = (Object.keys(tenants) as (keyof typeof tenants)[]).flatMap((name) =>
      Array.from({ length: contacts[name] }, (_, i) => ({
        specversion: '1.0',
        id: `c${i}`,
        source: `urn:la:999:${tenants[name]}`,
        type: 'csc.contact.received',
        time: `2026-10-${String(10 + i).padStart(2, '0')}T10:00:00Z`,
        subject: `C${i}`,
        tenant: tenants[name],
        recordedtime: `2026-10-${String(10 + i).padStart(2, '0')}T12:00:00Z`,
        data: { contactId: `CT${i}`, source: '1A' },
      })),
    );
    await producer.publish(
      TOPICS.caseEvents,
      events.map((e) => ({ key: caseEventKey(e.tenant, e.subject), value: JSON.stringify(e) })),
    );
    const ds = app.get(DataSource);
    const ids = Object.values(tenants);
    await waitFor(
      async () => {
        const [{ c }] = await ds.query('SELECT count(*)::int AS c FROM case_events WHERE tenant = ANY($1)', [ids]);
        const [{ s }] = await ds.query('SELECT count(*)::int AS s FROM tenant_settings WHERE tenant = ANY($1)', [ids]);
        return c === events.length && s === ids.length ? true : undefined;
      },
      { what: 'region scenario applied', timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await app.close();
    await producer.disconnect();
  });

  it('ranks five sharing tenants lowest first for a lower-is-better metric, ties sharing the better rank, with odd-n quartiles', async () => {
    const answer = await regionMetric('contacts.awaiting-decision');
    // Sorted 3, 3, 5, 8, 12: QUARTILE.INC at positions 1, 2, 3 (n − 1 = 4) are elements.
    expect(answer).toMatchObject({ metricId: 'contacts.awaiting-decision', period: '2026-10', region, mean: 6.2, median: 5, quartilePoints: [3, 5, 8] });
    // b and d tie: in tenant id order.
    const ties = [tenants.b, tenants.d].sort();
    expect(rows(answer)).toEqual([
      [ties[0], 3, 1, 'A'],
      [ties[1], 3, 1, 'A'],
      [tenants.a, 5, 3, 'B'],
      [tenants.c, 8, 4, 'C'],
      [tenants.e, 12, 5, 'D'],
    ]);
    expect(answer.items.find((i) => i.tenant === tenants.a)?.name).toBe('Council A');
  });

  it('ranks an info metric highest first, without quartiles', async () => {
    const answer = await regionMetric('contacts.received');
    expect(answer).toMatchObject({ mean: 6.2, median: 5 });
    const ties = [tenants.b, tenants.d].sort();
    expect(rows(answer)).toEqual([
      [tenants.e, 12, 1, null],
      [tenants.c, 8, 2, null],
      [tenants.a, 5, 3, null],
      [ties[0], 3, 4, null],
      [ties[1], 3, 4, null],
    ]);
  });

  it('gives each tenant the value of its own GET /metrics/{id}', async () => {
    const answer = await regionMetric('contacts.received');
    for (const item of answer.items) {
      const own = await call(`/v1/tenants/${item.tenant}/metrics/contacts.received?period=2026-10`, ADMIN);
      expect(own.json().value).toBe(item.value);
    }
  });

  it('lists tenants without a value unranked and leaves them out of mean and median', async () => {
    // No child ceased to be looked after: nothing to divide by.
    const answer = await regionMetric('lac.adopted');
    expect(answer).toMatchObject({ mean: null, median: null, quartilePoints: null });
    expect(answer.items.map((i) => [i.value, i.rank, i.quartile])).toEqual(Array.from({ length: 5 }, () => [null, null, null]));
  });

  it('answers the running month when no period is given, and the other region with its own tenant', async () => {
    const current = await regionMetric('contacts.received', '');
    expect(current.period).toBe(new Date().toISOString().slice(0, 7));
    expect(current.items).toHaveLength(5);
    const other = await regionMetric('contacts.received', '?period=2026-10', elsewhere);
    expect(rows(other)).toEqual([[tenants.o, 4, 1, null]]);
  });

  it('answers a region no tenant shares with as an empty one', async () => {
    expect(await regionMetric('contacts.received', '?period=2026-10', uniqueId('region'))).toMatchObject({ mean: null, median: null, items: [] });
  });

  it('takes in a tenant that starts sharing: six tenants, even-n quartiles interpolated', async () => {
    await producer.publish(TOPICS.tenants, [settings('x', '2026-11-02T00:00:00Z', { region, shareWithRegion: true })]);
    const ds = app.get(DataSource);
    await waitFor(
      async () =>
        (await ds.query(`SELECT settings->'shareWithRegion' AS s FROM tenant_settings WHERE tenant = $1`, [tenants.x]))[0]?.s === true ? true : undefined,
      { what: 'x to share', timeoutMs: 30_000 },
    );
    const answer = await regionMetric('contacts.awaiting-decision');
    // Sorted 3, 3, 5, 7, 8, 12 (n − 1 = 5): Q1 at 1.25 = 3 + 0.25·2, median at 2.5 = 5 + 0.5·2, Q3 at 3.75 = 7 + 0.75·1.
    expect(answer).toMatchObject({ quartilePoints: [3.5, 6, 7.75], median: 6, mean: 6.3 });
    const byTenant = Object.fromEntries(answer.items.map((i) => [i.tenant, [i.rank, i.quartile]]));
    expect(byTenant).toEqual({
      [tenants.b]: [1, 'A'],
      [tenants.d]: [1, 'A'],
      [tenants.a]: [3, 'B'],
      [tenants.x]: [4, 'C'],
      [tenants.c]: [5, 'D'],
      [tenants.e]: [6, 'D'],
    });
    // Back to not sharing, for the test below.
    await producer.publish(TOPICS.tenants, [settings('x', '2026-11-03T00:00:00Z')]);
    await waitFor(
      async () =>
        (await ds.query(`SELECT settings->'shareWithRegion' AS s FROM tenant_settings WHERE tenant = $1`, [tenants.x]))[0]?.s === false ? true : undefined,
      { what: 'x to stop sharing', timeoutMs: 30_000 },
    );
    expect((await regionMetric('contacts.awaiting-decision')).items.map((i) => i.tenant)).not.toContain(tenants.x);
  });

  it('shows a tenant that does not share in no region answer at all', () => {
    expect(answers.length).toBeGreaterThan(5);
    // x shared for one answer of the test above (the one with six items): every other answer leaves it out.
    const withX = answers.filter((a) => JSON.stringify(a).includes(tenants.x));
    expect(withX).toHaveLength(1);
    expect(withX[0].items).toHaveLength(6);
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(tenants.y);
      expect(text).not.toContain('Council Y');
      if (answer.region === region) expect(text).not.toContain(tenants.o);
    }
  });

  it('lets a region token read the region and nothing of a tenant; a tenant token reads no region', async () => {
    const url = `/v1/regions/${region}/metrics/contacts.received?period=2026-10`;
    expect((await call(url, keys.region.key)).statusCode).toBe(200);
    expect((await call(`/v1/regions/${elsewhere}/metrics/contacts.received`, keys.region.key)).statusCode).toBe(403);
    expect((await call(`/v1/tenants/${tenants.a}/metrics/contacts.received?period=2026-10`, keys.region.key)).statusCode).toBe(404);
    expect((await call(`/v1/tenants/${tenants.a}/metrics`, keys.region.key)).statusCode).toBe(404);
    // a shares with the region, and still its token may not read it.
    const refused = await call(url, keys.tenant.key);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await call(`/v1/tenants/${tenants.a}/metrics/contacts.received?period=2026-10`, keys.tenant.key)).statusCode).toBe(200);
    // Both grants: both reads.
    expect((await call(url, keys.both.key)).statusCode).toBe(200);
    expect((await call(`/v1/tenants/${tenants.a}/metrics/contacts.received?period=2026-10`, keys.both.key)).statusCode).toBe(200);
    expect((await call(`/v1/tenants/${tenants.b}/metrics/contacts.received?period=2026-10`, keys.both.key)).statusCode).toBe(404);
    // The read role is needed, and a token at all.
    expect((await call(url, keys.ingestOnly.key)).statusCode).toBe(403);
    expect((await call(url)).statusCode).toBe(401);
  });

  it('refuses a bad region name or period with 400 and an unknown metric with 404', async () => {
    const bad = async (url: string, pointer: string) => {
      const res = await call(url, ADMIN);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
      expect(res.json().errors[0].pointer).toBe(pointer);
    };
    await bad('/v1/regions/North_East/metrics/contacts.received', '/region');
    await bad(`/v1/regions/${'a'.repeat(41)}/metrics/contacts.received`, '/region');
    await bad(`/v1/regions/${region}/metrics/contacts.received?period=2026-13`, '/period');
    await bad(`/v1/regions/${region}/metrics/contacts.received?period=2099-01`, '/period');
    // Refused before the route, as on every route.
    expect((await call(`/v1/regions/${region}/metrics/contacts.received?period=2026-10&period=2026-09`, ADMIN)).statusCode).toBe(400);
    expect((await call(`/v1/regions/${region}/metrics/no.such`, ADMIN)).statusCode).toBe(404);
    expect((await call(`/v1/regions/${region}/metrics/no.such`, keys.region.key)).statusCode).toBe(404);
  });
});
