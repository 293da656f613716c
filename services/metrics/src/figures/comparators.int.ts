import { compileValidator, MetricList, MetricWithHistory, TOPICS } from '@casewatch/contracts';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const ADMIN = { authorization: 'Bearer dev-admin' };

/** `MetricValue.comparators` from the tenant settings followed on csc.tenants.v1 (metrics.md "Comparators"). */
describe('comparators beside the figures', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'comparators-test' });
  const producer = new BatchingPublisher(kafka);
  const tenant = uniqueId('cmp');
  let app: NestFastifyApplication;

  const comparators = {
    'lac.rate10k': [
      { name: 'England', period: 'fy2024', value: 70, source: 'DfE CLA 2025' },
      { name: 'England', period: 'fy2025', value: 71 },
      { name: 'England', period: 'fy2026', value: 72 },
      { name: 'Statistical neighbours', period: 'fy2026', value: 95.5 },
    ],
  };

  const get = async (path: string) => {
    const res = await app.inject({ url: `/v1/tenants/${tenant}${path}`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    app = await startMetrics();
    const settings = { tenant, name: 'Comparators', nation: 'england', population0to17: 50_000, comparators, updatedAt: new Date().toISOString() };
    await producer.publish(TOPICS.tenants, [{ key: tenant, value: JSON.stringify(settings) }]);
    const ds = app.get(DataSource);
    await waitFor(
      async () => {
        const [{ t }] = await ds.query('SELECT count(*)::int AS t FROM tenant_settings WHERE tenant = $1', [tenant]);
        return t === 1 ? true : undefined;
      },
      { what: 'settings stored', timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await app.close();
    await producer.disconnect();
  });

  it('gives a May 2026 figure the fy2025 England value, and leaves out a name with nothing up to May', async () => {
    const value = await get('/metrics/lac.rate10k?period=2026-05');
    expect(value.comparators).toEqual([{ name: 'England', period: 'fy2025', value: 71 }]);
    expect(compileValidator(MetricWithHistory)(value).ok).toBe(true);
  });

  it('gives the financial year its own year, and each month of a history its own comparators', async () => {
    expect((await get('/metrics/lac.rate10k?period=fy2026')).comparators).toEqual([
      { name: 'England', period: 'fy2026', value: 72 },
      { name: 'Statistical neighbours', period: 'fy2026', value: 95.5 },
    ]);
    const withHistory = await get('/metrics/lac.rate10k?period=2025-04&history=2');
    expect(withHistory.history.map((h: { period: string; comparators: unknown }) => [h.period, h.comparators])).toEqual([
      ['2025-03', [{ name: 'England', period: 'fy2024', value: 70 }]],
      ['2025-04', [{ name: 'England', period: 'fy2024', value: 70 }]],
    ]);
  });

  it('leaves the field out of metrics the tenant has no comparators for', async () => {
    const list = await get('/metrics?period=2026-05');
    expect(compileValidator(MetricList)(list).ok).toBe(true);
    const withComparators = list.items.filter((v: { comparators?: unknown }) => v.comparators !== undefined).map((v: { metricId: string }) => v.metricId);
    expect(withComparators).toEqual(['lac.rate10k']);
  });
});
