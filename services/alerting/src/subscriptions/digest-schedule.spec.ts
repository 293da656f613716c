import { digestTime, dueDigest, nextDigest } from './digest-schedule';

const at = (iso: string) => new Date(iso).getTime();

describe('the daily digest time', () => {
  it('is the London hour, in BST and in GMT', () => {
    expect(digestTime('2026-07-01', 7)).toBe(at('2026-07-01T06:00:00Z'));
    expect(digestTime('2026-12-01', 7)).toBe(at('2026-12-01T07:00:00Z'));
  });

  it('stays on the London hour on the days the clocks change', () => {
    expect(digestTime('2026-03-29', 7)).toBe(at('2026-03-29T06:00:00Z')); // spring forward at 01:00 GMT
    expect(digestTime('2026-10-25', 7)).toBe(at('2026-10-25T07:00:00Z')); // fall back at 02:00 BST
    expect(digestTime('2026-10-25', 0)).toBe(at('2026-10-24T23:00:00Z'));
  });

  it('comes next today before the hour and tomorrow after it', () => {
    expect(nextDigest(at('2026-12-01T06:59:59Z'), 7)).toEqual({ date: '2026-12-01', at: at('2026-12-01T07:00:00Z') });
    expect(nextDigest(at('2026-12-01T07:00:00Z'), 7)).toEqual({ date: '2026-12-02', at: at('2026-12-02T07:00:00Z') });
    // 23:30 UTC on 30 June is already 1 July in London.
    expect(nextDigest(at('2026-06-30T23:30:00Z'), 7)).toEqual({ date: '2026-07-01', at: at('2026-07-01T06:00:00Z') });
  });

  it('is due for catching up once today’s hour has passed', () => {
    expect(dueDigest(at('2026-12-01T06:59:59Z'), 7)).toBeNull();
    expect(dueDigest(at('2026-12-01T07:00:00Z'), 7)).toBe('2026-12-01');
  });
});
