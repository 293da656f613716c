import { Type, type Static } from '@sinclair/typebox';
import { MetricId } from './metric-value';
import { TenantRecord } from './tenant-settings';

const Count = Type.Integer({ minimum: 0 });

/** `POST /v1/tenants/{tenant}/comparators`: what the file gave, and the settings as now stored and published. */
export const ComparatorsUploadReport = Type.Object(
  {
    read: Count,
    added: Count,
    updated: Count,
    metrics: Type.Array(MetricId),
    councilRows: Count,
    ignored: Type.Array(Type.Object({ indicator: Type.String(), row: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })),
    settings: TenantRecord,
  },
  { additionalProperties: false },
);
export type ComparatorsUploadReport = Static<typeof ComparatorsUploadReport>;
