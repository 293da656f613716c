import type { TObject } from '@sinclair/typebox';
import { EXAMPLE_EVENTS } from '../testing/examples';
import { CASE_EVENT_SCHEMAS, CaseEventSchema, EVENT_DATA_SCHEMAS, EVENT_TYPES, isEventType } from './catalogue';

// The catalogue of events.md, v1, typed out by hand so a change to it is a visible decision.
const CATALOGUE_V1 = [
  'csc.child.details-recorded',
  'csc.contact.received',
  'csc.contact.decided',
  'csc.referral.received',
  'csc.referral.closed',
  'csc.worker.allocated',
  'csc.worker.unallocated',
  'csc.assessment.started',
  'csc.assessment.completed',
  'csc.strategy-discussion.held',
  'csc.s47.started',
  'csc.s47.completed',
  'csc.icpc.held',
  'csc.cp-plan.started',
  'csc.cp-review.held',
  'csc.cp-plan.ended',
  'csc.cin-plan.started',
  'csc.cin-plan.ended',
  'csc.lac.started',
  'csc.lac.placement-changed',
  'csc.lac.legal-status-changed',
  'csc.lac.ended',
  'csc.lac-review.held',
  'csc.health-assessment.completed',
  'csc.dental-check.completed',
  'csc.pep.completed',
  'csc.visit.completed',
  'csc.missing.started',
  'csc.missing.ended',
  'csc.return-interview.completed',
  'csc.care-leaver.contact-recorded',
  'csc.plo.started',
  'csc.plo.ended',
  'csc.proceedings.issued',
  'csc.proceedings.ended',
  'csc.adoption.decision-made',
  'csc.adoption.placement-order-granted',
  'csc.adoption.matched',
  'csc.adoption.placed',
  'csc.event.retracted',
];

describe('event catalogue', () => {
  it('holds exactly the types of events.md', () => {
    expect([...EVENT_TYPES]).toEqual(CATALOGUE_V1);
    expect(Object.keys(CASE_EVENT_SCHEMAS)).toEqual(CATALOGUE_V1);
    expect(CaseEventSchema.anyOf).toHaveLength(40);
  });

  it('has one example per type, of that type', () => {
    expect(Object.keys(EXAMPLE_EVENTS)).toEqual(CATALOGUE_V1);
    for (const type of EVENT_TYPES) expect(EXAMPLE_EVENTS[type].type).toBe(type);
  });

  it('freezes the examples so tests cannot change them for each other', () => {
    expect(Object.isFrozen(EXAMPLE_EVENTS['csc.visit.completed'].data)).toBe(true);
  });

  it('rejects unknown fields everywhere: envelope and data', () => {
    for (const type of EVENT_TYPES) {
      const schema = CASE_EVENT_SCHEMAS[type] as TObject;
      expect(schema.additionalProperties).toBe(false);
      expect(EVENT_DATA_SCHEMAS[type].additionalProperties).toBe(false);
    }
  });

  it('allows teamId and workerId on every event, required only on worker.allocated', () => {
    for (const type of EVENT_TYPES) {
      const data = EVENT_DATA_SCHEMAS[type];
      expect(Object.keys(data.properties)).toEqual(expect.arrayContaining(['teamId', 'workerId']));
      const required = (data.required ?? []) as string[];
      const expected = type === 'csc.worker.allocated' ? ['teamId', 'workerId'] : [];
      expect(required.filter((name) => name === 'teamId' || name === 'workerId').sort()).toEqual(expected);
    }
  });

  it('gives payload-less types nothing but teamId and workerId', () => {
    for (const type of ['csc.dental-check.completed', 'csc.pep.completed'] as const) {
      expect(Object.keys(EVENT_DATA_SCHEMAS[type].properties)).toEqual(['teamId', 'workerId']);
    }
  });

  it('emits plain JSON Schema', () => {
    const schema = JSON.parse(JSON.stringify(CASE_EVENT_SCHEMAS['csc.visit.completed']));
    expect(schema.required).toEqual(['specversion', 'id', 'source', 'time', 'subject', 'tenant', 'type', 'data']);
    expect(schema.properties.type).toEqual({ const: 'csc.visit.completed', type: 'string' });
    expect(schema.properties.data.properties.kind).toEqual({ type: 'string', enum: ['cp', 'cin', 'lac'] });
    expect(schema.properties.data.required).toEqual(['visitId', 'kind', 'seen']);
  });

  it('tells known types from others', () => {
    expect(isEventType('csc.visit.completed')).toBe(true);
    expect(isEventType('csc.visit')).toBe(false);
    expect(isEventType(42)).toBe(false);
  });
});
