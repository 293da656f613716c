import type { EventRow } from '@casewatch/event-store';
import { METRICS_BY_ID, METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { MetricDefinition } from '../catalogue/metric-definition';
import { affectedMetrics, eventTypesOf, touchedTypes } from './metric-dependencies';

const row = (type: string, extra: Record<string, unknown> = {}) => ({ event: { type, ...extra } }) as unknown as EventRow;
const ids = (types: Set<string> | 'all') => affectedMetrics(METRIC_CATALOGUE, types).map((d) => d.id);

describe('which live figures an applied batch can change', () => {
  it('reads the event types a definition names; rule-based and looked-after metrics are left to the full pass', () => {
    expect(eventTypesOf(METRICS_BY_ID.get('contacts.awaiting-decision') as MetricDefinition)).toEqual(new Set(['csc.contact.received', 'csc.contact.decided']));
    expect(eventTypesOf(METRICS_BY_ID.get('cp.visits-up-to-date') as MetricDefinition)).toBeUndefined();
    expect(eventTypesOf(METRICS_BY_ID.get('lac.ceased') as MetricDefinition)).toBeUndefined();
  });

  it('a contact received touches the contact counts only', () => {
    expect(ids(touchedTypes([row('csc.contact.received')]))).toEqual(['contacts.received', 'contacts.awaiting-decision']);
  });

  it('a retraction, a correction or an allocation touches every SQL-defined metric', () => {
    const sqlDefined = METRIC_CATALOGUE.filter((d) => eventTypesOf(d) !== undefined).length;
    expect(touchedTypes([row('csc.contact.received'), row('csc.event.retracted')])).toBe('all');
    expect(touchedTypes([row('csc.visit.completed', { supersedes: 'x' })])).toBe('all');
    expect(touchedTypes([row('csc.worker.allocated')])).toBe('all');
    expect(ids('all')).toHaveLength(sqlDefined);
    expect(sqlDefined).toBeGreaterThan(25);
  });
});
