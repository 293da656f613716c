import { describePoisonedPartition } from '@casewatch/testing';
import { startMetrics } from '../testing/metrics-harness';

jest.setTimeout(90_000);

describePoisonedPartition({ service: 'metrics', subject: 'C900002', start: (group) => startMetrics({ METRICS_CONSUMER_GROUP: group }) });
