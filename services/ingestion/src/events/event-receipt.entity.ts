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
}
