import { eventTimeToEpochMs, type CaseEvent } from '@casewatch/contracts';
import { SCALES, childrenForScale, generateHistory, resolveOptions, type GenerateOptions } from './index';

const OPTIONS: GenerateOptions = { tenant: 'scale', seed: 3, children: 100, from: '2024-04-01', to: '2026-03-31' };
const withoutRecordedTime = ({ recordedtime: _recorded, ...rest }: CaseEvent): Omit<CaseEvent, 'recordedtime'> => rest;

describe('size, laziness and continuation', () => {
  it('scales the number of events with the number of children', () => {
    const small = [...generateHistory(OPTIONS)];
    const large = [...generateHistory({ ...OPTIONS, children: 400 })];
    expect(new Set(small.map((e) => e.subject)).size).toBe(100);
    expect(new Set(large.map((e) => e.subject)).size).toBe(400);
    expect(large.length / small.length).toBeGreaterThan(2.5);
    expect(large.length / small.length).toBeLessThan(6);
  });

  it('sizes teams with the tenant: one team for a team-sized tenant, many for an LA', () => {
    expect(resolveOptions(OPTIONS).teams).toBe(1);
    const la = childrenForScale('la', '2025-04-01', '2026-03-31');
    expect(Math.abs(la - SCALES.la)).toBeLessThan(10);
    expect(resolveOptions({ ...OPTIONS, children: la, from: '2025-04-01', to: '2026-03-31' }).teams).toBe(30);
    expect(resolveOptions({ ...OPTIONS, teams: 4, workersPerTeam: 9 })).toMatchObject({ teams: 4, workersPerTeam: 9 });
  });

  it('streams lazily: the first events of a national-scale year come without generating the rest', () => {
    const history = generateHistory({ ...OPTIONS, children: childrenForScale('england', '2025-04-01', '2026-03-31'), from: '2025-04-01', to: '2026-03-31' });
    const first: CaseEvent[] = [];
    for (const event of history) {
      first.push(event);
      if (first.length === 1000) break;
    }
    expect(history.count).toBe(1000);
    // ~3,700 children arrive on each working day at this scale, so 1,000 events are all on day one.
    expect(first.every((e) => e.time.startsWith('2025-04-01'))).toBe(true);
  });

  it('stops at the horizon: nothing happens or is recorded after it, and what is before it is unchanged', () => {
    const full = [...generateHistory(OPTIONS)];
    const horizon = '2025-06-30T12:00:00Z';
    const cut = [...generateHistory({ ...OPTIONS, horizon })];
    const limit = Date.parse(horizon);
    expect(cut.length).toBeGreaterThan(100);
    expect(cut.every((e) => eventTimeToEpochMs(e.time) <= limit && eventTimeToEpochMs(e.recordedtime as string) <= limit)).toBe(true);
    const byId = new Map(full.map((e) => [e.id, e]));
    for (const event of cut) expect(withoutRecordedTime(byId.get(event.id) as CaseEvent)).toEqual(withoutRecordedTime(event));
    // Everything the full run had recorded by the horizon is in the cut run.
    const known = full.filter((e) => eventTimeToEpochMs(e.recordedtime as string) <= limit).map((e) => e.id);
    const cutIds = new Set(cut.map((e) => e.id));
    expect(known.length).toBeGreaterThan(100);
    expect(known.filter((id) => !cutIds.has(id))).toEqual([]);
  });

  it('continues the same journeys past `to` when open-ended (the CLI trickle)', () => {
    const bounded = [...generateHistory(OPTIONS)];
    const open = generateHistory({ ...OPTIONS, openEnded: true });
    const continued: CaseEvent[] = [];
    const stopAt = Date.parse('2026-09-30T00:00:00Z');
    for (const event of open) {
      if (eventTimeToEpochMs(event.time) > stopAt) break;
      continued.push(event);
    }
    const byId = new Map(continued.map((e) => [e.id, e]));
    for (const event of bounded) expect(withoutRecordedTime(byId.get(event.id) as CaseEvent)).toEqual(withoutRecordedTime(event));
    const after = continued.filter((e) => e.time > '2026-04');
    expect(after.length).toBeGreaterThan(100);
    // Children who were open at the end of the window carry on, and new children keep arriving.
    const seenBefore = new Set(bounded.map((e) => e.subject));
    expect(after.some((e) => seenBefore.has(e.subject))).toBe(true);
    expect(after.some((e) => !seenBefore.has(e.subject))).toBe(true);
  });
});
