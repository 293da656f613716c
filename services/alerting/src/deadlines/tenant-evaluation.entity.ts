import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which rules version a tenant's children were last all evaluated with, and, while its settings
 * change, the job re-evaluating them: the version it works towards and the last child done.
 */
@Entity({ name: 'tenant_evaluations' })
export class TenantEvaluationEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_tenant_evaluations' })
  tenant!: string;

  /** '' until a first job finished. */
  @Column({ name: 'rules_version', type: 'text' })
  rulesVersion!: string;

  @Column({ name: 'target_version', type: 'text', nullable: true })
  targetVersion!: string | null;

  /** Children are walked in subject order; the last one re-evaluated. */
  @Column({ type: 'text', nullable: true })
  cursor!: string | null;

  @Column({ name: 'children_done', type: 'int', default: 0 })
  childrenDone!: number;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
