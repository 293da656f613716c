import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventRow } from './event-rows';
import type { WithinApply } from '../steps';
import { isKeyConflict, unusableContent } from './unusable-content';
import { copyJson, copyRows, copyText, transactionClient } from './copy-rows';
import { dayCountsInsert, mayBeCounted } from './day-counts';
import { FOLLOWER_OPTIONS, type FollowerOptions } from '../follower/follower-options';

/** A row whose values PostgreSQL refuses, with the reason. */
export interface SetAsideRow {
  row: EventRow;
  reason: string;
}

/** One partition's messages: the events to store and the offset of the last message. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  lastOffset: string;
  rows: EventRow[];
}

/**
 * Applies a partition's batch in one transaction: the events, their corrections and the next
 * offset. A redelivered batch finds its offset applied and changes nothing; an event sent twice
 * (same source and id) is stored once.
 */
@Injectable()
export class EventStoreWriter {
  private readonly dayCounts: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(FOLLOWER_OPTIONS) options?: FollowerOptions,
  ) {
    this.dayCounts = options?.dayCounts ?? false;
  }

  /** The offset after the last message applied from a partition, if any was. */
  async resumeAt(consumer: string, topic: string, partition: number): Promise<string | undefined> {
    const rows: { next_offset: string }[] = await this.dataSource.query(
      'SELECT next_offset FROM applied_offsets WHERE consumer = $1 AND topic = $2 AND partition = $3',
      [consumer, topic, partition],
    );
    return rows[0]?.next_offset;
  }

  async apply(consumer: string, topic: string, partition: number, lastOffset: string, rows: EventRow[], within: readonly WithinApply[] = []): Promise<number> {
    return (await this.applyAll(consumer, [{ topic, partition, lastOffset, rows }], within))[0];
  }

  /**
   * Several partitions' batches in one transaction (what one fetch returned): fewer commits when
   * many partitions each bring a few events. Returns the events newly stored, per batch. Any
   * failure fails them all, nothing written.
   */
  async applyAll(consumer: string, batches: readonly PartitionBatch[], within: readonly WithinApply[] = []): Promise<number[]> {
    return this.transaction(async (m) => {
      const fresh = await this.takeOffsets(m, consumer, batches);
      const inserted = await this.applyRows(
        m,
        fresh.map((f) => f ?? []),
        within,
      );
      await this.storeOffsets(m, consumer, batches, fresh);
      return inserted;
    });
  }

  /**
   * One partition's batch in one transaction, setting aside the rows whose own values PostgreSQL
   * refuses (see unusableContent): each attempt runs under a savepoint and a failed one is rolled
   * back and halved, so a set-aside row leaves nothing behind and the others are applied in order.
   * `setAside` is told before the commit (the dead-letter topic): a crash in between tells it again.
   * Any other failure (connection, timeout, serialization) rolls everything back and is thrown.
   */
  async applyIsolating(
    consumer: string,
    batch: PartitionBatch,
    within: readonly WithinApply[],
    setAside: (rows: SetAsideRow[]) => Promise<void>,
  ): Promise<{ inserted: number; applied: EventRow[]; setAside: SetAsideRow[] }> {
    return this.transaction(async (m) => {
      const [rows] = await this.takeOffsets(m, consumer, [batch]);
      const result = { inserted: 0, setAside: [] as SetAsideRow[] };
      await this.bisect(m, rows ?? [], within, result);
      if (result.setAside.length > 0) await setAside(result.setAside);
      await this.storeOffsets(m, consumer, [batch], [rows]);
      const bad = new Set(result.setAside.map((s) => s.row));
      const applied = (rows ?? []).filter((r) => !bad.has(r));
      return { inserted: result.inserted, applied, setAside: result.setAside };
    });
  }

  /**
   * A transaction with the session's staging table (insert): made at the start, before any
   * savepoint could roll its creation back; forgotten when the transaction fails, which may have.
   */
  private async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    let client: object | undefined;
    try {
      return await this.dataSource.transaction(async (m) => {
        client = await transactionClient(m);
        if (!staged.has(client)) {
          await m.query(
            `CREATE TEMP TABLE IF NOT EXISTS case_events_in (g int NOT NULL, source text, event_id text, tenant text, subject text, type text,
               practice_at timestamptz, practice_date date, recorded_at timestamptz, team_id text, worker_id text, data jsonb) ON COMMIT DELETE ROWS`,
          );
          staged.add(client);
        }
        return work(m);
      });
    } catch (err) {
      if (client) staged.delete(client);
      throw err;
    }
  }

  private async bisect(
    m: EntityManager,
    rows: EventRow[],
    within: readonly WithinApply[],
    result: { inserted: number; setAside: SetAsideRow[] },
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query('SAVEPOINT isolate_rows');
    try {
      const [inserted] = await this.applyRows(m, [rows], within);
      // Staged rows go at commit: emptied now, as the next attempt stages its own.
      await m.query('DELETE FROM case_events_in');
      await m.query('RELEASE SAVEPOINT isolate_rows');
      result.inserted += inserted;
      return;
    } catch (err) {
      const reason = unusableContent(err);
      if (reason === undefined) throw err;
      await m.query('ROLLBACK TO SAVEPOINT isolate_rows');
      await m.query('RELEASE SAVEPOINT isolate_rows');
      if (rows.length === 1) {
        result.setAside.push({ row: rows[0], reason });
        return;
      }
    }
    // In order: a correction in the second half finds the event it corrects from the first.
    const half = Math.ceil(rows.length / 2);
    await this.bisect(m, rows.slice(0, half), within, result);
    await this.bisect(m, rows.slice(half), within, result);
  }

  /**
   * Locks the batches' stored offsets and keeps the rows not yet applied; undefined for a batch
   * already applied (redelivered), whose stored offset then stays where it is.
   */
  private async takeOffsets(m: EntityManager, consumer: string, batches: readonly PartitionBatch[]): Promise<(EventRow[] | undefined)[]> {
    const fresh: (EventRow[] | undefined)[] = batches.map(() => undefined);
    // One statement for all the batches' partitions, their rows locked in one order (topic, then
    // partition), so two instances taking over partitions cannot deadlock.
    const found: { topic: string; partition: number; next_offset: string }[] = await m.query(
      `SELECT topic, partition, next_offset FROM applied_offsets
       WHERE consumer = $1 AND (topic, partition) IN (SELECT * FROM unnest($2::text[], $3::int[]))
       ORDER BY topic COLLATE "C", partition FOR UPDATE`,
      [consumer, batches.map((b) => b.topic), batches.map((b) => b.partition)],
    );
    const stored = new Map(found.map((f) => [slot(f.topic, f.partition), f.next_offset]));
    let allStored = true;
    batches.forEach(({ topic, partition, lastOffset, rows }, i) => {
      const at = stored.get(slot(topic, partition));
      if (at === undefined) allStored = false;
      const next = BigInt(at ?? '0');
      if (BigInt(lastOffset) < next) return;
      fresh[i] = rows.filter((r) => BigInt(r.offset) >= next);
    });
    // Safe without waiting for the flush once every partition has a stored offset: a commit lost
    // in a Postgres crash is applied again from there. A first one waits, or a lost first
    // commit would leave Kafka's committed offset to decide where to resume.
    if (allStored) await m.query('SET LOCAL synchronous_commit TO off');
    return fresh;
  }

  private async storeOffsets(
    m: EntityManager,
    consumer: string,
    batches: readonly PartitionBatch[],
    fresh: readonly (EventRow[] | undefined)[],
  ): Promise<void> {
    const applied = lockOrder(batches).filter((i) => fresh[i] !== undefined);
    if (applied.length === 0) return;
    // One statement, in the lock order (the rows already stored were locked by takeOffsets).
    await m.query(
      `INSERT INTO applied_offsets (consumer, topic, partition, next_offset)
       SELECT $1, topic, partition, next_offset FROM unnest($2::text[], $3::int[], $4::bigint[]) AS u(topic, partition, next_offset)
       ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = greatest(applied_offsets.next_offset, EXCLUDED.next_offset)`,
      [
        consumer,
        applied.map((i) => batches[i].topic),
        applied.map((i) => batches[i].partition),
        applied.map((i) => (BigInt(batches[i].lastOffset) + 1n).toString()),
      ],
    );
  }

  /** The events, their corrections and the writes that go with them; per group, the events newly stored. */
  private async applyRows(m: EntityManager, groups: readonly EventRow[][], within: readonly WithinApply[]): Promise<number[]> {
    const rows = groups.length === 1 ? groups[0] : groups.flat();
    if (rows.length === 0) return groups.map(() => 0);
    const inserted = await this.insert(m, groups);
    await this.applyCorrections(m, rows);
    for (const w of within) await w.withinApply(m, rows);
    return inserted;
  }

  /**
   * Per group, the events newly stored: an event sent twice (same tenant, source and id) is stored
   * once. First copied straight into case_events under a savepoint; a batch holding an event
   * already stored fails there (its key), is rolled back and goes the second way: COPY into the
   * session's staging table (no index, emptied at commit), then one INSERT that leaves out what is
   * stored already. The first way saved a quarter of the events' writes (docs/benchmarks.md).
   */
  private async insert(m: EntityManager, groups: readonly EventRow[][]): Promise<number[]> {
    const direct = await this.copyDirect(m, groups);
    if (direct) return direct;
    let lines = '';
    groups.forEach((rows, g) => {
      for (const r of rows) lines += `${g}\t${eventFields(r)}`;
    });
    await copyRows(m, 'case_events_in', STAGED, lines);
    // With the day counts: what was newly stored counts, in the same statement (and savepoint).
    const counts: { g: number; n: number }[] = await m.query(
      `WITH ins AS (
         INSERT INTO case_events (source, event_id, tenant, subject, type, practice_at, practice_date, recorded_at, team_id, worker_id, data)
         SELECT source, event_id, tenant, subject, type, practice_at, practice_date, recorded_at, team_id, worker_id, data FROM case_events_in
         ON CONFLICT DO NOTHING
         RETURNING tenant, source, event_id${this.dayCounts ? ', type, practice_date, recorded_at' : ''})
       ${this.dayCounts ? `, counted AS (${dayCountsInsert('ins', 1)})` : ''}
       SELECT s.g, count(*)::int AS n FROM ins JOIN case_events_in s USING (tenant, source, event_id) GROUP BY s.g`,
    );
    const out = groups.map(() => 0);
    for (const c of counts) out[c.g] = c.n;
    return out;
  }

  /** Every event stored by one COPY, or undefined (nothing written) if PostgreSQL refused any. */
  private async copyDirect(m: EntityManager, groups: readonly EventRow[][]): Promise<number[] | undefined> {
    let lines = '';
    for (const rows of groups) for (const r of rows) lines += eventFields(r);
    await m.query('SAVEPOINT copy_events');
    try {
      await copyRows(m, 'case_events', STORED, lines);
      if (this.dayCounts) await this.countDirect(m, groups.flat());
    } catch (err) {
      // An event already stored, or a value refused: the second way stores or refuses it. Anything
      // else (a lost connection, a deadlock) fails the transaction as before.
      if (!isKeyConflict(err) && unusableContent(err) === undefined) throw err;
      await m.query('ROLLBACK TO SAVEPOINT copy_events');
      await m.query('RELEASE SAVEPOINT copy_events');
      return undefined;
    }
    await m.query('RELEASE SAVEPOINT copy_events');
    return groups.map((rows) => rows.length);
  }

  /** The day counts of events all newly stored: those practised lately (dayCountsInsert keeps its window). */
  private async countDirect(m: EntityManager, rows: EventRow[]): Promise<void> {
    const recent = rows.filter((r) => mayBeCounted(r.practiceDate));
    if (recent.length === 0) return;
    await m.query(dayCountsInsert('unnest($1::text[], $2::text[], $3::date[], $4::timestamptz[]) AS u(tenant, type, practice_date, recorded_at)', 1), [
      recent.map((r) => r.event.tenant),
      recent.map((r) => r.event.type),
      recent.map((r) => r.practiceDate),
      recent.map((r) => new Date(r.recordedAt).toISOString()),
    ]);
  }

  /** A retraction or a superseding event stops the earlier one counting from the moment it was recorded. */
  private async applyCorrections(m: EntityManager, rows: EventRow[]): Promise<void> {
    const retract = rows.filter((r) => r.event.type === 'csc.event.retracted');
    const supersede = rows.filter((r) => r.event.supersedes !== undefined);
    const update = async (column: 'retracted_at' | 'superseded_at', list: EventRow[], target: (r: EventRow) => string) => {
      if (list.length === 0) return;
      const params = [
        list.map((r) => r.event.tenant),
        list.map((r) => r.event.source),
        list.map(target),
        list.map((r) => new Date(r.recordedAt).toISOString()),
      ];
      // The earliest correction of each event; with the day counts, one that counted until now
      // stops counting: one change less on its day. Data-modifying CTEs all run.
      await m.query(
        `WITH u AS (SELECT tenant, source, id, min(at) AS at FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(tenant, source, id, at) GROUP BY 1, 2, 3),
           ended AS (UPDATE case_events t SET ${column} = u.at FROM u
             WHERE t.tenant = u.tenant AND t.source = u.source AND t.event_id = u.id AND t.${column} IS NULL
             RETURNING t.tenant, t.type, t.practice_date, u.at),
           earlier AS (UPDATE case_events t SET ${column} = u.at FROM u
             WHERE t.tenant = u.tenant AND t.source = u.source AND t.event_id = u.id AND t.${column} > u.at RETURNING 1)
         ${this.dayCounts ? dayCountsInsert('ended', -1, 'at') : 'SELECT 1'}`,
        params,
      );
    };
    await update('retracted_at', retract, (r) => (r.event.data as { id: string }).id);
    await update('superseded_at', supersede, (r) => r.event.supersedes as string);
  }
}

