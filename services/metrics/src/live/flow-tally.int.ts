import { EXAMPLE_EVENTS } from '@casewatch/contracts';
import { EventStoreWriter, type AppliedBatch, type EventRow, type PartitionBatch } from '@casewatch/event-store';
import { uniqueId } from '@casewatch/testing';
import { londonDateOf } from '@casewatch/timescales';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { MetricDefinition, SqlShapeDefinition } from '../catalogue/metric-definition';
import { resolvePeriod, type ResolvedPeriod } from '../catalogue/periods';
import { figureSql } from '../figures/event-figures.store';
import { startMetrics } from '../testing/metrics-harness';
import { FlowTally, matches, type Counted } from './flow-tally';
import { SqlBuilder } from '../figures/event-figures.store-sql';
import type { DataCondition } from '../catalogue/metric-definition';
import { TallyStore } from './tally.store';

jest.setTimeout(60_000);

const TALLIED: MetricDefinition[] = [
  METRIC_CATALOGUE.find((d) => d.id === 'contacts.received') as MetricDefinition,
  {
    id: 'test.contacts-police-share',
    title: 'Share of contacts from the police, not anonymous',
    unit: 'percent',
    shape: 'flow',
    polarity: 'info',
    definition: {
      kind: 'share',
      events: { type: 'csc.contact.received', whereNot: [{ field: 'anonymous', anyOf: [true] }] },
      numerator: [{ data: { field: 'source', anyOf: ['police'] } }, { data: { field: 'tags', containsAny: ['urgent'] } }],
    },
  },
];

/**
 * The fast lane's tallies against the SQL they stand for: after every kind of batch the tally
 * either equals the figure SQL counts from the store at the same instant, or stands down (and the
 * figure is counted again) until the next base.
 */
