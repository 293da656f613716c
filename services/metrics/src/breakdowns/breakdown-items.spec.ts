import { breakdownsOf, DIMENSIONS } from '../catalogue/breakdown-dimensions';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import { breakdownItems, ranked } from './breakdown-items';
import { ageBandOf, teamKeyOf } from './child-keys';

describe('breakdown items', () => {
  it('rank 1 for the highest value; ties share the better rank (1, 2, 2, 4)', () => {
    const items = ranked([
      { key: 'a', value: 3 },
      { key: 'b', value: 9 },
      { key: 'c', value: 5 },
      { key: 'd', value: 5 },
      { key: 'e', value: null },
    ]);
    expect(items.map((i) => [i.key, i.rank])).toEqual([
      ['b', 1],
      ['c', 2],
      ['d', 2],
      ['a', 4],
      ['e', 5],
    ]);
    expect(
      ranked([
        { key: 'x', value: 1 },
        { key: 'y', value: 1 },
        { key: 'z', value: 1 },
      ]).map((i) => i.rank),
    ).toEqual([1, 1, 1]);
  });

  it('a count: each key with its share of the metric; a key counted twice merges; empty keys are left out', () => {
    const counts = [
      { key: '3B', numerator: 6, denominator: 6 },
      { key: '4B', numerator: 2, denominator: 2 },
      { key: '4B', numerator: 1, denominator: 1 },
      { key: '1A', numerator: 0, denominator: 0 },
    ];
    expect(breakdownItems('count', counts, 9, DIMENSIONS.factor)).toEqual([
      { key: '3B', label: 'Domestic abuse: parent', value: 6, share: 66.7, numerator: 6, denominator: 9, rank: 1 },
      { key: '4B', label: 'Mental health: parent', value: 3, share: 33.3, numerator: 3, denominator: 9, rank: 2 },
    ]);
  });

  it('a percentage: each key its own percentage, kept while its denominator has anything', () => {
    const counts = [
      { key: 'NEG', numerator: 1, denominator: 3 },
      { key: 'EMO', numerator: 0, denominator: 2 },
      { key: 'unknown', numerator: 1, denominator: 1 },
    ];
    expect(breakdownItems('percent', counts, 2, DIMENSIONS.category)).toEqual([
      { key: 'unknown', label: 'Not recorded', value: 100, numerator: 1, denominator: 1, rank: 1 },
      { key: 'NEG', label: 'Neglect', value: 33.3, numerator: 1, denominator: 3, rank: 2 },
      { key: 'EMO', label: 'Emotional abuse', value: 0, numerator: 0, denominator: 2, rank: 3 },
    ]);
  });

  it('age bands: whole years reached on the birthday, a birth month from its first day, 29 February on 1 March', () => {
    expect(ageBandOf('2016-10-15', '2026-10-14')).toBe('5-9');
    expect(ageBandOf('2016-10-15', '2026-10-15')).toBe('10-15');
    expect(ageBandOf('2025-11', '2026-10-31')).toBe('under-1');
    expect(ageBandOf('2025-10', '2026-10-01')).toBe('1-4');
    expect(ageBandOf('2012-02-29', '2027-02-28')).toBe('10-15');
    expect(ageBandOf('2012-02-29', '2028-02-29')).toBe('16-17');
    expect(ageBandOf('2008-03-01', '2026-03-01')).toBe('18-plus');
    expect(ageBandOf('2027-01', '2026-10-01')).toBe('unborn');
    expect(ageBandOf(null, '2026-10-01')).toBe('unknown');
    expect(ageBandOf('not a date', '2026-10-01')).toBe('unknown');
  });

  it('every dimension in the catalogue can be read from its metric’s shape', () => {
    for (const m of METRIC_CATALOGUE) {
      for (const by of breakdownsOf(m)) {
        const from = DIMENSIONS[by].from;
        const d = m.definition;
        if ('care' in from) expect([m.id, d.kind]).toEqual([m.id, 'care']);
        else if ('event' in from) expect([m.id, ['count', 'share', 'open'].includes(d.kind)]).toEqual([m.id, true]);
        else expect([m.id, ['count', 'share', 'open', 'care'].includes(d.kind)]).toEqual([m.id, true]);
        expect([m.id, m.unit === 'count' || m.unit === 'percent']).toEqual([m.id, true]);
      }
    }
  });

  it('team: every count or percentage counted from rows; the holder’s team, else the event’s own', () => {
    const teamed = METRIC_CATALOGUE.filter((m) => breakdownsOf(m).includes('team')).map((m) => m.id);
    expect(teamed).toEqual(expect.arrayContaining(['contacts.received', 's47.started', 'cin.children', 'lac.children', 'lac.adopted', 'referrals.repeat-12m']));
    expect(teamed).not.toContain('cin.rate10k');
    expect(teamed).not.toContain('assessments.avg-working-days');
    const row = { subject: 'C', day: '2026-10-01', counted: true, scopeAt: 0, teamId: 'T9', workerId: null };
    expect(teamKeyOf(row, undefined)).toBe('T9');
    expect(teamKeyOf({ ...row, teamId: null }, undefined)).toBe('unknown');
    expect(teamKeyOf(row, { allocated: true, teamId: 'T1', workerId: 'W1' })).toBe('T1');
    expect(teamKeyOf(row, { allocated: false, teamId: null, workerId: null })).toBe('unknown');
  });
});
