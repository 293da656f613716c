import { createEventValidator, eventTimeToEpochMs, type CaseEvent } from '@casewatch/contracts';
import { generateHistory, type GenerateOptions } from './index';

const HOUR_MS = 3_600_000;
const OPTIONS: GenerateOptions = { tenant: 'fixes', seed: 21, children: 800, from: '2023-04-01', to: '2026-03-31' };
const recordedLag = (e: CaseEvent): number => eventTimeToEpochMs(e.recordedtime as string) - eventTimeToEpochMs(e.time);

describe('late entries, corrections and retractions', () => {
  // Exaggerated rates so every kind shows up many times.
  const events = [...generateHistory({ ...OPTIONS, lateFraction: 0.3, correctionFraction: 0.1, retractionFraction: 0.05 })];
  const position = new Map(events.map((e, i) => [e.id, i]));

  it('corrects an earlier event of the same source, subject, type and practice time, recorded later', () => {
    const corrections = events.filter((e) => e.supersedes !== undefined);
    expect(corrections.length).toBeGreaterThan(50);
    for (const correction of corrections) {
      const i = position.get(correction.supersedes as string);
      expect(i).toBeDefined();
      const original = events[i as number];
      expect(i as number).toBeLessThan(position.get(correction.id) as number);
      expect(correction.id).not.toBe(original.id);
      expect([correction.source, correction.subject, correction.type, correction.time]).toEqual([
        original.source,
        original.subject,
        original.type,
        original.time,
      ]);
      expect(correction.data).not.toEqual(original.data);
      expect(eventTimeToEpochMs(correction.recordedtime as string)).toBeGreaterThan(eventTimeToEpochMs(original.recordedtime as string));
    }
    // What the corrections change: visits, referrals, assessments, CP categories, placements…
    expect(new Set(corrections.map((e) => e.type)).size).toBeGreaterThan(5);
  });

  it('retracts an earlier, mistaken entry of the same child after it was recorded, once', () => {
    const retractions = events.filter((e): e is Extract<CaseEvent, { type: 'csc.event.retracted' }> => e.type === 'csc.event.retracted');
    expect(retractions.length).toBeGreaterThan(20);
    const withdrawn = retractions.map((e) => e.data.id);
    expect(new Set(withdrawn).size).toBe(withdrawn.length);
    for (const retraction of retractions) {
      const i = position.get(retraction.data.id) as number;
      expect(i).toBeLessThan(position.get(retraction.id) as number);
      const original = events[i];
      expect([original.source, original.subject]).toEqual([retraction.source, retraction.subject]);
      expect(original.type).not.toBe('csc.event.retracted');
      expect(eventTimeToEpochMs(retraction.time)).toBeGreaterThanOrEqual(eventTimeToEpochMs(original.recordedtime as string));
    }
  });

  it('records a share of events days or weeks after they happened', () => {
    const late = events.filter((e) => recordedLag(e) >= 2 * 24 * HOUR_MS);
    expect(late.length / events.length).toBeGreaterThan(0.1);
    expect(Math.max(...late.map(recordedLag))).toBeGreaterThan(30 * 24 * HOUR_MS);
    expect(late.some((e) => e.type === 'csc.visit.completed')).toBe(true);
  });

  it('keeps every corrected and retracting event valid', () => {
    const validate = createEventValidator();
    const after = new Date('2026-04-01T00:00:00Z');
    const fixes = events.filter((e) => e.supersedes !== undefined || e.type === 'csc.event.retracted');
    expect(fixes.filter((e) => !validate(e, after).ok)).toEqual([]);
  });

  it('has none of them when the rates are zero: everything recorded within 60 hours', () => {
    const clean = [...generateHistory({ ...OPTIONS, children: 300, lateFraction: 0, correctionFraction: 0, retractionFraction: 0 })];
    expect(clean.filter((e) => e.supersedes !== undefined || e.type === 'csc.event.retracted')).toEqual([]);
    expect(Math.max(...clean.map(recordedLag))).toBeLessThanOrEqual(60 * HOUR_MS);
  });

  it('has a few of each at the default rates', () => {
    const defaults = [...generateHistory(OPTIONS)];
    const corrections = defaults.filter((e) => e.supersedes !== undefined).length;
    const retractions = defaults.filter((e) => e.type === 'csc.event.retracted').length;
    expect(corrections).toBeGreaterThan(0);
    expect(retractions).toBeGreaterThan(0);
    expect(corrections / defaults.length).toBeLessThan(0.02);
  });
});
