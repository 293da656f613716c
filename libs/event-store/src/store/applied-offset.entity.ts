import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The next offset to apply per partition, written in the same transaction as the batch's effects. */
@Entity({ name: 'applied_offsets' })
export class AppliedOffsetEntity {
  @PrimaryColumn({ type: 'text' })
  consumer!: string;

  @PrimaryColumn({ type: 'text' })
  topic!: string;

  @PrimaryColumn({ type: 'int' })
  partition!: number;

  @Column({ name: 'next_offset', type: 'bigint' })
  nextOffset!: string;
}
