import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEventValidator } from '@casewatch/contracts';
import { convertCinChild } from './cin-convert';
import { asCloudEvent, readAll, TODAY } from './cin-census.testing';

const FAKE = '/work/shared/data/cin-census-fake';
const validate = createEventValidator();

describe.each([
  ['CIN_Census_2024.xml', 2],
  ['fake_CIN_data.xml', 332],
])('the fake return %s', (name, expectedChildren) => {
  it('parses completely, and every event it gives validates against the catalogue', async () => {
    const children = await readAll(readFileSync(join(FAKE, name)), name, 16_384);
    expect(children).toHaveLength(expectedChildren);

    const conversions = children.map((child) => convertCinChild(child, { file: name, today: TODAY }));
    const invalid = conversions
      .flatMap((conversion) => conversion.events)
      .map((draft) => ({ draft, result: validate(asCloudEvent(draft), new Date(`${TODAY}T12:00:00Z`)) }))
      .filter(({ result }) => !result.ok);
    expect(invalid).toEqual([]);

    const count = (key: 'events' | 'rejected' | 'warnings') => conversions.reduce((n, c) => n + c[key].length, 0);
    const codes: Record<string, number> = {};
    for (const warning of conversions.flatMap((c) => c.warnings)) codes[warning.code] = (codes[warning.code] ?? 0) + 1;
    console.log(name, {
      children: children.length,
      skipped: conversions.filter((c) => c.rejected.length > 0).length,
      events: count('events'),
      rejected: conversions.flatMap((c) => c.rejected).map((p) => `${p.row} ${p.field}: ${p.message}`),
      warnings: codes,
    });
    expect(count('events')).toBeGreaterThan(0);
  });
});
