import { compareIds, entryFields, entryOf, isEntryId, sseFrame } from './stream-entry';
import { selects } from './stream-selection';

describe('stream entries', () => {
  it('orders ids by time, then sequence, as numbers', () => {
    expect(compareIds('1765000000000-2', '1765000000000-10')).toBeLessThan(0);
    expect(compareIds('1765000000001-0', '1765000000000-99')).toBeGreaterThan(0);
    expect(compareIds('5-5', '5-5')).toBe(0);
  });

  it('takes only well-formed ids as a place to resume from', () => {
    expect(isEntryId('1765000000000-0')).toBe(true);
    expect(isEntryId('0-0')).toBe(true);
    for (const bad of [undefined, '', 'abc', '1765000000000', '1-2-3', '-1-0', '1-0, 2-0', '9'.repeat(30) + '-0']) expect(isEntryId(bad)).toBe(false);
  });

  it('keeps scope and period beside the data, and reads them back', () => {
    const metric = { event: 'metric' as const, scope: 'team:T1', period: 'fy2026', data: '{"value":1}' };
    expect(entryOf('1-0', entryFields(metric))).toEqual({ id: '1-0', ...metric });
    const queue = { event: 'queue' as const, scope: 'la', data: '{"queueId":"visits-overdue","size":2}' };
    expect(entryOf('2-0', entryFields(queue))).toEqual({ id: '2-0', ...queue });
    expect(entryOf('3-0', ['e', 'other', 's', 'la', 'd', '{}'])).toBeUndefined();
  });

  it('frames a message with its id', () => {
    expect(sseFrame('1-0', 'queue', '{"size":1}')).toBe('id: 1-0\nevent: queue\ndata: {"size":1}\n\n');
  });
});

describe('what a client hears', () => {
  const dec2026 = Date.parse('2026-12-07T12:00:00Z');
  const metric = (scope: string, period: string) => ({ id: '1-0', event: 'metric' as const, scope, period, data: '{}' });
  const queue = (scope: string) => ({ id: '1-0', event: 'queue' as const, scope, data: '{}' });

  it('metrics of its scope and period only; `current` is the running month', () => {
    const current = { period: 'current', scope: 'la' };
    expect(selects(current, metric('la', '2026-12'), dec2026)).toBe(true);
    expect(selects(current, metric('la', '2026-11'), dec2026)).toBe(false);
    expect(selects(current, metric('la', 'fy2026'), dec2026)).toBe(false);
    expect(selects(current, metric('team:T1', '2026-12'), dec2026)).toBe(false);
    expect(selects(current, metric('la', '2027-01'), Date.parse('2027-01-01T00:30:00Z'))).toBe(true);
    expect(selects({ period: 'fy2026', scope: 'worker:W1' }, metric('worker:W1', 'fy2026'), dec2026)).toBe(true);
    expect(selects({ period: 'fy2026', scope: 'worker:W1' }, metric('worker:W2', 'fy2026'), dec2026)).toBe(false);
  });

  it('queue sizes of its scope, whatever the period', () => {
    expect(selects({ period: 'fy2025', scope: 'team:T1' }, queue('team:T1'), dec2026)).toBe(true);
    expect(selects({ period: 'fy2025', scope: 'team:T1' }, queue('la'), dec2026)).toBe(false);
  });
});
