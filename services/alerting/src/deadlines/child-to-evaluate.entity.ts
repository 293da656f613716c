import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A child whose events changed and whose deadlines are still to be evaluated: written after
 * its events are applied, removed in the transaction that evaluates it. A child touched by many
 * batches while the queue is behind is evaluated once.
 */
@Entity({ name: 'children_to_evaluate' })
@Index('ix_children_to_evaluate_tenant_since', ['tenant', 'since'])
export class ChildToEvaluateEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_children_to_evaluate' })
  tenant!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_children_to_evaluate' })
  subject!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  since!: Date;
}