/** Connections whose session has the staging table. */
const staged = new WeakSet<object>();
const STAGED = ['g', 'source', 'event_id', 'tenant', 'subject', 'type', 'practice_at', 'practice_date', 'recorded_at', 'team_id', 'worker_id', 'data'];

const STORED = STAGED.slice(1);

/** One event as a line of COPY text into case_events (STORED); the staging table's starts with its group. */
function eventFields(r: EventRow): string {
  const e = r.event;
  const data = e.data as Record<string, unknown>;
  return `${copyText(e.source)}\t${copyText(e.id)}\t${copyText(e.tenant)}\t${copyText(e.subject)}\t${copyText(e.type)}\t${new Date(r.practiceAt).toISOString()}\t${r.practiceDate}\t${new Date(r.recordedAt).toISOString()}\t${copyText(str(data.teamId))}\t${copyText(str(data.workerId))}\t${copyJson(JSON.stringify(data))}\n`;
}

/** A column read from data as jsonb_to_recordset read it before: text as is, other values as JSON, absent as null. */
const str = (v: unknown) => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));

/** The batches in the order their offsets are locked: topic (bytewise, as COLLATE "C"), then partition. */
function lockOrder(batches: readonly PartitionBatch[]): number[] {
  return batches
    .map((_, i) => i)
    .sort((a, b) => (batches[a].topic < batches[b].topic ? -1 : batches[a].topic > batches[b].topic ? 1 : batches[a].partition - batches[b].partition));
}

const slot = (topic: string, partition: number) => `${topic}\u0000${partition}`;
