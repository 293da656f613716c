import { postgresSettings } from '@casewatch/service-kit';
import { describeEventLog, TEST_ENV } from '@casewatch/testing';
import { loadMetricsConfig } from '../config';
import { METRICS_MIGRATIONS, metricsDataSourceOptions } from './data-source-options';

jest.setTimeout(60_000);

const config = loadMetricsConfig(TEST_ENV);

describeEventLog({
  service: 'metrics',
  fresh: postgresSettings(config, 'casewatch_metrics_eventlog_test'),
  migrated: postgresSettings(config, config.METRICS_DB),
  options: (settings) => metricsDataSourceOptions(settings),
  migrations: METRICS_MIGRATIONS,
  // The event log's, and metrics' own: (tenant, type, practice_date), allocations by child, the prior-referral window's.
  indexes: [
    'ix_case_events_allocations',
    'ix_case_events_prior_window',
    'ix_case_events_tenant_subject_type',
    'ix_case_events_tenant_type_date',
    'pk_case_events',
  ],
});
