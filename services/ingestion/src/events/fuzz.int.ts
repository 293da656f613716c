import { TOPICS } from '@casewatch/contracts';
import { TopicReader } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { createTenant, postEvents, startIngestion, visitEvent } from '../testing/ingestion-harness';

const CONTENT_TYPES = [
  'application/json',
  'application/cloudevents+json',
  'application/cloudevents-batch+json',
  'application/x-ndjson',
  'text/plain',
  'application/xml',
];
const REQUIRED = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'tenant', 'data'];

/** Changes that always make an event invalid, so any 202 is a bug. */
function mutation(): fc.Arbitrary<(e: Record<string, unknown>) => Record<string, unknown>> {
  const notDate = fc.string().filter((s) => Number.isNaN(Date.parse(s)) || !/^\d{4}-\d{2}-\d{2}/.test(s));
  return fc.oneof(
    fc.constantFrom(...REQUIRED).map((k) => (e: Record<string, unknown>) => {
      const copy = { ...e };
      delete copy[k];
      return copy;
    }),
    fc.string({ minLength: 1, maxLength: 12 }).map((k) => (e: Record<string, unknown>) => ({ ...e, [`x_${k}`]: 1 })),
    fc.string({ minLength: 1, maxLength: 12 }).map((k) => (e: Record<string, unknown>) => ({
      ...e,
      data: { ...(e.data as object), [`x_${k}`]: true },
    })),
    fc
      .jsonValue()
      .filter((v) => v !== '1.0')
      .map((v) => (e: Record<string, unknown>) => ({ ...e, specversion: v })),
    notDate.map((t) => (e: Record<string, unknown>) => ({ ...e, time: t })),
    fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => (e: Record<string, unknown>) => ({
      ...e,
      subject: `${a} ${b}`,
    })),
    fc
      .string()
      .filter((k) => !['cp', 'cin', 'lac'].includes(k))
      .map((k) => (e: Record<string, unknown>) => ({
        ...e,
        data: { ...(e.data as object), kind: k },
      })),
    fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer())).map((v) => (e: Record<string, unknown>) => ({
      ...e,
      data: { ...(e.data as object), visitId: v },
    })),
    fc.constant((e: Record<string, unknown>) => ({ ...e, time: new Date(Date.now() + 3 * 86_400_000).toISOString() })),
  );
}

describe('POST /v1/events under random and mutated bodies', () => {
  let app: NestFastifyApplication;
  let tenant: string;
  const reader = new TopicReader(TOPICS.caseEvents);

  beforeAll(async () => {
    app = await startIngestion();
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await app.close();
    await reader.close();
  });

  it('answers 4xx, never 5xx, and publishes nothing', async () => {
    const mark = await reader.mark();
    const statuses = new Map<number, number>();
    const record = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);

    const randomBody = fc.record({
      body: fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.string(),
        fc.uint8Array().map((b) => Buffer.from(b).toString('latin1')),
      ),
      type: fc.constantFrom(...CONTENT_TYPES),
    });
    await fc.assert(
      fc.asyncProperty(randomBody, async ({ body, type }) => {
        const res = await postEvents(app, body, type);
        record(res.statusCode);
        return res.statusCode >= 400 && res.statusCode < 500;
      }),
      { numRuns: 1500 },
    );

    const mutatedBatch = fc.record({
      size: fc.integer({ min: 1, max: 20 }),
      badAt: fc.nat(),
      mutate: mutation(),
      type: fc.constantFrom('application/cloudevents-batch+json', 'application/x-ndjson', 'application/json'),
    });
    await fc.assert(
      fc.asyncProperty(mutatedBatch, async ({ size, badAt, mutate, type }) => {
        const events = Array.from({ length: size }, () => visitEvent(tenant));
        events[badAt % size] = mutate(events[badAt % size]);
        const body = type === 'application/x-ndjson' ? events.map((e) => JSON.stringify(e)).join('\n') : JSON.stringify(events);
        const res = await postEvents(app, body, type);
        record(res.statusCode);
        return res.statusCode === 400;
      }),
      { numRuns: 1500 },
    );

    const published = await reader.readSince(mark, (m) => m.key?.startsWith(`${tenant}:`) ?? false);
    expect(published).toHaveLength(0);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  });
});
