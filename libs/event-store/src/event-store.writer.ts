import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventRow } from './event-rows';
import type { WithinApply } from './follower-options';

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
  constructor(private readonly dataSource: DataSource) {}

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
   * many partitions each bring a few events. Returns the events newly stored, per batch.
   */
  async applyAll(consumer: string, batches: readonly PartitionBatch[], within: readonly WithinApply[] = []): Promise<number[]> {
    // Offsets locked in one order, so two instances taking over partitions cannot deadlock.
    const order = batches.map((_, i) => i).sort((a, b) => batches[a].topic.localeCompare(batches[b].topic) || batches[a].partition - batches[b].partition);
    return this.dataSource.transaction(async (m) => {
      const fresh: EventRow[][] = batches.map(() => []);
      const stale = batches.map(() => true);
      let allStored = true;
      for (const i of order) {
        const { topic, partition, lastOffset, rows } = batches[i];
        const found: { next_offset: string }[] = await m.query(
          'SELECT next_offset FROM applied_offsets WHERE consumer = $1 AND topic = $2 AND partition = $3 FOR UPDATE',
          [consumer, topic, partition],
        );
        if (found.length === 0) allStored = false;
        const next = BigInt(found[0]?.next_offset ?? '0');
        if (BigInt(lastOffset) < next) continue;
        stale[i] = false;
        fresh[i] = rows.filter((r) => BigInt(r.offset) >= next);
      }
      // Safe without waiting for the flush once every partition has a stored offset: a commit lost
      // in a Postgres crash is applied again from there. A first one waits, or a lost first
      // commit would leave Kafka's committed offset to decide where to resume.
      if (allStored) await m.query('SET LOCAL synchronous_commit TO off');
      const all = fresh.flat();
      const inserted = all.length > 0 ? await this.insert(m, all) : new Set<string>();
      await this.applyCorrections(m, all);
      if (all.length > 0) for (const w of within) await w.withinApply(m, all);
      for (const i of order) {
        const { topic, partition, lastOffset } = batches[i];
        // A batch already applied (redelivered) leaves its stored offset where it is.
        if (stale[i]) continue;
        await m.query(
          `INSERT INTO applied_offsets (consumer, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
           ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = greatest(applied_offsets.next_offset, EXCLUDED.next_offset)`,
          [consumer, topic, partition, (BigInt(lastOffset) + 1n).toString()],
        );
      }
      return fresh.map((rows) => rows.filter((r) => inserted.has(`${r.event.tenant}\u0000${r.event.source}\u0000${r.event.id}`)).length);
    });
  }

  /** The (tenant, source, id) keys newly stored: an event sent twice is stored once. */
  private async insert(m: EntityManager, rows: EventRow[]): Promise<Set<string>> {
    // One JSON document for the batch: Postgres parses it natively, where array parameters would
    // be escaped element by element in Node (the data column's JSON twice over).
    const batch = rows.map((r) => {
      const data = r.event.data as Record<string, unknown>;
      return {
        source: r.event.source,
        event_id: r.event.id,
        tenant: r.event.tenant,
        subject: r.event.subject,
        type: r.event.type,
        practice_at: new Date(r.practiceAt).toISOString(),
        practice_date: r.practiceDate,
        recorded_at: new Date(r.recordedAt).toISOString(),
        team_id: (data.teamId as string | undefined) ?? null,
        worker_id: (data.workerId as string | undefined) ?? null,
        data,
      };
    });
    const result: { tenant: string; source: string; event_id: string }[] = await m.query(
      `INSERT INTO case_events (source, event_id, tenant, subject, type, practice_at, practice_date, recorded_at, team_id, worker_id, data)
       SELECT source, event_id, tenant, subject, type, practice_at, practice_date, recorded_at, team_id, worker_id, data
       FROM jsonb_to_recordset($1::jsonb) AS r(source text, event_id text, tenant text, subject text, type text,
         practice_at timestamptz, practice_date date, recorded_at timestamptz, team_id text, worker_id text, data jsonb)
       ON CONFLICT DO NOTHING
       RETURNING tenant, source, event_id`,
      [JSON.stringify(batch)],
    );
    return new Set(result.map((r) => `${r.tenant}\u0000${r.source}\u0000${r.event_id}`));
  }

  /** A retraction or a superseding event stops the earlier one counting from the moment it was recorded. */
  private async applyCorrections(m: EntityManager, rows: EventRow[]): Promise<void> {
    const retract = rows.filter((r) => r.event.type === 'csc.event.retracted');
    const supersede = rows.filter((r) => r.event.supersedes !== undefined);
    const update = async (column: 'retracted_at' | 'superseded_at', list: EventRow[], target: (r: EventRow) => string) => {
      if (list.length === 0) return;
      await m.query(
        `UPDATE case_events t SET ${column} = u.at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(tenant, source, id, at)
         WHERE t.tenant = u.tenant AND t.source = u.source AND t.event_id = u.id AND (t.${column} IS NULL OR t.${column} > u.at)`,
        [list.map((r) => r.event.tenant), list.map((r) => r.event.source), list.map(target), list.map((r) => new Date(r.recordedAt).toISOString())],
      );
    };
    await update('retracted_at', retract, (r) => (r.event.data as { id: string }).id);
    await update('superseded_at', supersede, (r) => r.event.supersedes as string);
  }
}
