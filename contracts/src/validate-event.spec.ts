import { EVENT_TYPES, type CaseEvent, type EventType } from './events/catalogue';
import { EXAMPLE_EVENTS } from './testing/examples';
import { createEventValidator, type EventValidationResult } from './validate-event';

const validate = createEventValidator();
const NOW = new Date('2026-11-23T12:00:00Z');

/** A copy of the example of `type` with envelope attributes and data fields replaced. */
function eventOf(type: EventType, envelope: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  const example = EXAMPLE_EVENTS[type];
  return { ...example, ...envelope, data: { ...example.data, ...data } } as Record<string, unknown>;
}

function without(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...object };
  delete copy[key];
  return copy;
}

function errorsOf(result: EventValidationResult) {
  if (result.ok) throw new Error('expected the event to be refused');
  return result.errors;
}

const VISIT = 'csc.visit.completed';
const TIME_MESSAGE = 'time must be an RFC 3339 date-time with offset, or a date YYYY-MM-DD';

describe('createEventValidator: valid events', () => {
  it.each(EVENT_TYPES)('accepts the example of %s and returns it as is', (type) => {
    const event = EXAMPLE_EVENTS[type];
    expect(validate(event, NOW)).toEqual({ ok: true, event });
    expect((validate(event, NOW) as { event: CaseEvent }).event).toBe(event);
  });

  it.each(EVENT_TYPES)('accepts teamId and workerId on %s', (type) => {
    expect(validate(eventOf(type, {}, { teamId: 'T4', workerId: 'SW.12_b-3' }), NOW).ok).toBe(true);
  });

  it('accepts a date-only time, recordedtime and supersedes', () => {
    const event = eventOf(VISIT, { time: '2020-04-14', recordedtime: '2020-05-01T10:00:00+01:00', supersedes: 'lcs-1' });
    expect(validate(event, NOW).ok).toBe(true);
  });

  it('accepts a time up to 24 hours ahead of now', () => {
    expect(validate(eventOf(VISIT, { time: '2026-11-24T12:00:00Z' }), NOW).ok).toBe(true);
    // 00:00 London tomorrow is less than a day away.
    expect(validate(eventOf(VISIT, { time: '2026-11-24' }), NOW).ok).toBe(true);
  });

  it('accepts the optional fields left out', () => {
    const minimal = eventOf(VISIT);
    minimal.data = { visitId: 'V-1', kind: 'lac', seen: false };
    expect(validate(minimal, NOW).ok).toBe(true);
  });

  it('accepts a birth month, a birth date and a leap day', () => {
    for (const birthDate of ['2014-03', '2014-03-09', '2016-02-29']) {
      expect(validate(eventOf('csc.child.details-recorded', {}, { birthDate }), NOW).ok).toBe(true);
    }
  });

  it('uses the current time when no `now` is given', () => {
    expect(validate(EXAMPLE_EVENTS[VISIT]).ok).toBe(true);
    expect(validate(eventOf(VISIT, { time: new Date(Date.now() + 25 * 3_600_000).toISOString() })).ok).toBe(false);
  });
});

