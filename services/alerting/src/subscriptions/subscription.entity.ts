import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'subscriptions' })
@Index('ix_subscriptions_tenant', ['tenant'])
export class SubscriptionEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  tenant!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  target!: string;

  @Column({ type: 'jsonb', nullable: true })
  filter!: Record<string, unknown> | null;

  @Column({ type: 'text' })
  digest!: string;

  /** The webhook secret, encrypted (SecretBox: AES-256-GCM under WEBHOOK_SECRET_KEY). */
  @Column({ name: 'secret_sealed', type: 'text', nullable: true })
  secretSealed!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
