import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One daily summary for one subscription. The key is what stops a second digest for a day; the
 * deliveries it gathers point at it by (subscription_id, digest_date).
 */
@Entity({ name: 'digests' })
@Index('ix_digests_due', ['status', 'nextAttemptAt'])
export class DigestEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'text' })
  subscriptionId!: string;

  /** The London date it is sent on. */
  @PrimaryColumn({ name: 'digest_date', type: 'date' })
  digestDate!: string;

  @Column({ type: 'text' })
  tenant!: string;

  /** pending, delivered or failed (after the last retry). */
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

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
