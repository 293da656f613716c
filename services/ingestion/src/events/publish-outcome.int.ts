import { TOPICS } from '@casewatch/contracts';
import { TopicReader, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createTenant, postEvents, startIngestion, visitEvent } from '../testing/ingestion-harness';

const BATCH = 'application/cloudevents-batch+json';

// Every producer the app builds goes through this, so a test can hold back or lose Kafka's answer
// to a produce request that the broker did write (what a timeout in flight looks like).
const buildProducer = Kafka.prototype.producer;
let afterWrite: (() => Promise<void>) | undefined;
jest.spyOn(Kafka.prototype, 'producer').mockImplementation(function (this: Kafka, config) {
  const producer: Producer = buildProducer.call(this, config);
  const sendBatch = producer.sendBatch.bind(producer);
  producer.sendBatch = async (batch) => {
    const result = await sendBatch(batch);
    if (afterWrite) await afterWrite();
    return result;
  };
  return producer;
});

jest.setTimeout(60_000);

describe('POST /v1/events: what a 202, 409 and 503 promise about Kafka', () => {
  let app: NestFastifyApplication;
  let tenant: string;
  const reader = new TopicReader(TOPICS.caseEvents);

  beforeAll(async () => {
    app = await startIngestion({ PUBLISH_TIMEOUT_MS: '1500' });
    tenant = await createTenant(app);
  });

  afterEach(() => {
    afterWrite = undefined;
  });

  afterAll(async () => {
    await app.close();
    await reader.close();
  });

  const ofTenant = (m: { key: string | null }) => m.key?.startsWith(`${tenant}:`) ?? false;
  const idsOnTopicSince = async (mark: Map<number, string>) => (await reader.readSince(mark, ofTenant)).map((m) => JSON.parse(m.value as string).id as string);
  /** Whether each of these ids' receipts waits for Kafka's answer, in the order given; absent receipts left out. */
  const unconfirmed = async (ids: string[]): Promise<boolean[]> => {
    const rows: { event_id: string; unconfirmed_since: Date | null }[] = await app
      .get(DataSource)
      .query(`SELECT * FROM event_receipts WHERE tenant = $1 AND event_id = ANY($2)`, [tenant, ids]);
    return ids.flatMap((id) => rows.filter((r) => r.event_id === id).map((r) => r.unconfirmed_since !== null));
  };

  it('accepts 3,500 events of ~400 bytes for one child (one partition, ~1.4 MB) and puts them all on the topic in order', async () => {
    const subject = uniqueId('C').replace('-', '');
    const source = `urn:la:999:test:${'p'.repeat(160)}`;
    const events = Array.from({ length: 3500 }, () => visitEvent(tenant, { subject, source }));
    const body = JSON.stringify(events);
    expect(body.length / events.length).toBeGreaterThan(380);
    expect(body.length).toBeGreaterThan(1.3 * 1024 * 1024); // above the broker's 1 MB message.max.bytes

    const mark = await reader.mark();
    const res = await postEvents(app, body, BATCH);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 3500, duplicates: 0 });
    const messages = await reader.readSince(mark, ofTenant);
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
    expect(messages.map((m) => JSON.parse(m.value as string).id)).toEqual(events.map((e) => e.id));
  });

  it('answers 503 when the acknowledgement is late, keeps the receipts, and answers the retry 202 as a duplicate: each event once on the topic', async () => {
    const events = [visitEvent(tenant), visitEvent(tenant)];
    const ids = events.map((e) => e.id as string);
    let release!: () => void;
    const acknowledgement = new Promise<void>((resolve) => (release = resolve));
    afterWrite = () => acknowledgement;

    const mark = await reader.mark();
    const first = await postEvents(app, events, BATCH);
    expect(first.statusCode).toBe(503);
    expect(first.json().detail).toContain('send them again');
    // The broker has them although the answer was 503.
    await waitFor(async () => (await idsOnTopicSince(mark)).length === 2 || undefined, { what: 'the events on the topic' });

    afterWrite = undefined;
    release();
    await waitFor(async () => (await unconfirmed(ids)).join() === 'false,false' || undefined, {
      what: 'the late acknowledgement to confirm the receipts',
    });

    const retry = await postEvents(app, events, BATCH);
    expect(retry.statusCode).toBe(202);
    expect(retry.json()).toEqual({ accepted: 0, duplicates: 2, ids });
    expect((await idsOnTopicSince(mark)).sort()).toEqual([...ids].sort());
  });

  it('after a 503 whose outcome is unknown (the acknowledgement lost), refuses a changed retry with 409 and publishes the same retry again', async () => {
    const events = [visitEvent(tenant), visitEvent(tenant)];
    const ids = events.map((e) => e.id as string);
    afterWrite = () => Promise.reject(new Error('connection closed before the acknowledgement'));

    const mark = await reader.mark();
    expect((await postEvents(app, events, BATCH)).statusCode).toBe(503);
    afterWrite = undefined;
    expect(await unconfirmed(ids)).toEqual([true, true]);

    const changed = await postEvents(app, [events[0], { ...events[1], data: { ...(events[1].data as object), seen: false } }], BATCH);
    expect(changed.statusCode).toBe(409);
    expect(changed.json().errors).toEqual([expect.objectContaining({ index: 1, pointer: '/id' })]);

    // The same retry is published again (Kafka may now hold an event twice; consumers apply it once).
    const retry = await postEvents(app, events, BATCH);
    expect(retry.statusCode).toBe(202);
    expect(retry.json()).toEqual({ accepted: 2, duplicates: 0, ids });
    expect(await unconfirmed(ids)).toEqual([false, false]);
    expect((await postEvents(app, events, BATCH)).json()).toMatchObject({ accepted: 0, duplicates: 2 });
    const onTopic = await idsOnTopicSince(mark);
    expect(new Set(onTopic)).toEqual(new Set(ids));
  });

  it('refuses with 409 an event whose id was seen with other content, naming it, and publishes nothing of that request', async () => {
    const original = visitEvent(tenant);
    expect((await postEvents(app, original)).statusCode).toBe(202);

    const mark = await reader.mark();
    const fresh = [visitEvent(tenant), visitEvent(tenant)];
    const changed = { ...original, data: { ...(original.data as object), seen: false } };
    const res = await postEvents(app, [fresh[0], changed, fresh[1]], BATCH);
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 409 });
    expect(res.json().errors).toEqual([{ index: 1, pointer: '/id', message: expect.stringContaining(original.id as string) }]);

    // Nothing was published or remembered: the fresh ones are new when sent again.
    expect((await postEvents(app, fresh, BATCH)).json()).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await idsOnTopicSince(mark)).sort()).toEqual(fresh.map((e) => e.id).sort());
  });

  it('refuses with 409 two events of one request with one id and different content', async () => {
    const event = visitEvent(tenant);
    const res = await postEvents(app, [event, { ...event, time: new Date(Date.now() - 7_200_000).toISOString() }], BATCH);
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([expect.objectContaining({ index: 1, pointer: '/id' })]);
    expect((await postEvents(app, event)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it('counts a repeat with the same content as a duplicate (202), whatever its key order or recordedtime', async () => {
    const event = visitEvent(tenant);
    expect((await postEvents(app, event)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const mark = await reader.mark();
    const reordered = Object.fromEntries(Object.entries(event).reverse());
    reordered.data = Object.fromEntries(Object.entries(event.data as object).reverse());
    const repeat = { ...reordered, recordedtime: new Date().toISOString() };
    const res = await postEvents(app, [repeat, event], BATCH);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 0, duplicates: 2, ids: [event.id, event.id] });
    expect(await idsOnTopicSince(mark)).toEqual([]);

    const changed = await postEvents(app, { ...event, subject: uniqueId('C').replace('-', '') });
    expect(changed.statusCode).toBe(409);
  });

  it('takes a receipt written before content was kept as matching any content', async () => {
    const event = visitEvent(tenant);
    await app.get(DataSource).query(`INSERT INTO event_receipts (tenant, source, event_id) VALUES ($1, $2, $3)`, [tenant, event.source, event.id]);
    const res = await postEvents(app, { ...event, data: { ...(event.data as object), seen: false } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});
