import { createEventValidator } from '@casewatch/contracts';
import fc from 'fast-check';
import type { ChildConversion } from '../import-types';
import { asCloudEvent, census, childXml, readAll, TODAY } from './cin-census.testing';
import { convertCinChild } from './cin-convert';

// Arbitrary children: mostly valid, sometimes with a bad value or a future date, so rejected and
// warned children are part of the property too.
const day = fc.integer({ min: Date.UTC(2014, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
const value = (valid: fc.Arbitrary<string>) => fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: fc.constant('bad') });
const optional = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: undefined });
const el = (name: string, text: string | undefined) => (text === undefined ? '' : `<${name}>${text}</${name}>`);

const assessment = fc
  .record({ start: value(day), auth: optional(day), factors: fc.subarray(['1A', '3A', '3B', '4B', '21']) })
  .map(
    ({ start, auth, factors }) =>
      `<Assessments>${el('AssessmentActualStartDate', start)}${el('AssessmentAuthorisationDate', auth)}` +
      `<FactorsIdentifiedAtAssessment>${factors.map((f) => el('AssessmentFactors', f)).join('')}</FactorsIdentifiedAtAssessment></Assessments>`,
  );
const s47 = fc
  .record({ start: day, icpc: optional(day) })
  .map(({ start, icpc }) => `<Section47>${el('S47ActualStartDate', start)}${el('DateOfInitialCPC', icpc)}<ICPCnotRequired>false</ICPCnotRequired></Section47>`);
const cpPlan = fc
  .record({ start: day, end: optional(day), category: value(fc.constantFrom('NEG', 'PHY', 'SAB', 'EMO', 'MUL')), reviews: fc.array(day, { maxLength: 2 }) })
  .map(
    ({ start, end, category, reviews }) =>
      `<ChildProtectionPlans>${el('CPPstartDate', start)}${el('CPPendDate', end)}${el('InitialCategoryOfAbuse', category)}` +
      `<Reviews>${reviews.map((r) => el('CPPreviewDate', r)).join('')}</Reviews></ChildProtectionPlans>`,
  );
const cinPlan = fc
  .record({ start: day, end: optional(day) })
  .map(({ start, end }) => `<CINPlanDates>${el('CINPlanStartDate', start)}${el('CINPlanEndDate', end)}</CINPlanDates>`);
const episode = fc
  .record({
    referral: value(day),
    source: fc.constantFrom('1A', '2A', '3F', '6', '10'),
    need: optional(value(fc.constantFrom('N1', 'N4', 'N9'))),
    closure: optional(day),
    reason: optional(fc.constantFrom('RC1', 'RC8', 'RC9')),
    icpc: optional(day),
    parts: fc.array(fc.oneof(assessment, s47, cpPlan, cinPlan), { maxLength: 4 }),
  })
  .map(
    (e) =>
      el('CINreferralDate', e.referral) +
      el('ReferralSource', e.source) +
      el('PrimaryNeedCode', e.need) +
      el('CINclosureDate', e.closure) +
      el('ReasonForClosure', e.reason) +
      el('DateOfInitialCPC', e.icpc) +
      e.parts.join(''),
  );
const child = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
  birth: optional(day),
  episodes: fc.array(episode, { minLength: 1, maxLength: 3 }),
});
const children = fc.uniqueArray(child, { selector: (c) => c.id, minLength: 1, maxLength: 6 });
const withPermutation = children.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })));

const render = (list: { id: string; birth?: string; episodes: string[] }[]) =>
  census(list.map((c) => childXml(c.id, c.episodes, el('PersonBirthDate', c.birth))));

// Everything but the line numbers, which move with the child by design.
async function bySubject(xml: string, chunkSize: number): Promise<Map<string, unknown>> {
  const read = await readAll(xml, 'p.xml', chunkSize);
  const result = new Map<string, unknown>();
  for (const c of read) {
    const { subject, events, rejected, warnings }: ChildConversion = convertCinChild(c, { file: 'p.xml', today: TODAY });
    const id = c.element.children[0].children.find((e) => e.name === 'LAchildID')?.text ?? '';
    result.set(id, {
      subject,
      events,
      rejected: rejected.map(({ field, message }) => ({ field, message })),
      warnings: warnings.map(({ code, message }) => ({ code, message })),
    });
  }
  return result;
}

describe('CIN census conversion (property)', () => {
  const validate = createEventValidator();
  const now = new Date(`${TODAY}T12:00:00Z`);

  it("reordering the <Child> elements (and the chunking) changes no child's events", async () => {
    await fc.assert(
      fc.asyncProperty(withPermutation, fc.integer({ min: 1, max: 400 }), async ([original, permuted], chunkSize) => {
        const before = await bySubject(render(original), 4096);
        const after = await bySubject(render(permuted), chunkSize);
        expect(after.size).toBe(original.length);
        for (const [id, conversion] of before) expect(after.get(id)).toEqual(conversion);
      }),
      { numRuns: 150 },
    );
  });

  it('every event of any child validates against the catalogue', async () => {
    await fc.assert(
      fc.asyncProperty(children, async (list) => {
        const read = await readAll(render(list), 'p.xml');
        for (const c of read) {
          for (const draft of convertCinChild(c, { file: 'p.xml', today: TODAY }).events) {
            const result = validate(asCloudEvent(draft), now);
            expect(result.ok ? [] : result.errors).toEqual([]);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