describe('FlowTally: stored batches added to the last full count', () => {
  let app: NestFastifyApplication;
  let writer: EventStoreWriter;
  let tally: FlowTally;
  const tenant = uniqueId('tally');
  const consumer = uniqueId('tally-consumer');
  const topic = uniqueId('tally-topic');
  let period: ResolvedPeriod;

  const row = (offset: number, over: { id?: string; time?: string; data?: Record<string, unknown>; type?: string; subject?: string } = {}): EventRow => {
    const base = EXAMPLE_EVENTS['csc.contact.received'];
    const event = {
      ...base,
      id: over.id ?? uniqueId('e'),
      tenant,
      subject: over.subject ?? uniqueId('C'),
      type: over.type ?? base.type,
      time: over.time ?? new Date().toISOString(),
      data: over.data ?? { contactId: uniqueId('CT'), source: '1A' },
    } as EventRow['event'];
    const practiceAt = Date.parse(event.time);
    return { offset: String(offset), event, practiceAt, practiceDate: londonDateOf(practiceAt), recordedAt: Date.now() - 1000 };
  };

  /** What the consumer does: store the batches in one transaction, then tell the tally each one. */
  const apply = async (...batches: { partition: number; rows: EventRow[] }[]) => {
    const parts: PartitionBatch[] = batches.map((b) => ({ topic, partition: b.partition, lastOffset: b.rows[b.rows.length - 1].offset, rows: b.rows }));
    const stored = await writer.applyAllStored(consumer, parts);
    batches.forEach((b, i) => {
      if (stored[i].inserted === 0) return;
      const offsets = { topic, first: b.rows[0].offset, next: String(Number(parts[i].lastOffset) + 1) };
      const applied: AppliedBatch = { partition: b.partition, lag: 0, offsets, stored: stored[i].stored };
      tally.heard(b.rows, applied);
    });
    return stored;
  };

  const sql = async (at: number): Promise<Map<string, Counted>> => {
    const out = new Map<string, Counted>();
    for (const def of TALLIED) {
      const { text, params } = figureSql(def.definition as SqlShapeDefinition, {
        tenant,
        first: period.first,
        last: period.last,
        asAt: new Date(at).toISOString(),
      });
      const [r]: Counted[] = await app.get(DataSource).query(text, params);
      out.set(def.id, { numerator: r.numerator, denominator: r.denominator });
    }
    return out;
  };

  /** The tally now, checked against SQL at its instant. */
  const tallied = async () => {
    const now = await tally.current(tenant, period);
    if (now) expect(now.counts).toEqual(await sql(now.at));
    return now?.counts;
  };
  const of = (counts: Map<string, Counted> | undefined) => TALLIED.map((d) => counts?.get(d.id));

  beforeAll(async () => {
    app = await startMetrics();
    writer = app.get(EventStoreWriter);
    const store = app.get(TallyStore);
    const by = { consumer, topic };
    tally = new FlowTally({ base: (t, p, defs) => store.base(by, t, p, defs), offsets: () => store.offsets(by) }, TALLIED);
    period = resolvePeriod('current', Date.now()) as ResolvedPeriod;
  });
  afterAll(async () => {
    await app.close();
  });

  it('equals the SQL figure after new events, duplicates, a redelivery, an earlier month; stands down on a retraction or a gap', async () => {
    const earlier = new Date(Date.parse(`${period.first}T12:00:00Z`) - 20 * 86_400_000).toISOString();
    const police = row(1, { data: { contactId: 'CT-P', source: 'police' } });
    await apply({
      partition: 0,
      rows: [row(0), police, row(2, { data: { contactId: 'CT-A', source: 'police', anonymous: true } }), row(3, { time: earlier })],
    });
    // Nothing to add to before the first base.
    expect(await tallied()).toBeUndefined();

    const base = await tally.rebase(tenant, period);
    expect(base?.counts).toEqual(await sql(base?.at ?? 0));
    expect(of(base?.counts)).toEqual([
      { numerator: 3, denominator: 3 },
      { numerator: 1, denominator: 2 },
    ]);

    // New events: in the numerator by a value, by an array element, neither, and one left out by whereNot.
    const urgent = row(4, { data: { contactId: 'CT-U', source: '1A', tags: ['x', 'urgent'] } });
    await apply({ partition: 0, rows: [urgent, row(5), row(6, { data: { contactId: 'CT-N', source: 'police', anonymous: true } })] });
    expect(of(await tallied())).toEqual([
      { numerator: 6, denominator: 6 },
      { numerator: 2, denominator: 4 },
    ]);

    // Another partition, with an event already stored (same source and id, other content in the
    // message is irrelevant: the stored one counts) and a new one.
    const p1 = [{ ...police, offset: '0' }, row(1, { data: { contactId: 'CT-Q', source: 'police' } })];
    await apply({ partition: 1, rows: p1 });
    expect(of(await tallied())).toEqual([
      { numerator: 7, denominator: 7 },
      { numerator: 3, denominator: 5 },
    ]);

    // Redelivered with one more message: only the new one is stored and added.
    await apply({ partition: 1, rows: [...p1, row(2, { data: { contactId: 'CT-R', source: 'police' } })] });
    expect(of(await tallied())).toEqual([
      { numerator: 8, denominator: 8 },
      { numerator: 4, denominator: 6 },
    ]);

    // The same event twice in one batch (identical): stored and added once.
    const twice = row(7, { data: { contactId: 'CT-T', source: 'police' } });
    await apply({ partition: 0, rows: [twice, { ...twice, offset: '8' }] });
    expect(of(await tallied())).toEqual([
      { numerator: 9, denominator: 9 },
      { numerator: 5, denominator: 7 },
    ]);

    // An event of an earlier month changes nothing in the running one; another type neither.
    await apply({
      partition: 0,
      rows: [
        row(9, { time: earlier, data: { contactId: 'CT-E', source: 'police' } }),
        row(10, { type: 'csc.contact.decided', data: { contactId: 'CT-P', outcome: 'nfa' } }),
      ],
    });
    expect(of(await tallied())).toEqual([
      { numerator: 9, denominator: 9 },
      { numerator: 5, denominator: 7 },
    ]);

    // A retraction: the tally stands down (the fast lane counts again) until the next base.
    const retraction = row(11, { type: 'csc.event.retracted', data: { id: police.event.id } });
    await apply({ partition: 0, rows: [retraction] });
    expect(await tallied()).toBeUndefined();
    const rebased = await tally.rebase(tenant, period);
    expect(of(rebased?.counts)).toEqual([
      { numerator: 8, denominator: 8 },
      { numerator: 4, denominator: 6 },
    ]);
    expect(of(await tallied())).toEqual(of(rebased?.counts));

    // A batch stored by someone else (another instance): the store is ahead of the tally.
    await writer.applyAllStored(consumer, [{ topic, partition: 2, lastOffset: '0', rows: [row(0)] }]);
    expect(await tallied()).toBeUndefined();
    await tally.rebase(tenant, period);
    expect(of(await tallied())).toEqual([
      { numerator: 9, denominator: 9 },
      { numerator: 4, denominator: 7 },
    ]);
    // ... and a batch that does not follow on from where the tally stands on its partition.
    await apply({ partition: 2, rows: [row(5)] });
    expect(await tallied()).toBeUndefined();
  });

  it('takes in the batches stored while its base is counted, from where the base left off', async () => {
    const other = uniqueId('tally-consumer');
    const store = app.get(TallyStore);
    const by = { consumer: other, topic };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    // The base is counted only once the next batch is stored and heard: its snapshot then holds it.
    const late = new FlowTally(
      {
        base: async (t, p, defs) => {
          await gate;
          return store.base(by, t, p, defs);
        },
        offsets: () => store.offsets(by),
      },
      TALLIED,
    );
    await writer.applyAllStored(other, [{ topic, partition: 0, lastOffset: '0', rows: [row(0)] }]);
    const rebasing = late.rebase(tenant, period);
    const rows = [row(1), row(2)];
    const [stored] = await writer.applyAllStored(other, [{ topic, partition: 0, lastOffset: '2', rows }]);
    late.heard(rows, { partition: 0, lag: 0, offsets: { topic, first: '1', next: '3' }, stored: stored.stored });
    release();
    const base = await rebasing;
    const now = await late.current(tenant, period);
    // Counted in the base, not added again.
    expect(now?.counts).toEqual(base?.counts);
    expect(now?.counts).toEqual(await sql(now?.at ?? 0));
  });

  it('matches event data as the SQL does, or says it cannot', async () => {
    const values: unknown[] = [
      'police',
      'Police',
      '',
      'urgent',
      ['urgent'],
      ['x', 'urgent'],
      [1, 'x'],
      { urgent: 1 },
      { x: 'urgent' },
      true,
      false,
      0,
      7,
      1.5,
      1e21,
      null,
    ];
    const conditions: DataCondition[] = [
      { field: 'v', anyOf: ['police', 'urgent'] },
      { field: 'v', anyOf: [true] },
      { field: 'v', anyOf: [false, '7', '1.5'] },
      { field: 'v', containsAny: ['urgent'] },
      { field: 'other', anyOf: ['police'] },
    ];
    const db = app.get(DataSource);
    let decided = 0;
    for (const c of conditions) {
      for (const v of values) {
        const b = new SqlBuilder({ tenant, first: period.first, last: period.last, asAt: new Date().toISOString() });
        const data = JSON.stringify({ v });
        const [{ hit }]: { hit: boolean }[] = await db.query(`SELECT ${b.matches('s', c)} AS hit FROM (SELECT $${b.params.length + 1}::jsonb AS data) s`, [
          ...b.params,
          data,
        ]);
        const here = matches(JSON.parse(data), c);
        if (here === undefined) continue;
        decided++;
        expect({ c, v, here }).toEqual({ c, v, here: hit });
      }
    }
    // All but arrays, objects, fractions and large numbers compared as text.
    expect(decided).toBe(59);
  });
});
