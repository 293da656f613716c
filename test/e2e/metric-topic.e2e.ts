import { caseEventKey, TOPICS, type MetricValue } from '@casewatch/contracts';
import { followMetrics } from '@casewatch/examples';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { TopicReader, uniqueId, waitFor } from '@casewatch/testing';
import { addDays, londonDateOf } from '@casewatch/timescales';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { startBuiltService, stop, waitReady, type RunningService } from '../support/services';

const CONTRACTS = resolve(__dirname, '../../contracts');

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const PORT = 13140;
const MONTHS = 4;
// The running month and the three before it; the financial years they touch.
const TOPIC_ENV = {
  LOG_LEVEL: 'debug',
  METRICS_TOPIC: 'true',
  METRICS_TOPIC_MONTHS: String(MONTHS),
  METRICS_TOPIC_REST_FACTOR: '0',
  METRICS_TOPIC_REFRESH_MS: '2000',
};

interface Period {
  label: string;
  first: string;
  last: string;
}

/** The periods the topic carries (api.md), as a consumer would list them: months, then financial years. */
function topicPeriods(now: number): Period[] {
  const today = londonDateOf(now);
  const months: Period[] = [];
  for (let first = `${today.slice(0, 7)}-01`; months.length < MONTHS; first = `${addDays(first, -1).slice(0, 7)}-01`) {
    months.unshift({ label: first.slice(0, 7), first, last: addDays(`${addDays(first, 31).slice(0, 7)}-01`, -1) });
  }
  const fy = (date: string) => Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) < 4 ? 1 : 0);
  const years: Period[] = [];
  for (let y = fy(months[0].first); y <= fy(today); y++) years.push({ label: `fy${y}`, first: `${y}-04-01`, last: `${y + 1}-03-31` });
  return [...months, ...years];
}
const AUTH = { authorization: 'Bearer dev-admin' };

type Figure = Record<string, unknown>;
const comparable = ({ asOf: _a, tenant: _t, ...rest }: Figure) => rest;

/**
 * A consumer that knows only the topic (examples/metric-table.ts) holds every figure the API
 * gives: each metric, for `la` and every team and worker in use, for every period the topic
 * carries, through a closed month's final, a late event that revises it, and restarts.
 */
jest.setTimeout(300_000);

