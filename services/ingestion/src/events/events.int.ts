import { TOPICS } from '@casewatch/contracts';
import { TopicReader, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTenant, postEvents, startIngestion, visitEvent } from '../testing/ingestion-harness';

describe('POST /v1/events against real Kafka and Postgres', () => {
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

  const ofTenant = (t: string) => (m: { key: string | null }) => m.key?.startsWith(`${t}:`) ?? false;

  it('publishes an accepted event on csc.case-events.v1 keyed tenant:subject, with recordedtime stamped', async () => {
    const mark = await reader.mark();
    const event = visitEvent(tenant);
    const res = await postEvents(app, event, 'application/cloudevents+json');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, ids: [event.id] });

    const messages = await reader.readSince(mark, ofTenant(tenant));
    expect(messages).toHaveLength(1);
    expect(messages[0].key).toBe(`${tenant}:${event.subject}`);
    const published = JSON.parse(messages[0].value as string);
    expect(published).toMatchObject({ id: event.id, subject: event.subject, data: event.data });
    expect(Date.parse(published.recordedtime)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('does not publish a duplicate (source, id), also after the service restarted', async () => {
    const event = visitEvent(tenant);
    expect((await postEvents(app, event)).statusCode).toBe(202);

    const mark = await reader.mark();
    const again = await postEvents(app, event);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1 });

    await app.close();
    app = await startIngestion();
    const afterRestart = await postEvents(app, event);
    expect(afterRestart.json()).toMatchObject({ accepted: 0, duplicates: 1 });

    const fresh = visitEvent(tenant);
    expect((await postEvents(app, fresh)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const messages = await reader.readSince(mark, ofTenant(tenant));
    expect(messages.map((m) => JSON.parse(m.value as string).id)).toEqual([fresh.id]);
  });

  it('keeps duplicates per tenant: the same (source, id) for another tenant is its own event', async () => {
    const other = await createTenant(app);
    const event = visitEvent(tenant);
    expect((await postEvents(app, event)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const mark = await reader.mark();
    const res = await postEvents(app, { ...event, tenant: other });
    expect(res.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const messages = await reader.readSince(mark, ofTenant(other));
    expect(messages.map((m) => JSON.parse(m.value as string).id)).toEqual([event.id]);
  });

  it('publishes nothing from a batch with one bad event and names its index and field', async () => {
    const mark = await reader.mark();
    const good = [visitEvent(tenant), visitEvent(tenant)];
    const bad = visitEvent(tenant, { data: { visitId: 'V9', kind: 'weekly', seen: true } });
    const res = await postEvents(app, [good[0], bad, good[1]], 'application/cloudevents-batch+json');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([expect.objectContaining({ index: 1, pointer: '/data/kind' })]);

    // The good ones are not published, and not remembered as received either.
    expect((await postEvents(app, good, 'application/cloudevents-batch+json')).json()).toMatchObject({ accepted: 2 });
    const messages = await reader.readSince(mark, ofTenant(tenant));
    expect(messages.map((m) => JSON.parse(m.value as string).id).sort()).toEqual(good.map((e) => e.id).sort());
  });

  it('takes NDJSON and keeps one child in one partition, in order', async () => {
    const mark = await reader.mark();
    const subject = uniqueId('C').replace('-', '');
    const events = Array.from({ length: 5 }, () => visitEvent(tenant, { subject }));
    const res = await postEvents(app, events.map((e) => JSON.stringify(e)).join('\n') + '\n', 'application/x-ndjson');
    expect(res.statusCode).toBe(202);
    expect(res.json().accepted).toBe(5);
    const messages = await reader.readSince(mark, ofTenant(tenant));
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
    expect(messages.map((m) => JSON.parse(m.value as string).id)).toEqual(events.map((e) => e.id));
  });

  it('counts the same event twice in one request once', async () => {
    const event = visitEvent(tenant);
    const res = await postEvents(app, [event, event], 'application/cloudevents-batch+json');
    expect(res.json()).toEqual({ accepted: 1, duplicates: 1, ids: [event.id, event.id] });
  });

  it('refuses an NDJSON line that is not JSON, naming its index', async () => {
    const res = await postEvents(app, `${JSON.stringify(visitEvent(tenant))}\n{not json\n`, 'application/x-ndjson');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ index: 1, pointer: '', message: 'line 2 is not valid JSON' }]);
  });

  it('refuses events for a tenant that is not configured', async () => {
    const res = await postEvents(app, visitEvent(uniqueId('nowhere')));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ index: 0, pointer: '/tenant' });
  });

  it('answers 413 beyond 10,000 events or 10 MiB', async () => {
    const many = Array.from({ length: 10_001 }, () => ({}));
    expect((await postEvents(app, many, 'application/cloudevents-batch+json')).statusCode).toBe(413);
    const huge = JSON.stringify([visitEvent(tenant, { source: 'x'.repeat(11 * 1024 * 1024) })]);
    const res = await postEvents(app, huge, 'application/cloudevents-batch+json');
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 415 for a body it cannot read, and 400 for malformed JSON', async () => {
    expect((await postEvents(app, 'hello', 'text/plain')).statusCode).toBe(415);
    const res = await postEvents(app, '{"specversion":', 'application/json');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
