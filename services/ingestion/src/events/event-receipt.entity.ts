import { Column, Entity, PrimaryColumn } from 'typeorm';

/** (source, id) of every event ever accepted: the durable idempotency key. */
@Entity({ name: 'event_receipts' })
export class EventReceiptEntity {
  @PrimaryColumn({ type: 'text' })
  source!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  tenant!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
