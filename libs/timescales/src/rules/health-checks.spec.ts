import { WorkingDayCalendar } from '../working-day-calendar';
import { healthChecksAt } from './health-checks';
import { at, ev } from './test-events';

// Hand-computed. Easter 2026: Good Friday 3 April, Easter Monday 6 April.
const england = new WorkingDayCalendar({ nation: 'england' });
const lac = (date: string, extra: { shortBreak?: boolean; periodId?: string } = {}) =>
  ev('csc.lac.started', date, {
    periodId: extra.periodId ?? 'L1',
    legalStatus: extra.shortBreak ? 'V3' : 'C2',
    placementType: 'U1',
    ...(extra.shortBreak && { shortBreak: true }),
  });
const born = (birthDate: string) => ev('csc.child.details-recorded', '2020-01-01', { birthDate });
const health = (date: string, id?: string) => ev('csc.health-assessment.completed', date, { kind: 'review' }, id ? { id } : {});
const dental = (date: string) => ev('csc.dental-check.completed', date, {});
const endOf = (date: string) => at(`${date}T23:59:59+01:00`);

describe('health and dental checks of looked-after children', () => {
  it('counts a child once looked after for 20 working days, across the Easter bank holidays', () => {
    const events = [lac('2026-03-09')];
    expect(healthChecksAt(events, england, endOf('2026-04-07'))).toBeUndefined(); // 19 working days
    expect(healthChecksAt(events, england, endOf('2026-04-08'))).toMatchObject({
      lookedAfterFrom: '2026-03-09',
      health: { upToDate: false, months: 12 },
      dental: { upToDate: false, months: 12 },
    });
  });

  it('gives an under-5 six months and an older child twelve; a birth month counts from its first day', () => {
    const now = endOf('2026-09-30');
    const under5 = [lac('2026-01-05'), born('2022-01'), health('2026-03-30')];
    expect(healthChecksAt(under5, england, now)?.health).toEqual({ upToDate: true, last: '2026-03-30', months: 6 });
    const under5Late = [lac('2026-01-05'), born('2022-01'), health('2026-03-29')];
    expect(healthChecksAt(under5Late, england, now)?.health).toEqual({ upToDate: false, last: '2026-03-29', months: 6 });
    const five = [lac('2026-01-05'), born('2021-09'), health('2025-09-30')];
    expect(healthChecksAt(five, england, now)?.health).toEqual({ upToDate: true, last: '2025-09-30', months: 12 });
    const noBirthDate = [lac('2026-01-05'), health('2025-09-29')];
    expect(healthChecksAt(noBirthDate, england, now)?.health).toEqual({ upToDate: false, last: '2025-09-29', months: 12 });
  });

  it('dental: a check in the 12 months to the moment, including one before care began', () => {
    const now = endOf('2026-09-30');
    expect(healthChecksAt([lac('2026-01-05'), dental('2025-09-30')], england, now)?.dental.upToDate).toBe(true);
    expect(healthChecksAt([lac('2026-01-05'), dental('2025-09-29')], england, now)?.dental.upToDate).toBe(false);
  });

  it('leaves out short breaks, ended care and checks not yet happened or retracted', () => {
    const now = endOf('2026-09-30');
    expect(healthChecksAt([lac('2026-01-05', { shortBreak: true })], england, now)).toBeUndefined();
    const ended = ev('csc.lac.ended', '2026-09-01', { periodId: 'L1', reason: 'E13' });
    expect(healthChecksAt([lac('2026-01-05'), ended], england, now)).toBeUndefined();
    const future = healthChecksAt([lac('2026-01-05'), health('2026-10-01')], england, now);
    expect(future?.health.upToDate).toBe(false);
    const retraction = ev('csc.event.retracted', '2026-09-02', { id: 'h1' });
    expect(healthChecksAt([lac('2026-01-05'), health('2026-09-01', 'h1'), retraction], england, now)?.health.upToDate).toBe(false);
  });

  it('follows the legal status in force: a V3 period counts from its change to C2, and not after a change to V4', () => {
    const v3 = ev('csc.lac.started', '2026-01-05', { periodId: 'L1', legalStatus: 'V3', placementType: 'U1' });
    const c2 = ev('csc.lac.legal-status-changed', '2026-03-02', { periodId: 'L1', legalStatus: 'C2' });
    expect(healthChecksAt([v3], england, endOf('2026-09-30'))).toBeUndefined();
    expect(healthChecksAt([v3, c2], england, endOf('2026-03-27'))).toBeUndefined(); // 19 working days since the change
    expect(healthChecksAt([v3, c2], england, endOf('2026-03-30'))).toMatchObject({ lookedAfterFrom: '2026-03-02' });
    const v4 = ev('csc.lac.legal-status-changed', '2026-06-01', { periodId: 'L1', legalStatus: 'V4' });
    expect(healthChecksAt([v3, c2, v4], england, endOf('2026-09-30'))).toBeUndefined();
  });

  it('closes an open period when another starts: looked after from the new start', () => {
    const events = [lac('2026-01-05'), lac('2026-09-01', { periodId: 'L2' })];
    expect(healthChecksAt(events, england, endOf('2026-09-28'))).toBeUndefined(); // 19 working days since 1 September
    expect(healthChecksAt(events, england, endOf('2026-09-29'))).toMatchObject({ lookedAfterFrom: '2026-09-01' });
  });

  it('knows the allocation at the moment and honours asAt', () => {
    const allocated = ev('csc.worker.allocated', '2026-02-01', { teamId: 'T1', workerId: 'W1' });
    const late = ev('csc.dental-check.completed', '2026-09-01', {}, { recordedtime: '2026-10-20T09:00:00Z' });
    const events = [lac('2026-01-05'), allocated, late];
    const now = endOf('2026-09-30');
    expect(healthChecksAt(events, england, now)).toMatchObject({ teamId: 'T1', workerId: 'W1', dental: { upToDate: true } });
    expect(healthChecksAt(events, england, now, at('2026-10-10T00:00:00Z'))?.dental.upToDate).toBe(false);
  });
});
