import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

export interface ReceiptKey {
  source: string;
  id: string;
  tenant: string;
}

/**
 * The durable duplicate check. Receipts are written in a transaction that is committed only
 * after Kafka acknowledged the events, so a failed publish leaves no receipt behind and a
 * retry is not mistaken for a duplicate. A concurrent request with the same key waits on the
 * row lock and then sees the outcome.
 */
@Injectable()
export class ReceiptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** How many of these keys have no receipt yet (a dry run: nothing is written). */
  async countUnknown(keys: readonly ReceiptKey[]): Promise<number> {
    if (keys.length === 0) return 0;
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM unnest($1::text[], $2::text[], $3::text[]) AS u(s, i, t)
       WHERE NOT EXISTS (SELECT 1 FROM event_receipts r WHERE r.tenant = u.t AND r.source = u.s AND r.event_id = u.i)`,
      [keys.map((k) => k.source), keys.map((k) => k.id), keys.map((k) => k.tenant)],
    );
    return rows[0].n;
  }

  async withReceipts<T>(keys: ReceiptKey[], work: (fresh: Set<string>) => Promise<T>): Promise<T> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows: { tenant: string; source: string; event_id: string }[] = await runner.query(
        `INSERT INTO event_receipts (source, event_id, tenant)
         SELECT s, i, t FROM unnest($1::text[], $2::text[], $3::text[]) AS u(s, i, t)
         ON CONFLICT DO NOTHING
         RETURNING tenant, source, event_id`,
        [keys.map((k) => k.source), keys.map((k) => k.id), keys.map((k) => k.tenant)],
      );
      const fresh = new Set(rows.map((r) => receiptKey(r.tenant, r.source, r.event_id)));
      const result = await work(fresh);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }
}

export function receiptKey(tenant: string, source: string, id: string): string {
  return `${tenant}\u0000${source}\u0000${id}`;
}
