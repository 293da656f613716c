import { postgresSettings } from '@casewatch/service-kit';
import { describeEventLog, TEST_ENV } from '@casewatch/testing';
import { loadAlertingConfig } from '../config';
import { ALERTING_MIGRATIONS, alertingDataSourceOptions } from './data-source-options';

jest.setTimeout(60_000);

const config = loadAlertingConfig(TEST_ENV);

describeEventLog({
  service: 'alerting',
  fresh: postgresSettings(config, 'casewatch_alerting_eventlog_test'),
  migrated: postgresSettings(config, config.ALERTING_DB),
  options: (settings) => alertingDataSourceOptions(settings),
  migrations: ALERTING_MIGRATIONS as unknown[],
  // The event log's only: alerting reads events by child (EventsWithoutTypeIndex1764450000000).
  indexes: ['ix_case_events_tenant_subject_type', 'pk_case_events'],
});
