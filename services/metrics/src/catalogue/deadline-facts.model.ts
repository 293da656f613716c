import type { Deadline } from '@casewatch/timescales';

/** What figures and queues need of a deadline (no explain text: a tenant has millions). */
export type DeadlineFacts = Pick<Deadline, 'rule' | 'subject' | 'state' | 'startedAt' | 'dueAt' | 'metAt' | 'teamId' | 'workerId'>;