describe('csc.metrics.v1 read from the beginning equals the API', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'metric-topic-test' });
  const producer = new BatchingPublisher(kafka);
  const reader = new TopicReader(TOPICS.metrics);
  const tenant = uniqueId('topic');
  const source = `urn:la:999:${tenant}`;
  const now = Date.now();
  const today = londonDateOf(now);
  // Three months back: its reporting cut-off (10 working days after its end) has passed.
  const closed = topicPeriods(now)[0];
  const day = (n: number) => addDays(closed.first, n);
  let metrics: RunningService;
  let catalogue: string[];
  const url = `http://127.0.0.1:${PORT}`;
  let follower: Awaited<ReturnType<typeof followMetrics>>;
  let start: Map<number, string>;

  // Events of the closed month were known the day after they happened, before its cut-off.
  const send = async (events: [string, string, string, Record<string, unknown>][], known?: (time: string) => string) => {
    await producer.publish(
      TOPICS.caseEvents,
      events.map(([subject, type, time, data]) => ({
        key: caseEventKey(tenant, subject),
        value: JSON.stringify({
          specversion: '1.0',
          id: uniqueId('e'),
          source,
          type,
          time,
          subject,
          tenant,
          data,
          ...(known && { recordedtime: known(time) }),
        }),
      })),
    );
  };
  const nextDay = (time: string) => (time < `${closed.last}T99` ? `${addDays(time.slice(0, 10), 1)}T12:00:00Z` : new Date().toISOString());

  // la, and each team and worker with a child allocated by the period's end (nobody is unallocated here).
  const allocations: [string, string, string][] = [
    [day(5), 'T1', 'W1'],
    [day(10), 'T2', 'W2'],
    [today, 'T1', 'W3'],
  ];
  const expectedKeys = () => {
    const keys: string[] = [];
    for (const p of topicPeriods(Date.now())) {
      const scopes = new Set(['la']);
      for (const [date, team, worker] of allocations) if (date <= p.last) scopes.add(`team:${team}`).add(`worker:${worker}`);
      for (const scope of scopes) for (const id of catalogue) keys.push(`${tenant}:${id}:${scope}:${p.label}`);
    }
    return keys.sort();
  };

  let difference = '';
  /** Every figure of the tenant on the topic, as the API gives it now. */
  const topicEqualsApi = async (): Promise<true | undefined> => {
    const mine = [...follower.table.keys()].filter((k) => k.startsWith(`${tenant}:`)).sort();
    const expected = expectedKeys();
    if (JSON.stringify(mine) !== JSON.stringify(expected)) {
      difference = `missing ${expected
        .filter((k) => !follower.table.has(k))
        .slice(0, 5)
        .join(', ')}; unexpected ${mine
        .filter((k) => !expected.includes(k))
        .slice(0, 5)
        .join(', ')}`;
      return undefined;
    }
    const units = new Set(mine.map((k) => k.split(':').slice(2).join(':')));
    for (const unit of units) {
      const period = unit.slice(unit.lastIndexOf(':') + 1);
      const scope = unit.slice(0, unit.lastIndexOf(':'));
      const res = await fetch(`${url}/v1/tenants/${tenant}/metrics?period=${period}&scope=${scope}`, { headers: AUTH });
      const api = (await res.json()) as { items: MetricValue[] };
      for (const item of api.items) {
        const held = follower.table.get(`${tenant}:${item.metricId}:${scope}:${period}`);
        if (!held || JSON.stringify(comparable(held)) !== JSON.stringify(comparable(item as unknown as Figure))) {
          difference = `${item.metricId} ${scope} ${period}: topic ${JSON.stringify(held && comparable(held))}, API ${JSON.stringify(comparable(item as unknown as Figure))}`;
          return undefined;
        }
      }
    }
    return true;
  };

  const settle = (what: string) =>
    waitFor(topicEqualsApi, { timeoutMs: 150_000, intervalMs: 1000, what }).catch((err: Error) => {
      throw new Error(`${err.message}: ${difference}`);
    });

  beforeAll(async () => {
    start = await reader.mark();
    follower = await followMetrics(BROKERS, uniqueId('example-consumer'));
    metrics = startBuiltService('metrics', PORT, TOPIC_ENV);
    await waitReady(metrics);
    await producer.publish(TOPICS.tenants, [
      { key: tenant, value: JSON.stringify({ tenant, name: 'Topic', nation: 'england', population0to17: 10000, updatedAt: '2026-11-01T00:00:00Z' }) },
    ]);
    await waitFor(async () => (await fetch(`${url}/v1/tenants/${tenant}/metrics/contacts.received`, { headers: AUTH })).status === 200, {
      what: 'tenant known',
    });
    const list = (await (await fetch(`${url}/v1/tenants/${tenant}/metrics`, { headers: AUTH })).json()) as { items: MetricValue[] };
    catalogue = list.items.map((m) => m.metricId);
    await send(
      [
        ['C1', 'csc.contact.received', `${day(4)}`, { contactId: 'K1', source: '1A' }],
        ['C1', 'csc.referral.received', `${day(4)}`, { referralId: 'R1', source: '1A', primaryNeed: 'N1' }],
        ['C1', 'csc.worker.allocated', `${day(5)}`, { teamId: 'T1', workerId: 'W1' }],
        ['C1', 'csc.assessment.started', `${day(5)}`, { assessmentId: 'A1', referralId: 'R1' }],
        ['C1', 'csc.assessment.completed', `${day(20)}`, { assessmentId: 'A1', outcome: 'cin', factors: ['3A'] }],
        ['C2', 'csc.referral.received', `${day(9)}`, { referralId: 'R2', source: '3A', primaryNeed: 'N2' }],
        ['C2', 'csc.worker.allocated', `${day(10)}`, { teamId: 'T2', workerId: 'W2' }],
        ['C3', 'csc.referral.received', today, { referralId: 'R3', source: '1A', primaryNeed: 'N1' }],
        ['C3', 'csc.worker.allocated', today, { teamId: 'T1', workerId: 'W3' }],
        ['C4', 'csc.contact.received', new Date(now).toISOString(), { contactId: 'K4', source: '1A' }],
      ],
      nextDay,
    );
  });

  afterAll(async () => {
    if (metrics) await stop(metrics);
    await follower?.stop();
    await producer.disconnect();
    await reader.close();
  });

  it('carries every metric for la, teams and workers in use, the running month and year and the closed months', async () => {
    await settle('topic to equal the API');
    const closedKey = `${tenant}:contacts.received:la:${closed.label}`;
    expect(follower.table.get(closedKey)).toMatchObject({ value: 1, firstReported: 1, revised: false, tenant });
    const messages = await reader.readSince(start, (m) => m.key?.startsWith(`${tenant}:`) ?? false);
    // As a consumer that knows only the repository's contracts: the JSON Schema and the AsyncAPI headers.
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const valid = ajv.compile(JSON.parse(readFileSync(`${CONTRACTS}/schemas/metric-message.json`, 'utf8')));
    const asyncapi = parse(readFileSync(`${CONTRACTS}/asyncapi.yaml`, 'utf8')) as {
      components: { messages: Record<string, { headers?: { required?: string[] } }> };
    };
    const required = Object.values(asyncapi.components.messages).find((m) => m.headers?.required?.includes('figure'))?.headers?.required ?? [];
    expect(required).toEqual(expect.arrayContaining(['content-type', 'schema', 'figure']));
    for (const m of messages) {
      expect({ key: m.key, valid: valid(JSON.parse(m.value as string)), errors: valid.errors ?? null }).toEqual({ key: m.key, valid: true, errors: null });
      expect(required.filter((h) => !(h in m.headers))).toEqual([]);
    }
    expect(messages.every((m) => m.headers['content-type'] === 'application/json' && m.headers.schema === 'MetricValue/1')).toBe(true);
    // The closed month's cut-off had passed: its figures came as finals; the running month's as live.
    expect(messages.find((m) => m.key === closedKey)?.headers.figure).toBe('final');
    expect(messages.find((m) => m.key === `${tenant}:contacts.received:la:${today.slice(0, 7)}`)?.headers.figure).toBe('live');
  });

  it('publishes a revision of the closed month when a late event changes it, keeping its first reported value', async () => {
    const mark = await reader.mark();
    await send([['C5', 'csc.contact.received', `${day(12)}`, { contactId: 'K5', source: '1A' }]]);
    const key = `${tenant}:contacts.received:la:${closed.label}`;
    await waitFor(() => (follower.table.get(key)?.value === 2 ? true : undefined), { timeoutMs: 150_000, what: 'the revision' }).catch((e) => {
      console.log(
        metrics
          .output()
          .split('\n')
          .filter((l) => /Sweeper|MetricTopic|Live/.test(l))
          .slice(-80)
          .join('\n'),
      );
      throw e;
    });
    expect(follower.table.get(key)).toMatchObject({ value: 2, firstReported: 1, revised: true });
    const revision = (await reader.readSince(mark, (m) => m.key === key)).pop();
    expect(revision?.headers.figure).toBe('revision');
    await settle('topic to equal the API after the revision');
  });

  it('publishes every period and scope again when the tenant sets a target (target and RAG change) and comparators', async () => {
    const targets = { 'assessments.within-45wd': { target: 80, amberTolerance: 5 } };
    const comparators = { 'assessments.within-45wd': [{ name: 'England', period: 'fy2020', value: 82.7, source: 'DfE CIN 2021' }] };
    await producer.publish(TOPICS.tenants, [
      {
        key: tenant,
        value: JSON.stringify({ tenant, name: 'Topic', nation: 'england', population0to17: 10000, targets, comparators, updatedAt: new Date().toISOString() }),
      },
    ]);
    const key = `${tenant}:assessments.within-45wd:team:T1:${closed.label}`;
    await waitFor(() => (follower.table.get(key)?.rag === 'green' ? true : undefined), {
      timeoutMs: 150_000,
      what: 'the closed month figure with its new RAG',
    });
    expect(follower.table.get(key)).toMatchObject({ target: 80, rag: 'green', value: 100, comparators: [{ name: 'England', period: 'fy2020', value: 82.7 }] });
    await settle('topic to equal the API after the new target');
  });

  it('after a restart, publishes only figures that changed', async () => {
    const before = new Map([...follower.table].filter(([k]) => k.startsWith(`${tenant}:`)));
    const mark = await reader.mark();
    expect(await stop(metrics)).toBe(0);
    metrics = startBuiltService('metrics', PORT, TOPIC_ENV);
    await waitReady(metrics);
    // The restarted service recomputes every figure of the tenant once its events arrive again.
    await send([['C6', 'csc.contact.received', new Date().toISOString(), { contactId: 'K6', source: '1A' }]]);
    const running = `${tenant}:contacts.received:la:${today.slice(0, 7)}`;
    await waitFor(() => (follower.table.get(running)?.value === 2 ? true : undefined), { timeoutMs: 150_000, what: 'the new contact' });
    await settle('topic to equal the API after the restart');
    const after = await reader.readSince(mark, (m) => m.key?.startsWith(`${tenant}:`) ?? false);
    expect(after.length).toBeGreaterThan(0);
    for (const m of after) {
      const had = before.get(m.key as string);
      expect({ key: m.key, same: had !== undefined && JSON.stringify(comparable(had)) === JSON.stringify(comparable(JSON.parse(m.value as string))) }).toEqual({
        key: m.key,
        same: false,
      });
    }
  });
});
