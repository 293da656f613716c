import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

export interface ReceiptKey {
  source: string;
  id: string;
  tenant: string;
}

/** A receipt to write: its key and the event's content hash (hex, content-hash.ts). */
export interface ReceiptCandidate extends ReceiptKey {
  hash: string;
}

/** What the receipts say about a request's events, by `receiptKey`. */
export interface ReceiptCheck {
  /** No receipt before: written now. */
  fresh: Set<string>;
  /** Received before with the same content, but Kafka's answer to that publish is unknown: publish again. */
  unconfirmed: Set<string>;
  /** Received before with other content. */
  changed: Set<string>;
}

/** Receipt changes inside `withReceipts`' transaction. */
export interface ReceiptTransaction {
  /** Keep these receipts although Kafka's answer is unknown, so that a retry is checked against them. */
  markUnconfirmed(keys: readonly ReceiptKey[]): Promise<void>;
  /** Kafka acknowledged these (republished) events. */
  confirm(keys: readonly ReceiptKey[]): Promise<void>;
}

/**
 * The durable duplicate check. Receipts are written in a transaction that is committed only
 * after Kafka acknowledged the events, or, when Kafka's answer is unknown, with the receipts marked
 * unconfirmed; a failed publish that sent nothing leaves no receipt behind. A concurrent request
 * with the same key waits on the row lock and then sees the outcome.
 */
@Injectable()
export class ReceiptStore {
  constructor(private readonly dataSource: DataSource) {}

  /** How many of these keys have no confirmed receipt yet (a dry run: nothing is written). */
  async countUnknown(keys: readonly ReceiptKey[]): Promise<number> {
    if (keys.length === 0) return 0;
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM unnest($1::text[], $2::text[], $3::text[]) AS u(s, i, t)
       WHERE NOT EXISTS (SELECT 1 FROM event_receipts r
                         WHERE r.tenant = u.t AND r.source = u.s AND r.event_id = u.i AND r.unconfirmed_since IS NULL)`,
      columns(keys),
    );
    return rows[0].n;
  }

  /** Receipts whose late acknowledgement came after their request was answered. */
  async confirm(keys: readonly ReceiptKey[]): Promise<void> {
    await confirm(this.dataSource.query.bind(this.dataSource), keys);
  }

  /** Writes the receipts not yet there and runs `work` in their transaction; committed when `work` returns. */
  async withReceipts<T>(candidates: readonly ReceiptCandidate[], work: (check: ReceiptCheck, tx: ReceiptTransaction) => Promise<T>): Promise<T> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const query = runner.query.bind(runner);
      const check = await this.check(query, candidates);
      const result = await work(check, {
        markUnconfirmed: (keys) => markUnconfirmed(query, keys),
        confirm: (keys) => confirm(query, keys),
      });
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async check(query: Query, candidates: readonly ReceiptCandidate[]): Promise<ReceiptCheck> {
    const check: ReceiptCheck = { fresh: new Set(), unconfirmed: new Set(), changed: new Set() };
    if (candidates.length === 0) return check;
    const inserted: KeyRow[] = await query(
      `INSERT INTO event_receipts (source, event_id, tenant, content_hash)
       SELECT s, i, t, decode(h, 'hex') FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(s, i, t, h)
       ON CONFLICT DO NOTHING
       RETURNING tenant, source, event_id`,
      [...columns(candidates), candidates.map((c) => c.hash)],
    );
    for (const r of inserted) check.fresh.add(receiptKey(r.tenant, r.source, r.event_id));
    const seen = candidates.filter((c) => !check.fresh.has(receiptKey(c.tenant, c.source, c.id)));
    if (seen.length === 0) return check;
    // Only the exceptions: a plain duplicate (same content, confirmed) needs nothing more.
    const exceptions: (KeyRow & { changed: boolean })[] = await query(
      `SELECT r.tenant, r.source, r.event_id, (r.content_hash IS NOT NULL AND r.content_hash <> decode(u.h, 'hex')) AS changed
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(s, i, t, h)
       JOIN event_receipts r ON r.tenant = u.t AND r.source = u.s AND r.event_id = u.i
       WHERE (r.content_hash IS NOT NULL AND r.content_hash <> decode(u.h, 'hex')) OR r.unconfirmed_since IS NOT NULL`,
      [...columns(seen), seen.map((c) => c.hash)],
    );
    for (const r of exceptions) (r.changed ? check.changed : check.unconfirmed).add(receiptKey(r.tenant, r.source, r.event_id));
    return check;
  }
}

type Query = (sql: string, parameters?: unknown[]) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface KeyRow {
  tenant: string;
  source: string;
  event_id: string;
}

const MATCHING = `(tenant, source, event_id) IN (SELECT t, s, i FROM unnest($1::text[], $2::text[], $3::text[]) AS u(s, i, t))`;

async function markUnconfirmed(query: Query, keys: readonly ReceiptKey[]): Promise<void> {
  if (keys.length > 0) await query(`UPDATE event_receipts SET unconfirmed_since = now() WHERE ${MATCHING}`, columns(keys));
}

async function confirm(query: Query, keys: readonly ReceiptKey[]): Promise<void> {
  if (keys.length > 0) await query(`UPDATE event_receipts SET unconfirmed_since = NULL WHERE unconfirmed_since IS NOT NULL AND ${MATCHING}`, columns(keys));
}

function columns(keys: readonly ReceiptKey[]): [string[], string[], string[]] {
  return [keys.map((k) => k.source), keys.map((k) => k.id), keys.map((k) => k.tenant)];
}

export function receiptKey(tenant: string, source: string, id: string): string {
  return `${tenant}\u0000${source}\u0000${id}`;
}
