import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One alert; (deadline_id, kind) is unique, which is what makes each kind fire once per deadline. */
@Entity({ name: 'alerts' })
@Index('ux_alerts_deadline_kind', ['deadlineId', 'kind'], { unique: true })
@Index('ix_alerts_tenant_fired', ['tenant', 'firedAt'])
export class AlertEntity {
  @PrimaryColumn({ name: 'alert_id', type: 'text' })
  alertId!: string;

  @Column({ name: 'deadline_id', type: 'text' })
  deadlineId!: string;

  @Column({ type: 'text' })
  tenant!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  rule!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'fired_at', type: 'timestamptz' })
  firedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ name: 'worker_id', type: 'text', nullable: true })
  workerId!: string | null;

  @Column({ name: 'ack_by', type: 'text', nullable: true })
  ackBy!: string | null;

  @Column({ name: 'ack_at', type: 'timestamptz', nullable: true })
  ackAt!: Date | null;

  @Column({ name: 'ack_comment', type: 'text', nullable: true })
  ackComment!: string | null;
}
