import { EXAMPLE_EVENTS } from '@casewatch/contracts';
import { EventStoreWriter, type EventRow } from '@casewatch/event-store';
import { uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

jest.setTimeout(60_000);

/**
 * The store writes events with COPY (text format) through a staging table: what that format gives
 * a meaning to (tab, line ends, backslash, \N) arrives as sent, and an event sent twice, in one
 * batch or two, is stored once and counted once per batch that brought it new.
 */
describe('event store: COPY into case_events', () => {
  let app: NestFastifyApplication;
  const tenant = uniqueId('copy');
  const row = (offset: string, over: Record<string, unknown> = {}): EventRow => {
    const event = { ...EXAMPLE_EVENTS['csc.contact.received'], id: uniqueId('e'), tenant, subject: 'C1', ...over } as EventRow['event'];
    return { offset, event, practiceAt: Date.parse(event.time), practiceDate: event.time.slice(0, 10), recordedAt: Date.parse('2026-11-02T12:00:00Z') };
  };
  const batch = (partition: number, rows: EventRow[]) => ({ topic: 'copy-test', partition, lastOffset: rows[rows.length - 1].offset, rows });
  const stored = async () =>
    (await app.get(DataSource).query('SELECT event_id, source, subject, team_id, data FROM case_events WHERE tenant = $1 ORDER BY event_id', [tenant])) as {
      event_id: string;
      source: string;
      subject: string;
      team_id: string | null;
      data: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    app = await startMetrics();
  });
  afterAll(async () => {
    await app.close();
  });

  it("stores text that COPY's format escapes exactly as sent", async () => {
    const odd = 'a\tb\nc\rd\\e \\N "q" \u00e9\u{1f600}';
    const r = row('1', {
      id: `id\t\\N${uniqueId('x')}`,
      source: 'urn:la:999:lcs\\x',
      subject: 'C\\N',
      data: { contactId: odd, teamId: 'T\t1', note: { nested: ['\\', '\n', '\\N'] } },
    });
    expect(await app.get(EventStoreWriter).applyAll(uniqueId('copy-consumer'), [batch(0, [r])])).toEqual([1]);
    const [s] = await stored();
    expect(s).toEqual({ event_id: r.event.id, source: 'urn:la:999:lcs\\x', subject: 'C\\N', team_id: 'T\t1', data: r.event.data });
  });

  it('stores an event sent twice once, in one batch or across batches, and counts only what it newly stored', async () => {
    const writer = app.get(EventStoreWriter);
    const consumer = uniqueId('copy-consumer');
    const before = (await stored()).length;
    const [a, b, c] = [row('1'), row('2'), row('1')];
    // Two partitions' batches in one transaction.
    expect(await writer.applyAll(consumer, [batch(0, [a, b]), batch(1, [c])])).toEqual([2, 1]);
    // Redelivered: the offsets are applied, nothing is stored or counted again.
    expect(await writer.applyAll(consumer, [batch(0, [a, b]), batch(1, [c])])).toEqual([0, 0]);
    // A later batch repeating a stored event stores only the new one beside it.
    const d = row('4');
    expect(await writer.applyAll(consumer, [batch(0, [{ ...a, offset: '3' }, d])])).toEqual([1]);
    // The same event twice in one batch.
    const e = row('2');
    await writer.applyAll(consumer, [batch(1, [e, { ...e, offset: '3' }])]);
    expect((await stored()).map((r) => r.event_id).filter((id) => [a, b, c, d, e].some((x) => x.event.id === id))).toHaveLength(5);
    expect((await stored()).length).toBe(before + 5);
  });
});