describe('createEventValidator: refused events name the field', () => {
  it('reports a missing data field at its own pointer', () => {
    const event = eventOf(VISIT);
    event.data = without(event.data as Record<string, unknown>, 'visitId');
    expect(errorsOf(validate(event, NOW))).toEqual([{ pointer: '/data/visitId', message: 'data.visitId is required' }]);
  });

  it('reports a missing envelope attribute at its own pointer', () => {
    expect(errorsOf(validate(without(eventOf(VISIT), 'subject'), NOW))).toEqual([{ pointer: '/subject', message: 'subject is required' }]);
    expect(errorsOf(validate(without(eventOf(VISIT), 'data'), NOW))).toEqual([{ pointer: '/data', message: 'data is required' }]);
  });

  it('lists the allowed values of an enum', () => {
    expect(errorsOf(validate(eventOf(VISIT, {}, { kind: 'home' }), NOW))).toEqual([
      { pointer: '/data/kind', message: 'data.kind must be one of: cp, cin, lac' },
    ]);
    expect(errorsOf(validate(eventOf('csc.cp-plan.started', {}, { category: 'NEGL' }), NOW))).toEqual([
      { pointer: '/data/category', message: 'data.category must be one of: NEG, PHY, SAB, EMO, MUL' },
    ]);
  });

  it('names the JSON type expected', () => {
    expect(errorsOf(validate(eventOf(VISIT, {}, { seen: 'yes' }), NOW))).toEqual([{ pointer: '/data/seen', message: 'data.seen must be a boolean' }]);
    expect(errorsOf(validate({ ...eventOf(VISIT), data: [] }, NOW))).toEqual([{ pointer: '/data', message: 'data must be an object' }]);
  });

  it.each(['2026-02-30', '2026-11-20T14:05:00', '2026-11-20T14:05:00+01', '2026-11-20T25:05:00Z', '20/11/2026', '2026-11', ''])(
    'refuses the time %j',
    (time) => {
      expect(errorsOf(validate(eventOf(VISIT, { time }), NOW))).toEqual([{ pointer: '/time', message: TIME_MESSAGE }]);
    },
  );

  it('refuses a time that is not a string', () => {
    expect(errorsOf(validate(eventOf(VISIT, { time: 1763647500000 }), NOW))).toEqual([{ pointer: '/time', message: TIME_MESSAGE }]);
  });

  it('refuses a time more than 24 hours after now', () => {
    const message = 'time must not be more than 24 hours in the future: practice dates are never in the future';
    expect(errorsOf(validate(eventOf(VISIT, { time: '2026-11-24T12:00:01Z' }), NOW))).toEqual([{ pointer: '/time', message }]);
    expect(errorsOf(validate(eventOf(VISIT, { time: '2026-11-25' }), NOW))).toEqual([{ pointer: '/time', message }]);
  });

  it('refuses an unknown field in data', () => {
    expect(errorsOf(validate(eventOf(VISIT, {}, { colour: 'red' }), NOW))).toEqual([{ pointer: '/data/colour', message: 'unknown field data.colour' }]);
  });

  it('refuses any field in the data of a type without payload', () => {
    expect(errorsOf(validate(eventOf('csc.dental-check.completed', {}, { dentist: 'D1' }), NOW))).toEqual([
      { pointer: '/data/dentist', message: 'unknown field data.dentist' },
    ]);
  });

  it('refuses an unknown envelope attribute, CloudEvents extensions included', () => {
    expect(errorsOf(validate(eventOf(VISIT, { traceparent: '00-abc' }), NOW))).toEqual([{ pointer: '/traceparent', message: 'unknown field traceparent' }]);
  });

  it('refuses a subject that looks like a name', () => {
    expect(errorsOf(validate(eventOf(VISIT, { subject: 'Jane Smith' }), NOW))).toEqual([
      {
        pointer: '/subject',
        message: 'subject must be a pseudonymous id (letters, digits, . _ -; 1–64 characters), never a name, NHS number or UPN',
      },
    ]);
  });

  it('refuses a tenant with capitals', () => {
    expect(errorsOf(validate(eventOf(VISIT, { tenant: 'Rotherham' }), NOW))).toEqual([
      { pointer: '/tenant', message: 'tenant must be a tenant id of 2–40 lowercase letters, digits or -' },
    ]);
  });

  it('checks the other envelope attributes', () => {
    const event = eventOf(VISIT, {
      specversion: '0.3',
      id: 'x'.repeat(129),
      source: 'the LCS system',
      recordedtime: '2026-11-21',
      supersedes: '',
    });
    expect(errorsOf(validate(event, NOW))).toEqual([
      { pointer: '/specversion', message: 'specversion must be "1.0"' },
      { pointer: '/id', message: 'id must be a non-empty id of at most 128 characters' },
      {
        pointer: '/source',
        message: 'source must be a URI-reference naming the sending system, without spaces (e.g. urn:la:372:lcs)',
      },
      { pointer: '/recordedtime', message: 'recordedtime must be an RFC 3339 date-time with offset' },
      { pointer: '/supersedes', message: 'supersedes must be a non-empty id of at most 128 characters' },
    ]);
  });

  it('checks team and worker ids', () => {
    expect(errorsOf(validate(eventOf(VISIT, {}, { teamId: 'Team 4' }), NOW))).toEqual([
      { pointer: '/data/teamId', message: 'data.teamId must be a team id (letters, digits, . _ -; 1–64 characters)' },
    ]);
    const allocated = eventOf('csc.worker.allocated');
    allocated.data = { workerId: 'SW12' };
    expect(errorsOf(validate(allocated, NOW))).toEqual([{ pointer: '/data/teamId', message: 'data.teamId is required' }]);
  });

  it.each<[EventType, Record<string, unknown>, string, string]>([
    ['csc.referral.received', { primaryNeed: 'N10' }, '/data/primaryNeed', 'data.primaryNeed must be a CIN primary need code N0–N9'],
    ['csc.referral.received', { factors: ['3A', 'domestic'] }, '/data/factors/1', 'data.factors[1] must be a CIN assessment factor code (e.g. 3A, 21)'],
    ['csc.referral.closed', { reason: 'RC0' }, '/data/reason', 'data.reason must be a CIN closure reason RC1–RC9'],
    ['csc.lac.started', { provider: 'PR7' }, '/data/provider', 'data.provider must be a 903 placement provider code PR0–PR6'],
    ['csc.lac.started', { legalStatus: 'care order' }, '/data/legalStatus', 'data.legalStatus must be a 903 legal status code (e.g. C2, V2, L1)'],
    ['csc.lac.ended', { reason: 'X1' }, '/data/reason', 'data.reason must be a 903 reason episode ceased (e.g. E11, E45, E13)'],
    [
      'csc.contact.received',
      { source: 'police' },
      '/data/source',
      'data.source must be an Annex A / CIN referral source code (e.g. 1A, 3A) (1–8 uppercase letters or digits)',
    ],
    ['csc.child.details-recorded', { birthDate: '2014-13' }, '/data/birthDate', 'data.birthDate must be a month YYYY-MM or a date YYYY-MM-DD'],
    ['csc.child.details-recorded', { birthDate: '2015-02-29' }, '/data/birthDate', 'data.birthDate must be a month YYYY-MM or a date YYYY-MM-DD'],
    ['csc.event.retracted', { id: '' }, '/data/id', 'data.id must be a non-empty id of at most 128 characters'],
    ['csc.contact.decided', { outcome: 'NFA' }, '/data/outcome', 'data.outcome must be one of: referral, early-help, nfa, advice'],
  ])('checks the codes of %s %j', (type, data, pointer, message) => {
    expect(errorsOf(validate(eventOf(type, {}, data), NOW))).toEqual([{ pointer, message }]);
  });

  it.each([null, [], 'an event', 42, true, undefined])('refuses the non-object input %j', (input) => {
    expect(errorsOf(validate(input, NOW))).toEqual([{ pointer: '', message: 'the event must be a JSON object' }]);
  });

  it('reports an unknown type once, with the likely intended type', () => {
    expect(errorsOf(validate(eventOf(VISIT, { type: 'csc.visit.complete' }), NOW))).toEqual([
      {
        pointer: '/type',
        message: 'type "csc.visit.complete" is not a known event type; did you mean csc.visit.completed?',
      },
    ]);
    expect(errorsOf(validate(eventOf(VISIT, { type: 'weather.report' }), NOW))).toEqual([
      { pointer: '/type', message: 'type "weather.report" is not a known event type (see the catalogue in events.md)' },
    ]);
  });

  it('still checks the envelope when the type is unknown or missing', () => {
    expect(errorsOf(validate(eventOf(VISIT, { type: 'csc.unknown', tenant: 'X' }), NOW))).toEqual([
      { pointer: '/type', message: 'type "csc.unknown" is not a known event type (see the catalogue in events.md)' },
      { pointer: '/tenant', message: 'tenant must be a tenant id of 2–40 lowercase letters, digits or -' },
    ]);
    expect(errorsOf(validate(without(eventOf(VISIT), 'type'), NOW))).toEqual([{ pointer: '/type', message: 'type is required' }]);
    expect(errorsOf(validate(eventOf(VISIT, { type: 7 }), NOW))).toEqual([{ pointer: '/type', message: 'type must be a string' }]);
  });

  it('reports every problem at once, without duplicates', () => {
    const event = eventOf(VISIT, { subject: 'Jane Smith', colour: 1 }, { kind: 'x', seen: 'yes', colour: 'red' });
    expect(errorsOf(validate(event, NOW))).toEqual([
      { pointer: '/colour', message: 'unknown field colour' },
      { pointer: '/subject', message: expect.stringContaining('never a name') },
      { pointer: '/data/colour', message: 'unknown field data.colour' },
      { pointer: '/data/kind', message: 'data.kind must be one of: cp, cin, lac' },
      { pointer: '/data/seen', message: 'data.seen must be a boolean' },
    ]);
  });

  it('caps the errors at 20 per event', () => {
    const extra = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, i]));
    const errors = errorsOf(validate(eventOf(VISIT, {}, extra), NOW));
    expect(errors).toHaveLength(20);
    expect(errors[0]).toEqual({ pointer: '/data/field0', message: 'unknown field data.field0' });
  });

  it('escapes odd field names in pointers', () => {
    expect(errorsOf(validate(eventOf(VISIT, {}, { 'a/b~c': 1 }), NOW))).toEqual([{ pointer: '/data/a~1b~0c', message: 'unknown field data.a/b~c' }]);
  });

  it('keeps the errors of earlier calls intact', () => {
    const first = validate(eventOf(VISIT, {}, { kind: 'home' }), NOW);
    validate(EXAMPLE_EVENTS[VISIT], NOW);
    validate(eventOf(VISIT, { tenant: 'X' }), NOW);
    expect(errorsOf(first)).toEqual([{ pointer: '/data/kind', message: 'data.kind must be one of: cp, cin, lac' }]);
  });
});

