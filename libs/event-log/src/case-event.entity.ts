import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every case event a service applied, with when it happened (practice) and when it was known
 * (recorded, retracted, superseded): enough to answer any period, scope and asAt. Created by
 * EventLog1763905000000, the same in every service that stores case events.
 */
@Entity({ name: 'case_events' })
// A child's events (of one type): deadlines, snapshot figures, scopes.
@Index('ix_case_events_tenant_subject_type', ['tenant', 'subject', 'type'])
// Metrics' own, (tenant, type, practice_date) for figures over periods, made by its migrations: schema sync leaves it be.
@Index('ix_case_events_tenant_type_date', { synchronize: false })
// Metrics' own, a child's allocation events by date (AllocationsByChild1765400000000, covering since AllocationsCovering1765520000000): schema sync leaves it be.
@Index('ix_case_events_allocations', { synchronize: false })
// Metrics' own, referrals by date with what a prior-referral window reads (PriorWindow1765530000000): schema sync leaves it be.
@Index('ix_case_events_prior_window', { synchronize: false })
export class CaseEventEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_case_events' })
  tenant!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_case_events' })
  source!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text', primaryKeyConstraintName: 'pk_case_events' })
  eventId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'practice_at', type: 'timestamptz' })
  practiceAt!: Date;

  /** The London date of practice_at: periods are London dates. */
  @Column({ name: 'practice_date', type: 'date' })
  practiceDate!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ name: 'worker_id', type: 'text', nullable: true })
  workerId!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ name: 'retracted_at', type: 'timestamptz', nullable: true })
  retractedAt!: Date | null;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt!: Date | null;
}
