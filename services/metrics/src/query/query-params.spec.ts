import { HttpException } from '@nestjs/common';
import { instantOf, parseHistory, parsePeriod, parseScope, single } from './query-params';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const status = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (err) {
    return err instanceof HttpException ? err.getStatus() : 'threw';
  }
};

describe('metrics query parameters', () => {
  it.each(
    [
      ['fy9999', '0000-01', '1899-12', 'fy1899', '2026-13', '2026-00', '2027-01', 'fy2027', '', 'CURRENT', '2026-1'],
      ['fy2026-Q5', 'fy2026-Q0', 'fy2026-Q4', 'fy1899-Q4', 'fy2026-q1', '2026-W00', '2026-W54', '2025-W53', '2026-W51', '1899-W52', '2026-W7'],
    ].flat(),
  )('refuses period %j with 400', (p) => {
    expect(status(() => parsePeriod(p, NOW))).toBe(400);
  });

  it('resolves current, months and financial years from 1900', () => {
    expect(parsePeriod(undefined, NOW).label).toBe('2026-12');
    expect(parsePeriod('1900-01', NOW)).toMatchObject({ first: '1900-01-01', last: '1900-01-31', running: false });
    expect(parsePeriod('fy2026', NOW)).toMatchObject({ first: '2026-04-01', last: '2026-12-07', running: true });
  });

  it('resolves quarters and ISO weeks, running ones to date', () => {
    expect(parsePeriod('fy2025-Q4', NOW)).toMatchObject({ kind: 'quarter', first: '2026-01-01', last: '2026-03-31', running: false });
    expect(parsePeriod('fy2026-Q3', NOW)).toMatchObject({ first: '2026-10-01', last: '2026-12-07', end: '2026-12-31', running: true });
    expect(parsePeriod('2026-W53', Date.parse('2027-01-10T12:00:00Z'))).toMatchObject({ kind: 'week', first: '2026-12-28', last: '2027-01-03' });
    expect(parsePeriod('2026-W50', NOW)).toMatchObject({ first: '2026-12-07', last: '2026-12-07', running: true });
    expect(parsePeriod('1900-W01', NOW)).toMatchObject({ first: '1900-01-01' });
  });

  it('takes only real RFC 3339 date-times', () => {
    expect(instantOf('2026-02-28T23:59:59Z')).toBe(Date.parse('2026-02-28T23:59:59Z'));
    expect(instantOf('2026-06-01t10:00:00.5+01:00')).toBe(Date.parse('2026-06-01T09:00:00.500Z'));
    expect(instantOf('2028-02-29T00:00:00Z')).toBe(Date.parse('2028-02-29T00:00:00Z'));
    for (const bad of [
      '2026-02-29T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60:00Z',
      '2026-01-01T10:00:60Z',
      '2026-01-01T10:00:00+24:00',
      '2026-01-01T10:00:00',
      '2026-01-01',
      '0000-01-01T00:00:00Z',
      '2026-01-01T10:00Z',
    ]) {
      expect({ bad, at: instantOf(bad) }).toEqual({ bad, at: undefined });
    }
  });

  it('checks scope, history and repeated values', () => {
    expect(parseScope('team:T1')).toEqual({ kind: 'team', id: 'T1' });
    expect(parseScope(undefined)).toBeUndefined();
    for (const bad of ['team:', 'worker:a b', 'region:x', 'la ', `team:${'x'.repeat(65)}`, 'team:x\u0000']) expect(status(() => parseScope(bad))).toBe(400);
    expect(parseHistory('36')).toBe(36);
    for (const bad of ['0', '37', '1e1', ' 3', '']) expect(status(() => parseHistory(bad))).toBe(400);
    expect(status(() => single({ period: ['a', 'b'] }, 'period'))).toBe(400);
  });
});
