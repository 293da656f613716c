import { TOPICS, caseEventKey } from '@casewatch/contracts';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const ADMIN = { authorization: 'Bearer dev-admin' };

/**
 * A hand-computed October 2026 (complete; its reporting cut-off is the end of Friday 13 November,
 * the 10th working day after 31 October).
 */
describe('metrics from a hand-computed scenario', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'figures-test' });
  const producer = new BatchingPublisher(kafka);
  const tenant = uniqueId('fig');
  let app: NestFastifyApplication;
  let n = 0;

  const ev = (subject: string, type: string, time: string, data: Record<string, unknown>, recordedtime = `${time}T12:00:00Z`) => ({
    specversion: '1.0',
    id: `e${++n}`,
    source: `urn:la:999:${tenant}`,
    type,
    time,
    subject,
    tenant,
    recordedtime,
    data,
  });

  const events = [
    // C1: two CP plans open (a child counts once), since September.
    ev('C1', 'csc.cp-plan.started', '2026-09-10', { cpPlanId: 'P1', category: 'NEG' }),
    ev('C1', 'csc.cp-plan.started', '2026-09-20', { cpPlanId: 'P1b', category: 'EMO' }),
    // C2: a plan started and ended in October; the event names team T1 itself.
    ev('C2', 'csc.cp-plan.started', '2026-10-05', { cpPlanId: 'P2', category: 'PHY', teamId: 'T1' }),
    ev('C2', 'csc.cp-plan.ended', '2026-10-20', { cpPlanId: 'P2' }),
    // C3: an October plan recorded after the cut-off: in value, not in firstReported.
    ev('C3', 'csc.cp-plan.started', '2026-10-07', { cpPlanId: 'P3', category: 'SAB' }, '2026-11-20T09:00:00Z'),
    // C5: became looked after in October; retracted after the cut-off.
    ev('C5', 'csc.lac.started', '2026-10-12', { periodId: 'L5', legalStatus: 'C2', placementType: 'U1' }),
    // C6, C7: looked after since September, ceased in October (adopted; home to parents).
    ev('C6', 'csc.lac.started', '2026-09-01', { periodId: 'L6', legalStatus: 'C2', placementType: 'U1' }),
    ev('C7', 'csc.lac.started', '2026-09-02', { periodId: 'L7', legalStatus: 'V2', placementType: 'U3' }),
    ev('C6', 'csc.lac.ended', '2026-10-15', { periodId: 'L6', reason: 'E11' }),
    ev('C7', 'csc.lac.ended', '2026-10-16', { periodId: 'L7', reason: 'E13' }),
    // Allocations: C1 held by SW1 in T1 from September; C3 by SW2 in T2 from October.
    ev('C1', 'csc.worker.allocated', '2026-09-01', { workerId: 'SW1', teamId: 'T1' }),
    ev('C3', 'csc.worker.allocated', '2026-10-01', { workerId: 'SW2', teamId: 'T2' }),
    // C8: a short break, excluded from every LAC figure.
    ev('C8', 'csc.lac.started', '2026-10-01', { periodId: 'L8', legalStatus: 'V3', placementType: 'U1', shortBreak: true }),
  ];
  const retraction = ev('C5', 'csc.event.retracted', '2026-11-18', { id: 'e6' }, '2026-11-18T09:00:00Z');
  if (events[5].subject !== 'C5') throw new Error('the retraction must name C5 lac.started');

  const get = async (path: string) => {
    const res = await app.inject({ url: `/v1/tenants/${tenant}${path}`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    app = await startMetrics();
    await producer.publish(TOPICS.tenants, [
      {
        key: tenant,
        value: JSON.stringify({
          tenant,
          name: 'Figures',
          nation: 'england',
          population0to17: 50_000,
          targets: { 'lac.adopted': { target: 60, amberTolerance: 15 } },
          updatedAt: '2026-11-01T00:00:00Z',
        }),
      },
    ]);
    await producer.publish(
      TOPICS.caseEvents,
      [...events, retraction].map((e) => ({ key: caseEventKey(tenant, e.subject), value: JSON.stringify(e) })),
    );
    const ds = app.get(DataSource);
    await waitFor(
      async () => {
        const [{ c }] = await ds.query('SELECT count(*)::int AS c FROM case_events WHERE tenant = $1', [tenant]);
        const [{ t }] = await ds.query('SELECT count(*)::int AS t FROM tenant_settings WHERE tenant = $1', [tenant]);
        return c === events.length + 1 && t === 1 ? true : undefined;
      },
      { what: 'scenario applied', timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await app.close();
    await producer.disconnect();
  });

  it('counts children on a CP plan once, with a late record revising the figure after the cut-off', async () => {
    const cp = await get('/metrics/cp.children?period=2026-10');
    expect(cp).toMatchObject({ metricId: 'cp.children', period: '2026-10', scope: 'la', value: 2, firstReported: 1, revised: true });
    expect(cp.direction).toBe('up'); // September: C1 only
    expect(await get('/metrics/cp.started?period=2026-10')).toMatchObject({ value: 2, firstReported: 1 });
    expect(await get('/metrics/cp.ended?period=2026-10')).toMatchObject({ value: 1, revised: false });
    expect(await get('/metrics/cp.rate10k?period=2026-10')).toMatchObject({ unit: 'rate10k', value: 0.4 });
  });

  it('lists the children behind a figure with their dates', async () => {
    const cases = await get('/metrics/cp.children/cases?period=2026-10');
    expect(cases.items).toEqual([
      { subject: 'C1', dates: ['2026-09-10', '2026-09-20'] },
      { subject: 'C3', dates: ['2026-10-07'] },
    ]);
    expect((await get('/metrics/lac.adopted/cases?period=2026-10')).items).toEqual([{ subject: 'C6', dates: ['2026-10-15'] }]);
  });

  it('cuts figures by the team or worker holding the case at the relevant date', async () => {
    expect(await get('/metrics/cp.children?period=2026-10&scope=team:T1')).toMatchObject({ scope: 'team:T1', value: 1 });
    expect(await get('/metrics/cp.children?period=2026-10&scope=team:T2')).toMatchObject({ value: 1, firstReported: 0 });
    expect(await get('/metrics/cp.children?period=2026-10&scope=worker:SW1')).toMatchObject({ scope: 'worker:SW1', value: 1 });
    expect(await get('/metrics/cp.started?period=2026-10&scope=team:T1')).toMatchObject({ value: 1 }); // C2, named on its event
    expect(await get('/metrics/cp.started?period=2026-10&scope=team:T9')).toMatchObject({ value: 0 });
    expect((await get('/metrics/cp.children/cases?period=2026-10&scope=team:T2')).items).toEqual([{ subject: 'C3', dates: ['2026-10-07'] }]);
    const bad = await app.inject({ url: `/v1/tenants/${tenant}/metrics?scope=region:north`, headers: ADMIN });
    expect(bad.statusCode).toBe(400);
  });

  it('answers as the figures were known at asAt', async () => {
    const before = await get(`/metrics/cp.children?period=2026-10&asAt=${encodeURIComponent('2026-11-01T00:00:00Z')}`);
    expect(before).toMatchObject({ value: 1, asOf: '2026-11-01T00:00:00.000Z' });
  });

  it('drops a retracted event from value but not from firstReported', async () => {
    expect(await get('/metrics/lac.started?period=2026-10')).toMatchObject({ value: 0, firstReported: 1, revised: true });
    expect(await get('/metrics/lac.children?period=2026-10')).toMatchObject({ value: 0, firstReported: 1 });
    expect(await get('/metrics/lac.children?period=2026-09')).toMatchObject({ value: 2 });
  });

  it('gives percentages with numerator and denominator, null on an empty denominator, and RAG against the target', async () => {
    expect(await get('/metrics/lac.ceased?period=2026-10')).toMatchObject({ value: 2 });
    expect(await get('/metrics/lac.adopted?period=2026-10')).toMatchObject({
      unit: 'percent',
      value: 50,
      numerator: 1,
      denominator: 2,
      target: 60,
      rag: 'amber',
    });
    expect(await get('/metrics/lac.ceased-permanence?period=2026-10')).toMatchObject({ value: 50, rag: null });
    expect(await get('/metrics/lac.ceased-sgo?period=2026-10')).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
    expect(await get('/metrics/lac.adopted?period=2026-09')).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });

  it('lists every computed metric, gives monthly history, and refuses bad queries', async () => {
    const all = await get('/metrics?period=fy2026');
    expect(all.items.find((m: { metricId: string }) => m.metricId === 'cp.started')).toMatchObject({ period: 'fy2026', value: 4 }); // P1, P1b, P2, P3
    const withHistory = await get('/metrics/cp.children?period=2026-10&history=3');
    expect(withHistory.history.map((h: { period: string; value: number }) => [h.period, h.value])).toEqual([
      ['2026-08', 0],
      ['2026-09', 1],
      ['2026-10', 2],
    ]);
    const bad = await app.inject({ url: `/v1/tenants/${tenant}/metrics?period=2026-13`, headers: ADMIN });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/period');
    expect((await app.inject({ url: `/v1/tenants/${tenant}/metrics/no.such`, headers: ADMIN })).statusCode).toBe(404);
    expect((await app.inject({ url: `/v1/tenants/${uniqueId('none')}/metrics`, headers: ADMIN })).statusCode).toBe(404);
    expect((await app.inject({ url: `/v1/tenants/${tenant}/metrics` })).statusCode).toBe(401);
  });
});
