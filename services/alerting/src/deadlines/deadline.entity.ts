import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A timescale deadline as last evaluated; the durable record the timers and the API read. */
@Entity({ name: 'deadlines' })
@Index('ix_deadlines_tenant_state', ['tenant', 'state'])
@Index('ix_deadlines_tenant_subject', ['tenant', 'subject'])
export class DeadlineEntity {
  @PrimaryColumn({ name: 'deadline_id', type: 'text' })
  deadlineId!: string;

  @Column({ type: 'text' })
  tenant!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  rule!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'warn_at', type: 'timestamptz' })
  warnAt!: Date;

  @Column({ name: 'met_at', type: 'timestamptz', nullable: true })
  metAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ name: 'worker_id', type: 'text', nullable: true })
  workerId!: string | null;

  @Column({ type: 'text' })
  explain!: string;
}
