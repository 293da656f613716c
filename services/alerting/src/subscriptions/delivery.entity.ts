import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One alert to one subscription: the primary key is what stops a second delivery of it. */
@Entity({ name: 'deliveries' })
@Index('ix_deliveries_due', ['status', 'nextAttemptAt'])
export class DeliveryEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'text' })
  subscriptionId!: string;

  @PrimaryColumn({ name: 'alert_id', type: 'text' })
  alertId!: string;

  @Column({ type: 'text' })
  tenant!: string;

  @Column({ type: 'jsonb' })
  alert!: Record<string, unknown>;

  /**
   * pending, delivered or failed (after the last retry; visible through the API); pending-digest
   * for a daily-digest subscription until its digest is sent.
   */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /** The digest (of this subscription, on this London date) that carries it; null until one does. */
  @Column({ name: 'digest_date', type: 'date', nullable: true })
  digestDate!: string | null;
}
