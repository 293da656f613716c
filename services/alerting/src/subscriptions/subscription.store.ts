import type { Subscription, SubscriptionFilter } from '@casewatch/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface Row {
  id: string;
  channel: Subscription['channel'];
  target: string;
  filter: SubscriptionFilter | null;
  digest: Subscription['digest'];
  created_at: Date;
}

const COLUMNS = 'id, channel, target, filter, digest, created_at';

function toSubscription(r: Row): Subscription {
  const s: Subscription = { id: r.id, channel: r.channel, target: r.target, digest: r.digest, createdAt: r.created_at.toISOString() };
  if (r.filter) s.filter = r.filter;
  return s;
}

export interface NewSubscription {
  id: string;
  tenant: string;
  channel: Subscription['channel'];
  target: string;
  filter?: SubscriptionFilter;
  digest: Subscription['digest'];
  /** Already sealed (SecretBox); the clear secret is never stored. */
  secretSealed: string | null;
}

/** The subscriptions table, for the API. Secrets are written sealed and never read back here. */
@Injectable()
export class SubscriptionStore {
  constructor(private readonly dataSource: DataSource) {}

  async add(s: NewSubscription): Promise<Subscription> {
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO subscriptions (id, tenant, channel, target, filter, digest, secret_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${COLUMNS}`,
      [s.id, s.tenant, s.channel, s.target, s.filter ? JSON.stringify(s.filter) : null, s.digest, s.secretSealed],
    );
    return toSubscription(rows[0]);
  }

  /** Up to `limit` subscriptions in id order after `after` (the caller reads one more than a page). */
  async page(tenant: string, after: string | null, limit: number): Promise<Subscription[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM subscriptions WHERE tenant = $1 AND ($2::text IS NULL OR id COLLATE "C" > $2)
       ORDER BY id COLLATE "C" LIMIT $3`,
      [tenant, after, limit],
    );
    return rows.map(toSubscription);
  }

  async exists(tenant: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM subscriptions WHERE tenant = $1 AND id = $2', [tenant, id]);
    return rows.length > 0;
  }

  /** The subscription with its deliveries, digests and reminders, in one transaction. */
  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query('DELETE FROM deliveries WHERE subscription_id = $1', [id]);
      await m.query('DELETE FROM digest_reminders WHERE subscription_id = $1', [id]);
      await m.query('DELETE FROM digests WHERE subscription_id = $1', [id]);
      await m.query('DELETE FROM subscriptions WHERE id = $1', [id]);
    });
  }
}
