import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EVENT_TYPES } from '../events/catalogue';
import { EXAMPLE_EVENTS } from '../testing/examples';
import { schemaFiles, schemaFileText } from './schema-files';
import { API_ALERT, API_DEADLINE, API_METRIC_VALUE } from '../testing/api-examples';

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
    ['metric-value.json', API_METRIC_VALUE],
    ['metric-message.json', { tenant: 'rotherham', ...API_METRIC_VALUE }],
    ['metric-with-history.json', { ...API_METRIC_VALUE, history: [API_METRIC_VALUE] }],
    ['metric-list.json', { asOf: '2020-05-26T08:00:00Z', items: [API_METRIC_VALUE] }],
    ['deadline.json', API_DEADLINE],
    ['deadline-list.json', { items: [API_DEADLINE] }],
    ['alert.json', API_ALERT],
    ['alert-message.json', { tenant: 'rotherham', ...API_ALERT }],
    ['alert-list.json', { items: [API_ALERT], nextCursor: 'abc' }],
    ['webhook-payload.json', { version: '1', tenant: 'rotherham', alerts: [API_ALERT] }],
    ['tenant-settings.json', TENANT],
    ['tenant-record.json', { tenant: 'rotherham', ...TENANT, updatedAt: '2026-11-23T12:00:00Z' }],
    ['queue-size.json', { queueId: 'visits-overdue', size: 3 }],
  ])('validates the api.md example against %s', (file, example) => {
    const validate = validatorFor(file);
    expect(validate(example) ? [] : validate.errors).toEqual([]);
  });

  it('refuses what the contracts refuse: a resolved period, a tenant on the topic, unknown fields', () => {
    expect(validatorFor('metric-value.json')({ ...API_METRIC_VALUE, period: 'current' })).toBe(false);
    expect(validatorFor('metric-message.json')(API_METRIC_VALUE)).toBe(false);
    expect(validatorFor('alert.json')({ ...API_ALERT, tenant: 'rotherham' })).toBe(false);
    expect(validatorFor('deadline.json')({ ...API_DEADLINE, state: 'late' })).toBe(false);
  });
});
