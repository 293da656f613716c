import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MetricDefinition, SqlShapeDefinition } from '../catalogue/metric-definition';
import type { ResolvedPeriod } from '../catalogue/periods';
import { figureSql } from '../figures/event-figures.store';
import type { Counted, TallyBase } from './flow-tally';

/** Whose applied offsets a tally follows: the consumer group and topic of the stored events. */
export interface AppliedBy {
  consumer: string;
  topic: string;
}

/** The SQL behind FlowTally: its bases, counted by the figures' own SQL, and the applied offsets. */
@Injectable()
export class TallyStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The tallied figures of the tenant's running period in one snapshot, with every partition's
   * applied offset in that snapshot; undefined when an event of theirs there was recorded,
   * retracted or replaced after this instant (SQL would count it differently later, unheard).
   */
  base(by: AppliedBy, tenant: string, period: ResolvedPeriod, defs: readonly MetricDefinition[]): Promise<TallyBase | undefined> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      // The first statement takes the snapshot: every event in it was committed before `at`.
      const next = toOffsets(await m.query('SELECT partition, next_offset FROM applied_offsets WHERE consumer = $1 AND topic = $2', [by.consumer, by.topic]));
      const at = Date.now();
      const asAt = new Date(at).toISOString();
      const types = [...new Set(defs.map((d) => (d.definition as { events: { type: string } }).events.type))];
      const [{ later }]: { later: boolean }[] = await m.query(
        `SELECT EXISTS (SELECT 1 FROM case_events WHERE tenant = $1 AND type = ANY($2::text[]) AND practice_date BETWEEN $3 AND $4
           AND (recorded_at > $5 OR retracted_at > $5 OR superseded_at > $5)) AS later`,
        [tenant, types, period.first, period.last, asAt],
      );
      if (later) return undefined;
      const counts = new Map<string, Counted>();
      for (const def of defs) {
        const { text, params } = figureSql(def.definition as SqlShapeDefinition, { tenant, first: period.first, last: period.last, asAt });
        const [row]: Counted[] = await m.query(text, params);
        counts.set(def.id, { numerator: row.numerator, denominator: row.denominator });
      }
      return { at, next, counts };
    });
  }

  /** Every partition's applied offset now. */
  async offsets(by: AppliedBy): Promise<Map<number, bigint>> {
    return toOffsets(
      await this.dataSource.query('SELECT partition, next_offset FROM applied_offsets WHERE consumer = $1 AND topic = $2', [by.consumer, by.topic]),
    );
  }
}

const toOffsets = (rows: { partition: number; next_offset: string }[]) => new Map(rows.map((r) => [Number(r.partition), BigInt(r.next_offset)]));
