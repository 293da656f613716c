import { alertKey, caseEventKey, DLQ_HEADERS, metricKey, TOPIC_SPECS, TOPICS } from './topics';

const DAY_MS = 86_400_000;

function spec(name: string) {
  const found = TOPIC_SPECS.find((s) => s.name === name);
  if (!found) throw new Error(`no spec for ${name}`);
  return found;
}

describe('topics', () => {
  it('names every topic of api.md', () => {
    expect(TOPICS).toEqual({
      caseEvents: 'csc.case-events.v1',
      caseEventsDlq: 'csc.case-events.dlq.v1',
      metrics: 'csc.metrics.v1',
      alerts: 'csc.alerts.v1',
      tenants: 'csc.tenants.v1',
    });
  });

  it('has exactly one spec per topic', () => {
    expect(TOPIC_SPECS.map((s) => s.name).sort()).toEqual(Object.values(TOPICS).sort());
  });

  it('keeps case events forever on 12 partitions', () => {
    expect(spec(TOPICS.caseEvents)).toEqual({
      name: 'csc.case-events.v1',
      partitions: 12,
      configs: { 'cleanup.policy': 'delete', 'retention.ms': '-1' },
    });
  });

  it('keeps dead letters 30 days and alerts 90 days, on 12 partitions', () => {
    expect(spec(TOPICS.caseEventsDlq).partitions).toBe(12);
    expect(spec(TOPICS.caseEventsDlq).configs).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS) });
    expect(spec(TOPICS.alerts).partitions).toBe(12);
    expect(spec(TOPICS.alerts).configs).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '7776000000' });
  });

  it('compacts metrics (12 partitions) and tenants (1 partition)', () => {
    expect(spec(TOPICS.metrics)).toEqual({ name: 'csc.metrics.v1', partitions: 12, configs: { 'cleanup.policy': 'compact' } });
    expect(spec(TOPICS.tenants)).toEqual({ name: 'csc.tenants.v1', partitions: 1, configs: { 'cleanup.policy': 'compact' } });
  });

  it('builds message keys as api.md lists them', () => {
    expect(caseEventKey('rotherham', 'C1029384')).toBe('rotherham:C1029384');
    expect(metricKey('rotherham', 'lac.children', 'team:T4', '2026-10')).toBe('rotherham:lac.children:team:T4:2026-10');
    expect(alertKey('rotherham', 'D-1')).toBe('rotherham:D-1');
  });

  it('names the dead-letter headers', () => {
    expect(Object.values(DLQ_HEADERS)).toEqual(['error', 'source-topic', 'partition', 'offset']);
  });
});
