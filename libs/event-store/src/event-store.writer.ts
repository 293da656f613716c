import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventRow } from './event-rows';
import type { WithinApply } from './follower-options';

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
    return this.dataSource.transaction(async (m) => {
      const found: { next_offset: string }[] = await m.query(
        'SELECT next_offset FROM applied_offsets WHERE consumer = $1 AND topic = $2 AND partition = $3 FOR UPDATE',
        [consumer, topic, partition],
      );
      // Safe without waiting for the flush once the partition has a stored offset: a commit lost
      // in a Postgres crash is applied again from there. The first one waits, or a lost first
      // commit would leave Kafka's committed offset to decide where to resume.
      if (found.length > 0) await m.query('SET LOCAL synchronous_commit TO off');
      const next = BigInt(found[0]?.next_offset ?? '0');
      if (BigInt(lastOffset) < next) return 0;
      const fresh = rows.filter((r) => BigInt(r.offset) >= next);
      const inserted = fresh.length > 0 ? await this.insert(m, fresh) : 0;
      await this.applyCorrections(m, fresh);
      if (fresh.length > 0) for (const w of within) await w.withinApply(m, fresh);
      await m.query(
        `INSERT INTO applied_offsets (consumer, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
         ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
        [consumer, topic, partition, (BigInt(lastOffset) + 1n).toString()],
      );
      return inserted;
    });
  }

  private async insert(m: EntityManager, rows: EventRow[]): Promise<number> {
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
    const result: unknown[] = await m.query(
      `INSERT INTO case_events (source, event_id, tenant, subject, type, practice_at, practice_date, recorded_at, team_id, worker_id, data)
       SELECT source, event_id, tenant, subject, type, practice_at, practice_date, recorded_at, team_id, worker_id, data
       FROM jsonb_to_recordset($1::jsonb) AS r(source text, event_id text, tenant text, subject text, type text,
         practice_at timestamptz, practice_date date, recorded_at timestamptz, team_id text, worker_id text, data jsonb)
       ON CONFLICT DO NOTHING
       RETURNING 1`,
      [JSON.stringify(batch)],
    );
    return result.length;
  }

  /** A retraction or a superseding event stops the earlier one counting from the moment it was recorded. */
  private async applyCorrections(m: EntityManager, rows: EventRow[]): Promise<void> {
    const retract = rows.filter((r) => r.event.type === 'csc.event.retracted');
    const supersede = rows.filter((r) => r.event.supersedes !== undefined);
    const update = async (column: 'retracted_at' | 'superseded_at', list: EventRow[], target: (r: EventRow) => string) => {
      if (list.length === 0) return;
      await m.query(
        `UPDATE case_events t SET ${column} = u.at
         FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(source, id, at)
         WHERE t.source = u.source AND t.event_id = u.id AND (t.${column} IS NULL OR t.${column} > u.at)`,
        [list.map((r) => r.event.source), list.map(target), list.map((r) => new Date(r.recordedAt).toISOString())],
      );
    };
    await update('retracted_at', retract, (r) => (r.event.data as { id: string }).id);
    await update('superseded_at', supersede, (r) => r.event.supersedes as string);
  }
}
