import { describeOwnedTable } from '@casewatch/testing';
import { AppliedOffsetEntity } from './applied-offset.entity';
import { AppliedOffsets1763906000000 } from './applied-offsets.migration';

jest.setTimeout(60_000);

describeOwnedTable({
  table: 'applied_offsets',
  entity: AppliedOffsetEntity,
  migration: AppliedOffsets1763906000000,
  // As the services' first migrations made it.
  older: [
    `CREATE TABLE "applied_offsets" ("consumer" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL, "next_offset" bigint NOT NULL, CONSTRAINT "PK_0d4a2c4ca98e09790cbd08004b4" PRIMARY KEY ("consumer", "topic", "partition"))`,
    `INSERT INTO applied_offsets VALUES ('casewatch-metrics', 'csc.case-events.v1', 0, 42)`,
  ],
  kept: { sql: 'SELECT next_offset FROM applied_offsets', rows: [{ next_offset: '42' }] },
});
