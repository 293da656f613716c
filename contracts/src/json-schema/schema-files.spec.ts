import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EVENT_TYPES } from '../events/catalogue';
import { EXAMPLE_EVENTS } from '../testing/examples';
import { schemaFiles, schemaFileText } from './schema-files';

// The checked-in files, read as a consumer of the repository would: not through TypeBox.
const SCHEMAS_DIR = join(__dirname, '../../schemas');

function checkedIn(): Map<string, string> {
  const entries = readdirSync(SCHEMAS_DIR, { withFileTypes: true, recursive: true });
  return new Map(
    entries
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => [relative(SCHEMAS_DIR, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'utf8')]),
  );
}

const files = checkedIn();
const fileSchema = (file: string) => JSON.parse(files.get(file) ?? 'null') as Record<string, unknown>;

// A plain draft-07 ajv, strict, as another team would set one up.
const ajv = addFormats(new Ajv({ allErrors: true, strict: true }), ['date', 'date-time', 'email', 'uri']);
for (const type of EVENT_TYPES) ajv.addSchema(fileSchema(`events/${type}.json`), `${type}.json`);
const compiled = new Map<string, ValidateFunction>();
function validatorFor(file: string): ValidateFunction {
  const isType = file.startsWith('events/') && file !== 'events/case-event.json';
  if (!compiled.has(file)) compiled.set(file, isType ? ajv.getSchema(file.slice('events/'.length))! : ajv.compile(fileSchema(file)));
  return compiled.get(file)!;
}

// The examples of api.md, verbatim (the Alert is the one api.md describes field by field).
const METRIC_VALUE = {
  metricId: 'lac.children',
  title: 'Children looked after',
  unit: 'count',
  period: '2020-04',
  scope: 'la',
  value: 604,
  numerator: null,
  denominator: null,
  polarity: 'info',
  target: null,
  rag: null,
  direction: 'up',
  trend: 'neutral',
  firstReported: 601,
  revised: true,
  asOf: '2020-05-26T08:00:00Z',
};
const DEADLINE = {
  deadlineId: '…',
  rule: 'lac-visit',
  subject: 'C1029384',
  state: 'overdue',
  startedAt: '2026-09-01',
  dueAt: '2026-10-13T23:59:59+01:00',
  metAt: null,
  teamId: 'T4',
  workerId: 'SW12',
  explain: '6 weeks after the visit on 2026-09-01 (reg 28)',
};
const ALERT = {
  alertId: 'AL-1',
  deadlineId: 'D-1',
  rule: 'lac-visit',
  subject: 'C1029384',
  kind: 'overdue',
  status: 'firing',
  firedAt: '2026-10-13T23:00:00Z',
  acknowledged: { by: 'manager@example.gov.uk', at: '2026-10-14T09:00:00+01:00', comment: 'visit booked' },
  teamId: 'T4',
  workerId: 'SW12',
};
const TENANT = {
  name: 'Rotherham',
  laCode: '372',
  nation: 'england',
  population0to17: 57_000,
  closureDays: ['2026-12-29'],
  reportingCutoffWorkingDays: 10,
  targets: { 'lac.children': { target: 600, amberTolerance: 20 } },
};

describe('contracts/schemas', () => {
  it('holds exactly what the TypeBox schemas generate (regenerate: bash contracts/tools/write-schemas.sh)', () => {
    const expected = schemaFiles();
    const stale = [...expected].filter(([file, schema]) => files.get(file) !== schemaFileText(schema)).map(([file]) => file);
    const extra = [...files.keys()].filter((file) => !expected.has(file));
    expect({ stale, extra }).toEqual({ stale: [], extra: [] });
  });

  it('has one file per event type, its type a const, and case-event.json refers to each', () => {
    for (const type of EVENT_TYPES) {
      const schema = fileSchema(`events/${type}.json`) as { properties: { type: unknown }; $schema: string };
      expect(schema.properties.type).toEqual({ const: type, type: 'string' });
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    }
    expect(fileSchema('events/case-event.json').anyOf).toEqual(EVENT_TYPES.map((type) => ({ $ref: `./${type}.json` })));
  });

  it.each(EVENT_TYPES)('validates the example %s event against its file and case-event.json', (type) => {
    const validate = validatorFor(`events/${type}.json`);
    expect(validate(EXAMPLE_EVENTS[type]) ? [] : validate.errors).toEqual([]);
    expect(validatorFor('events/case-event.json')(EXAMPLE_EVENTS[type])).toBe(true);
    // The const tells the types apart: another type's schema refuses it.
    const other = EVENT_TYPES.find((t) => t !== type)!;
    expect(validatorFor(`events/${other}.json`)(EXAMPLE_EVENTS[type])).toBe(false);
  });

  it.each([
    ['metric-value.json', METRIC_VALUE],
    ['metric-message.json', { tenant: 'rotherham', ...METRIC_VALUE }],
    ['metric-with-history.json', { ...METRIC_VALUE, history: [METRIC_VALUE] }],
    ['metric-list.json', { asOf: '2020-05-26T08:00:00Z', items: [METRIC_VALUE] }],
    ['deadline.json', DEADLINE],
    ['deadline-list.json', { items: [DEADLINE] }],
    ['alert.json', ALERT],
    ['alert-message.json', { tenant: 'rotherham', ...ALERT }],
    ['alert-list.json', { items: [ALERT], nextCursor: 'abc' }],
    ['webhook-payload.json', { version: '1', tenant: 'rotherham', alerts: [ALERT] }],
    ['tenant-settings.json', TENANT],
    ['tenant-record.json', { tenant: 'rotherham', ...TENANT, updatedAt: '2026-11-23T12:00:00Z' }],
    ['queue-size.json', { queueId: 'visits-overdue', size: 3 }],
  ])('validates the api.md example against %s', (file, example) => {
    const validate = validatorFor(file);
    expect(validate(example) ? [] : validate.errors).toEqual([]);
  });

  it('refuses what the contracts refuse: a resolved period, a tenant on the topic, unknown fields', () => {
    expect(validatorFor('metric-value.json')({ ...METRIC_VALUE, period: 'current' })).toBe(false);
    expect(validatorFor('metric-message.json')(METRIC_VALUE)).toBe(false);
    expect(validatorFor('alert.json')({ ...ALERT, tenant: 'rotherham' })).toBe(false);
    expect(validatorFor('deadline.json')({ ...DEADLINE, state: 'late' })).toBe(false);
  });
});
