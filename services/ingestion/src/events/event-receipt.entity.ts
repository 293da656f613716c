import { Column, Entity, PrimaryColumn } from 'typeorm';

/** (tenant, source, id) of every event ever accepted: the durable idempotency key. */
@Entity({ name: 'event_receipts' })
export class EventReceiptEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_event_receipts' })
  tenant!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_event_receipts' })
  source!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text', primaryKeyConstraintName: 'pk_event_receipts' })
  eventId!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  /** SHA-256 of the event without `recordedtime` (content-hash.ts); null for receipts written before it was kept. */
  @Column({ name: 'content_hash', type: 'bytea', nullable: true })
  contentHash!: Buffer | null;

  /** Set while it is unknown whether Kafka has the event (its publish failed or timed out in flight). */
  @Column({ name: 'unconfirmed_since', type: 'timestamptz', nullable: true })
  unconfirmedSince!: Date | null;
}