describe('createEventValidator: text PostgreSQL cannot store', () => {
  it.each([
    ['a NUL in data', eventOf(VISIT, {}, { visitId: 'V-1\u0000' }), '/data/visitId', 'data.visitId must not hold a NUL character (U+0000)'],
    [
      'a lone surrogate in data',
      eventOf(VISIT, {}, { visitId: 'V-\ud800' }),
      '/data/visitId',
      'data.visitId must not hold a lone surrogate (e.g. \\ud800): it is not valid Unicode',
    ],
    ['a NUL in the id', eventOf(VISIT, { id: 'lcs-1\u0000' }), '/id', 'id must not hold a NUL character (U+0000)'],
    [
      'a lone low surrogate in the id',
      eventOf(VISIT, { id: '\udc00lcs-1' }),
      '/id',
      'id must not hold a lone surrogate (e.g. \\ud800): it is not valid Unicode',
    ],
    ['a NUL in supersedes', eventOf(VISIT, { supersedes: '\u0000' }), '/supersedes', 'supersedes must not hold a NUL character (U+0000)'],
  ])('refuses %s, naming the field', (_name, event, pointer, message) => {
    expect(errorsOf(validate(event, NOW))).toEqual([{ pointer, message }]);
  });

  it('refuses them in field names and in values the schema does not know', () => {
    const errors = errorsOf(validate(eventOf(VISIT, {}, { 'x\u0000': 1, extra: ['ok', 'b\ud800'] }), NOW));
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/data', message: 'a field name in data must not hold a NUL character (U+0000)' },
        { pointer: '/data/extra/1', message: expect.stringContaining('data.extra[1] must not hold a lone surrogate') },
      ]),
    );
  });

  it('accepts paired surrogates (emoji) and other control-free text', () => {
    expect(validate(eventOf(VISIT, { id: 'lcs-\ud83d\ude00' }, { visitId: 'V-\u00e9\u4e2d' }), NOW).ok).toBe(true);
  });
});

describe('CaseEvent', () => {
  it('narrows data by type', () => {
    const result = validate(EXAMPLE_EVENTS[VISIT], NOW);
    if (!result.ok) throw new Error('expected a valid event');
    const event = result.event;
    // Compiles only because `type` discriminates `data`.
    const seen = event.type === 'csc.visit.completed' ? event.data.seen : undefined;
    expect(seen).toBe(true);
  });
});
