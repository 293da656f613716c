import { EVENT_TYPES, createEventValidator, eventTimeToEpochMs, type CaseEvent } from '@casewatch/contracts';
import { generateHistory, resolveOptions, type GenerateOptions } from './index';

// Five years of a small tenant: ~20,000 events, every catalogue type.
const OPTIONS: GenerateOptions = { tenant: 'gen-test', seed: 11, children: 1500, from: '2021-04-01', to: '2026-03-31' };
const AFTER_WINDOW = new Date('2026-04-01T00:00:00Z');

let events: CaseEvent[];
beforeAll(() => {
  events = [...generateHistory(OPTIONS)];
});

describe('generateHistory', () => {
  it('makes only events the contracts validator accepts', () => {
    const validate = createEventValidator();
    const refused = events
      .map((event) => ({ event, result: validate(event, AFTER_WINDOW) }))
      .filter(({ result }) => !result.ok)
      .slice(0, 3);
    expect(refused).toEqual([]);
    expect(events.length).toBeGreaterThan(15_000);
  });

  it('covers the whole catalogue', () => {
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('is deterministic: the same options give byte-identical output, another seed another history', () => {
    const again = [...generateHistory(OPTIONS)];
    expect(JSON.stringify(again)).toBe(JSON.stringify(events));
    const other = [...generateHistory({ ...OPTIONS, seed: 12, children: 100 })];
    const same = [...generateHistory({ ...OPTIONS, seed: 11, children: 100 })];
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(same));
  });

  it('yields events in practice-time order, recorded at or after they happened, inside the window', () => {
    const from = Date.parse('2021-04-01T00:00:00Z');
    const horizon = Date.parse('2026-03-31T23:59:59Z');
    let previous = Number.NEGATIVE_INFINITY;
    let outOfOrder = 0;
    let recordedEarly = 0;
    let outside = 0;
    for (const event of events) {
      const time = eventTimeToEpochMs(event.time);
      const recorded = eventTimeToEpochMs(event.recordedtime as string);
      if (time < previous) outOfOrder++;
      if (recorded < time) recordedEarly++;
      if (time < from || time > horizon || recorded > horizon) outside++;
      previous = time;
    }
    expect({ outOfOrder, recordedEarly, outside }).toEqual({ outOfOrder: 0, recordedEarly: 0, outside: 0 });
  });

  it('gives every event an id unique within its source, derived from the seed', () => {
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['urn:casewatch:generator:gen-test']));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const event of events.slice(0, 200)) expect(event.id).toMatch(/^g11-\d+-\d+$/);
    expect(events.every((e) => e.tenant === 'gen-test' && e.specversion === '1.0')).toBe(true);
  });

  it('uses pseudonymous ids only: C-number subjects, teams T1..Tn, workers SW.. of their team, codes and enums', () => {
    const { teams, workersPerTeam } = resolveOptions(OPTIONS);
    const token = /^(?:[A-Z0-9][A-Z0-9-]*|[a-z0-9-]+|\d{4}-\d{2}(?:-\d{2})?)$/; // ids, codes, enums, months
    const notPseudonymous: unknown[] = [];
    for (const event of events) {
      if (!/^C\d{10}$/.test(event.subject)) notPseudonymous.push(event.subject);
      const data = event.data as Record<string, unknown>;
      for (const value of Object.values(data).flat()) {
        if (typeof value === 'string' && !token.test(value)) notPseudonymous.push(value);
      }
      if (typeof data.workerId === 'string') {
        const worker = Number(/^SW(\d+)$/.exec(data.workerId)?.[1]);
        const team = typeof data.teamId === 'string' ? Number(/^T(\d+)$/.exec(data.teamId)?.[1]) : Math.ceil(worker / workersPerTeam);
        if (!(team >= 1 && team <= teams && Math.ceil(worker / workersPerTeam) === team)) notPseudonymous.push(data);
      }
    }
    expect(notPseudonymous).toEqual([]);
    expect(new Set(events.map((e) => e.subject)).size).toBe(OPTIONS.children);
  });

  it('refuses bad options with the option named', () => {
    expect(() => generateHistory({ ...OPTIONS, tenant: 'Bad Tenant' })).toThrow(/tenant/);
    expect(() => generateHistory({ ...OPTIONS, from: '2026-04-01', to: '2026-03-31' })).toThrow(/before from/);
    expect(() => generateHistory({ ...OPTIONS, lateFraction: 1.5 })).toThrow(/lateFraction/);
    expect(() => generateHistory({ ...OPTIONS, seed: -1 })).toThrow(/seed/);
    expect(() => generateHistory({ ...OPTIONS, children: 2.5 })).toThrow(/children/);
    expect(() => generateHistory({ ...OPTIONS, horizon: 'soon' })).toThrow(/horizon/);
  });

  it('yields nothing for no children', () => {
    expect([...generateHistory({ ...OPTIONS, children: 0 })]).toEqual([]);
  });
});
