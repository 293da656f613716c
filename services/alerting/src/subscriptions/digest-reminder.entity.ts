import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An earlier overdue alert repeated in a daily digest because it was still firing and not
 * acknowledged when the digest was assembled. Decided once, with the digest row, so a retry of
 * the digest sends the same reminders with the same content.
 */
@Entity({ name: 'digest_reminders' })
export class DigestReminderEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'text', primaryKeyConstraintName: 'PK_digest_reminders' })
  subscriptionId!: string;

  /** The London date of the digest that carries it. */
  @PrimaryColumn({ name: 'digest_date', type: 'date', primaryKeyConstraintName: 'PK_digest_reminders' })
  digestDate!: string;

  @PrimaryColumn({ name: 'alert_id', type: 'text', primaryKeyConstraintName: 'PK_digest_reminders' })
  alertId!: string;

  /** The alert as it stood when the digest was assembled. */
  @Column({ type: 'jsonb' })
  alert!: Record<string, unknown>;
}
