import { HttpException } from '@nestjs/common';
import { instantOf, parseId, parseRule, parseStates, parseStatus, single } from './query-params';

const status = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (err) {
    return err instanceof HttpException ? err.getStatus() : 'threw';
  }
};

describe('alerting query parameters', () => {
  it('takes states as one comma list, by default the live ones', () => {
    expect(parseStates(undefined)).toEqual(['open', 'due-soon', 'overdue']);
    expect(parseStates('met,met-late,met')).toEqual(['met', 'met-late']);
    for (const bad of ['late', 'open,', '', 'OPEN']) expect(status(() => parseStates(bad))).toBe(400);
    expect(status(() => single({ state: ['open', 'met'] }, 'state'))).toBe(400);
  });

  it('checks status, rule ids, pseudonymous ids and dates', () => {
    expect(parseStatus('firing')).toBe('firing');
    expect(status(() => parseStatus('open'))).toBe(400);
    expect(parseRule('lac-visit')).toBe('lac-visit');
    for (const bad of ['Lac', 'cp_visit', '-x', '']) expect(status(() => parseRule(bad))).toBe(400);
    for (const bad of ['a b', '', 'x\u0000']) expect(status(() => parseId('subject', bad))).toBe(400);
    expect(instantOf('2026-02-30T00:00:00Z')).toBeUndefined();
    expect(instantOf('2026-03-29T01:30:00+01:00')).toBe(Date.parse('2026-03-29T00:30:00Z'));
  });
});
