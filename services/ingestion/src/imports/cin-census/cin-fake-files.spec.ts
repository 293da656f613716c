import { readFileSync } from 'node:fs';
import { createEventValidator } from '@casewatch/contracts';
import { sharedData } from '@casewatch/testing';
import { asCloudEvent, readAll, TODAY } from './cin-census.testing';
import { convertCinChild } from './cin-convert';

const validate = createEventValidator();

// The fake files carry deliberate oddities: in CIN_Census_2024.xml the first child has a factor
// "RB" (so it is skipped whole) and a 2028 assessment start; fake_CIN_data.xml has 2030–31 dates.
describe.each([
  ['CIN_Census_2024.xml', { children: 2, skipped: 1, events: 5, rejectedFields: ['AssessmentFactors'], warnings: { 'before-referral': 1 } }],
  ['fake_CIN_data.xml', { children: 332, skipped: 0, events: 1330, rejectedFields: [], warnings: { 'future-date': 6 } }],
])('the fake return %s', (name, expected) => {
  it('parses completely, and every event it gives validates against the catalogue', async () => {
    const children = await readAll(readFileSync(sharedData('cin-census-fake', name)), name, 16_384);
    const conversions = children.map((child) => convertCinChild(child, { file: name, today: TODAY }));
    const events = conversions.flatMap((conversion) => conversion.events);
    const invalid = events
      .map((draft) => ({ draft, result: validate(asCloudEvent(draft), new Date(`${TODAY}T12:00:00Z`)) }))
      .filter(({ result }) => !result.ok);
    const warnings: Record<string, number> = {};
    for (const warning of conversions.flatMap((c) => c.warnings)) warnings[warning.code] = (warnings[warning.code] ?? 0) + 1;

    expect(invalid).toEqual([]);
    expect({
      children: children.length,
      skipped: conversions.filter((c) => c.rejected.length > 0).length,
      events: events.length,
      rejectedFields: conversions.flatMap((c) => c.rejected.map((problem) => problem.field)),
      warnings,
    }).toEqual(expected);
  });
});
