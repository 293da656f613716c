import { alertsFor, resolutionReason } from './alert-transitions';

describe('which alerts a deadline calls for', () => {
  it('warns while due soon and breaches once overdue', () => {
    expect(alertsFor('open', false)).toEqual([]);
    expect(alertsFor('due-soon', false)).toEqual(['due-soon']);
    expect(alertsFor('overdue', true)).toEqual(['overdue']);
  });

  it('resolves only a deadline that fired, however it closed', () => {
    for (const s of ['met', 'met-late', 'cancelled', 'gone'] as const) {
      expect(alertsFor(s, true)).toEqual(['resolved']);
      expect(alertsFor(s, false)).toEqual([]);
    }
    expect(resolutionReason('gone')).toBe('cancelled');
    expect(resolutionReason('met-late')).toBe('met-late');
    expect(resolutionReason('overdue')).toBeNull();
  });
});
