import { describePoisonedPartition } from '@casewatch/testing';
import { startAlerting } from '../testing/alerting-harness';

jest.setTimeout(90_000);

describePoisonedPartition({ service: 'alerting', subject: 'C900003', start: (group) => startAlerting({ ALERTING_CONSUMER_GROUP: group }) });
