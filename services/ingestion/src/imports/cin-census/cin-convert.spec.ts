import { createEventValidator } from '@casewatch/contracts';
import type { ChildConversion } from '../import-types';
import { asCloudEvent, census, childXml, readAll, TODAY } from './cin-census.testing';
import { convertCinChild } from './cin-convert';

const FULL_EPISODE = `
<CINreferralDate>2022-10-06</CINreferralDate>
<ReferralSource>1A</ReferralSource>
<PrimaryNeedCode>N4</PrimaryNeedCode>
<CINclosureDate>2023-03-20</CINclosureDate>
<ReasonForClosure>RC7</ReasonForClosure>
<DateOfInitialCPC>2022-11-01</DateOfInitialCPC>
<Assessments>
  <AssessmentActualStartDate>2022-10-07</AssessmentActualStartDate>
  <AssessmentAuthorisationDate>2022-11-20</AssessmentAuthorisationDate>
  <FactorsIdentifiedAtAssessment>
    <AssessmentFactors>3A</AssessmentFactors><AssessmentFactors>4B</AssessmentFactors><AssessmentFactors>3A</AssessmentFactors>
  </FactorsIdentifiedAtAssessment>
</Assessments>
<CINPlanDates><CINPlanStartDate>2023-01-10</CINPlanStartDate><CINPlanEndDate>2023-03-20</CINPlanEndDate></CINPlanDates>
<Section47>
  <S47ActualStartDate>2022-10-10</S47ActualStartDate><InitialCPCtarget>2022-10-31</InitialCPCtarget>
  <DateOfInitialCPC>2022-11-01</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired>
</Section47>
<ReferralNFA>false</ReferralNFA>
<ChildProtectionPlans>
  <CPPstartDate>2022-11-01</CPPstartDate><CPPendDate>2023-01-10</CPPendDate>
  <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>
  <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
  <Reviews><CPPreviewDate>2022-12-15</CPPreviewDate><CPPreviewDate>2023-01-10</CPPreviewDate></Reviews>
</ChildProtectionPlans>`;

const referral = (date: string, extra = '') => `<CINreferralDate>${date}</CINreferralDate><ReferralSource>2A</ReferralSource>${extra}`;
const validate = createEventValidator();

async function convert(...children: string[]): Promise<ChildConversion[]> {
  const read = await readAll(census(children), 'cin.xml');
  return read.map((child) => convertCinChild(child, { file: 'cin.xml', today: TODAY }));
}

async function one(id: string, details: string[], identifiers?: string): Promise<ChildConversion> {
  const [conversion] = await convert(childXml(id, details, identifiers));
  return conversion;
}

const brief = (c: ChildConversion) => c.events.map((e) => `${e.date} ${e.type.slice(4)} ${e.fact}`);
const codes = (c: ChildConversion) => c.warnings.map((w) => w.code);

describe('convertCinChild', () => {
  it('turns an episode with every part into its events, in practice order, with stable ids', async () => {
    const c = await one('C1', [FULL_EPISODE], '<UPN>A123456789123</UPN><PersonBirthDate>2015-03-27</PersonBirthDate>');
    const r = 'cin-2022-10-06';
    const [a, s47, icpc, cpp, cinp] = [`${r}-a2022-10-07`, `${r}-s2022-10-10`, `${r}-icpc2022-11-01`, `${r}-cpp2022-11-01`, `${r}-cinp2023-01-10`];
    expect(c.rejected).toEqual([]);
    expect(c.warnings).toEqual([]);
    expect(c.subject).toBe('C1');
    expect(c.events.map(({ type, date, data, fact }) => [date, type, data, fact])).toEqual([
      ['2015-03-01', 'csc.child.details-recorded', { birthDate: '2015-03' }, 'birth'],
      ['2022-10-06', 'csc.referral.received', { referralId: r, source: '1A', primaryNeed: 'N4' }, r],
      ['2022-10-07', 'csc.assessment.started', { assessmentId: a, referralId: r }, a],
      ['2022-10-10', 'csc.s47.started', { s47Id: s47 }, s47],
      ['2022-11-01', 'csc.icpc.held', { conferenceId: icpc, s47Id: s47, outcome: 'cp-plan' }, icpc],
      ['2022-11-01', 'csc.cp-plan.started', { cpPlanId: cpp, category: 'NEG' }, cpp],
      ['2022-11-20', 'csc.assessment.completed', { assessmentId: a, factors: ['3A', '4B'] }, a],
      ['2022-12-15', 'csc.cp-review.held', { cpPlanId: cpp, outcome: 'continue' }, `${cpp}-r2022-12-15`],
      ['2023-01-10', 'csc.cin-plan.started', { cinPlanId: cinp }, cinp],
      ['2023-01-10', 'csc.cp-review.held', { cpPlanId: cpp, outcome: 'end' }, `${cpp}-r2023-01-10`],
      ['2023-01-10', 'csc.cp-plan.ended', { cpPlanId: cpp }, cpp],
      ['2023-03-20', 'csc.cin-plan.ended', { cinPlanId: cinp }, cinp],
      ['2023-03-20', 'csc.referral.closed', { referralId: r, reason: 'RC7' }, r],
    ]);
    expect(c.events.every((e) => e.subject === 'C1')).toBe(true);
    for (const draft of c.events) expect(validate(asCloudEvent(draft))).toMatchObject({ ok: true });
  });

  it('publishes the birth month only, and nothing of the UPN or names', async () => {
    const c = await one('C1', [FULL_EPISODE], '<UPN>A123456789123</UPN><PersonBirthDate>2015-03-27</PersonBirthDate>');
    const text = JSON.stringify(c);
    expect(text).not.toContain('2015-03-27');
    expect(text).not.toContain('A123456789123');
  });

  it('never repeats a birth date in a problem or a warning', async () => {
    const future = await one('D1', [referral('2022-10-06')], '<PersonBirthDate>2027-02-03</PersonBirthDate>');
    expect(future.warnings.map((w) => w.message)).toEqual(['PersonBirthDate is after today: no child details recorded']);
    const bad = await one('D2', [referral('2022-10-06')], '<PersonBirthDate>2015-02-30</PersonBirthDate>');
    expect(bad.rejected.map((p) => p.message)).toEqual(['PersonBirthDate is not a date (YYYY-MM-DD)']);
  });

  it('records an unborn child (expected birth date only) as unborn at its first referral', async () => {
    const c = await one('U1', [referral('2024-02-01'), referral('2023-11-15')], '<ExpectedPersonBirthDate>2024-05-01</ExpectedPersonBirthDate>');
    expect(c.events.filter((e) => e.type === 'csc.child.details-recorded')).toEqual([
      { type: 'csc.child.details-recorded', subject: 'U1', date: '2023-11-15', data: { unborn: true }, fact: 'unborn' },
    ]);
  });

  it('warns when neither birth date is given, and keeps the child', async () => {
    const c = await one('N1', [referral('2023-11-15')], '');
    expect(codes(c)).toEqual(['no-birth-date']);
    expect(brief(c)).toEqual(['2023-11-15 referral.received cin-2023-11-15']);
  });

  describe('ICPC outcome', () => {
    const plan = (start: string) =>
      `<ChildProtectionPlans><CPPstartDate>${start}</CPPstartDate><InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse></ChildProtectionPlans>`;
    const s47 = (start: string, icpc: string) =>
      `<Section47><S47ActualStartDate>${start}</S47ActualStartDate><DateOfInitialCPC>${icpc}</DateOfInitialCPC></Section47>`;
    const outcomes = (c: ChildConversion) => c.events.filter((e) => e.type === 'csc.icpc.held').map((e) => [e.date, e.data.outcome, e.data.s47Id ?? null]);

    it('is cp-plan when a plan of the episode starts that day or later, before its next ICPC', async () => {
      const c = await one('I1', [referral('2023-01-02', s47('2023-01-03', '2023-01-20') + s47('2023-03-01', '2023-03-15') + plan('2023-03-20'))]);
      expect(outcomes(c)).toEqual([
        ['2023-01-20', 'no-plan', 'cin-2023-01-02-s2023-01-03'],
        ['2023-03-15', 'cp-plan', 'cin-2023-01-02-s2023-03-01'],
      ]);
    });

    it('is no-plan when the only plan started before the conference', async () => {
      const c = await one('I2', [referral('2023-01-02', `<DateOfInitialCPC>2023-02-01</DateOfInitialCPC>${plan('2023-01-05')}`)]);
      expect(outcomes(c)).toEqual([['2023-02-01', 'no-plan', null]]);
    });

    it('counts the CINdetails DateOfInitialCPC once when a Section47 states the same conference', async () => {
      const c = await one('I3', [
        referral('2023-01-02', `<DateOfInitialCPC>2023-01-20</DateOfInitialCPC>${s47('2023-01-03', '2023-01-20')}${plan('2023-01-20')}`),
      ]);
      expect(outcomes(c)).toEqual([['2023-01-20', 'cp-plan', 'cin-2023-01-02-s2023-01-03']]);
    });
  });

  describe('bad data rejects the child whole', () => {
    it.each([
      ['a date that does not parse', referral('2022-13-45'), 'CINreferralDate', 'CINreferralDate "2022-13-45" is not a date (YYYY-MM-DD)'],
      ['a missing referral date', '<ReferralSource>2A</ReferralSource>', 'CINreferralDate', 'CINreferralDate is empty: <CINdetails> needs it'],
      [
        'an unknown primary need',
        referral('2022-10-06', '<PrimaryNeedCode>N10</PrimaryNeedCode>'),
        'PrimaryNeedCode',
        'PrimaryNeedCode "N10" is not a known code',
      ],
      ['an unknown referral source', referral('2022-10-06').replace('2A', '11'), 'ReferralSource', 'ReferralSource "11" is not a known code'],
      [
        'an unknown closure reason',
        referral('2022-10-06', '<CINclosureDate>2023-01-01</CINclosureDate><ReasonForClosure>RC0</ReasonForClosure>'),
        'ReasonForClosure',
        'ReasonForClosure "RC0" is not a known code',
      ],
      [
        'an invalid factor',
        referral(
          '2022-10-06',
          '<Assessments><AssessmentActualStartDate>2022-10-07</AssessmentActualStartDate><FactorsIdentifiedAtAssessment><AssessmentFactors>RB</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>',
        ),
        'AssessmentFactors',
        'AssessmentFactors "RB" is not an assessment factor code (e.g. 3A, 21)',
      ],
      [
        'a CP plan without category',
        referral('2022-10-06', '<ChildProtectionPlans><CPPstartDate>2022-11-01</CPPstartDate></ChildProtectionPlans>'),
        'InitialCategoryOfAbuse',
        'InitialCategoryOfAbuse is empty: <ChildProtectionPlans> needs it',
      ],
      [
        'an assessment without start',
        referral('2022-10-06', '<Assessments><AssessmentAuthorisationDate>2022-11-01</AssessmentAuthorisationDate></Assessments>'),
        'AssessmentActualStartDate',
        'AssessmentActualStartDate is empty: <Assessments> needs it',
      ],
      [
        'a field given twice',
        referral('2022-10-06', '<CINclosureDate>2023-01-01</CINclosureDate><CINclosureDate>2023-02-01</CINclosureDate>'),
        'CINclosureDate',
        'CINclosureDate appears 2 times in <CINdetails>, at most once allowed',
      ],
    ])('%s', async (_, details, field, message) => {
      const c = await one('B1', [referral('2020-01-01'), details]);
      expect(c.events).toEqual([]);
      expect(c.warnings).toEqual([]);
      expect(c.rejected).toEqual([{ file: 'cin.xml', row: 5, field, message }]);
    });

    it('rejects an LAchildID that cannot be a subject without repeating it', async () => {
      for (const id of ['Jane Smith', 'x'.repeat(65), '']) {
        const c = await one(id, [referral('2022-10-06')]);
        expect(c.subject).toBe('');
        expect(c.rejected.map((p) => p.field)).toEqual(['LAchildID']);
        if (id) expect(JSON.stringify(c)).not.toContain(id);
      }
    });

    it('does not repeat a value that could be personal data', async () => {
      const c = await one('B2', [referral('2022-10-06').replace('2022-10-06', 'Jane Smith')]);
      expect(c.rejected[0].message).toBe('CINreferralDate is not a date (YYYY-MM-DD)');
    });
  });

  describe('facts that cannot be events are left out with a warning, the child kept', () => {
    it('a date after today', async () => {
      const c = await one('F1', [referral('2022-10-06', '<Assessments><AssessmentActualStartDate>2028-04-28</AssessmentActualStartDate></Assessments>')]);
      expect(c.rejected).toEqual([]);
      expect(brief(c)).toEqual(['2015-03-01 child.details-recorded birth', '2022-10-06 referral.received cin-2022-10-06']);
      expect(c.warnings).toEqual([
        {
          file: 'cin.xml',
          row: 5,
          code: 'future-date',
          message: `AssessmentActualStartDate 2028-04-28 is after today (${TODAY}): csc.assessment.started left out`,
        },
      ]);
    });

    it.each([
      ['closure-before-referral', referral('2022-10-06', '<CINclosureDate>2022-10-01</CINclosureDate>'), 'referral.closed'],
      [
        'completed-before-started',
        referral(
          '2022-10-06',
          '<Assessments><AssessmentActualStartDate>2022-10-08</AssessmentActualStartDate><AssessmentAuthorisationDate>2022-10-07</AssessmentAuthorisationDate></Assessments>',
        ),
        'assessment.completed',
      ],
      [
        'cp-plan-end-before-start',
        referral(
          '2022-10-06',
          '<ChildProtectionPlans><CPPstartDate>2022-11-01</CPPstartDate><CPPendDate>2022-10-30</CPPendDate><InitialCategoryOfAbuse>SAB</InitialCategoryOfAbuse></ChildProtectionPlans>',
        ),
        'cp-plan.ended',
      ],
      [
        'cin-plan-end-before-start',
        referral('2022-10-06', '<CINPlanDates><CINPlanStartDate>2022-11-01</CINPlanStartDate><CINPlanEndDate>2022-10-30</CINPlanEndDate></CINPlanDates>'),
        'cin-plan.ended',
      ],
      [
        'review-outside-plan',
        referral(
          '2022-10-06',
          '<ChildProtectionPlans><CPPstartDate>2022-11-01</CPPstartDate><InitialCategoryOfAbuse>MUL</InitialCategoryOfAbuse><Reviews><CPPreviewDate>2022-10-30</CPPreviewDate></Reviews></ChildProtectionPlans>',
        ),
        'cp-review.held',
      ],
      ['reason-without-closure', referral('2022-10-06', '<ReasonForClosure>RC8</ReasonForClosure>'), 'referral.closed'],
    ])('%s', async (code, details, missing) => {
      const c = await one('W1', [details]);
      expect(codes(c)).toEqual([code]);
      expect(c.rejected).toEqual([]);
      expect(brief(c).some((line) => line.includes(` ${missing} `))).toBe(false);
    });
  });

  describe('other data-quality facts are warnings, the events kept', () => {
    it.each([
      ['before-referral', referral('2022-10-06', '<Assessments><AssessmentActualStartDate>2022-10-01</AssessmentActualStartDate></Assessments>'), 3],
      [
        'after-closure',
        referral('2022-10-06', '<CINclosureDate>2022-12-01</CINclosureDate><CINPlanDates><CINPlanStartDate>2022-12-05</CINPlanStartDate></CINPlanDates>'),
        4,
      ],
      [
        'icpc-before-s47',
        referral('2022-10-06', '<Section47><S47ActualStartDate>2022-10-10</S47ActualStartDate><DateOfInitialCPC>2022-10-09</DateOfInitialCPC></Section47>'),
        4,
      ],
    ])('%s', async (code, details, events) => {
      const c = await one('W2', [details]);
      expect(codes(c)).toEqual([code]);
      expect(c.events).toHaveLength(events);
    });

    it('overlapping-episodes', async () => {
      const c = await one('W6', [referral('2022-10-06'), referral('2021-01-01', '<CINclosureDate>2022-10-07</CINclosureDate>'), referral('2023-01-01')]);
      expect(codes(c)).toEqual(['overlapping-episodes', 'overlapping-episodes']);
      expect(c.events.filter((e) => e.type === 'csc.referral.received')).toHaveLength(3);
    });

    it('factor-21-with-others', async () => {
      const factors =
        '<FactorsIdentifiedAtAssessment><AssessmentFactors>21</AssessmentFactors><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment>';
      const c = await one('W7', [
        referral(
          '2022-10-06',
          `<Assessments><AssessmentActualStartDate>2022-10-07</AssessmentActualStartDate><AssessmentAuthorisationDate>2022-10-20</AssessmentAuthorisationDate>${factors}</Assessments>`,
        ),
      ]);
      expect(codes(c)).toEqual(['factor-21-with-others']);
      expect(c.events.find((e) => e.type === 'csc.assessment.completed')?.data.factors).toEqual(['21', '3A']);
    });

    it('stray text in a container, never repeated', async () => {
      const c = await one('W3', [`${referral('2022-10-06')} Jane Smith `]);
      expect(codes(c)).toEqual(['stray-text']);
      expect(JSON.stringify(c)).not.toContain('Jane');
    });

    it('two CINdetails with one referral date are one episode, merged', async () => {
      const c = await one('W4', [referral('2022-10-06'), referral('2022-10-06', '<CINclosureDate>2022-12-01</CINclosureDate>')]);
      expect(codes(c)).toEqual(['duplicate-episode']);
      expect(brief(c)).toEqual([
        '2015-03-01 child.details-recorded birth',
        '2022-10-06 referral.received cin-2022-10-06',
        '2022-12-01 referral.closed cin-2022-10-06',
      ]);
    });

    it('the same fact stated twice differently: the first kept', async () => {
      const assessment = (auth: string) =>
        `<Assessments><AssessmentActualStartDate>2022-10-07</AssessmentActualStartDate><AssessmentAuthorisationDate>${auth}</AssessmentAuthorisationDate></Assessments>`;
      const c = await one('W5', [referral('2022-10-06', assessment('2022-11-01') + assessment('2022-11-09'))]);
      expect(codes(c)).toEqual(['conflicting-repeat']);
      expect(c.events.filter((e) => e.type === 'csc.assessment.completed').map((e) => e.date)).toEqual(['2022-11-01']);
    });
  });

  describe('stable ids', () => {
    it('the same input gives the same events, facts and ids', async () => {
      expect(await one('S1', [FULL_EPISODE])).toEqual(await one('S1', [FULL_EPISODE]));
    });

    it("a child's events do not change when other children change, move or fail", async () => {
      const a = childXml('A', [FULL_EPISODE]);
      const [first] = await convert(a, childXml('B', [referral('2021-01-01')]));
      const [, moved] = await convert(childXml('C', [referral('bad')]), `<!-- shifted -->\n\n${a}`);
      expect(moved.events).toEqual(first.events);
      expect(moved.warnings.map((w) => w.code)).toEqual(first.warnings.map((w) => w.code));
    });

    it("next year's return repeating an open episode restates its events with the same ids", async () => {
      const thisYear = await one('S2', [
        referral('2023-02-01', '<Assessments><AssessmentActualStartDate>2023-02-02</AssessmentActualStartDate></Assessments>'),
      ]);
      const nextYear = await one('S2', [
        referral(
          '2023-02-01',
          '<CINclosureDate>2023-06-01</CINclosureDate><Assessments><AssessmentActualStartDate>2023-02-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2023-03-01</AssessmentAuthorisationDate></Assessments>',
        ),
        referral('2023-09-01'),
      ]);
      const key = (e: { type: string; date: string; fact: string }) => `${e.type}|${e.date}|${e.fact}`;
      expect(nextYear.events.map(key)).toEqual(expect.arrayContaining(thisYear.events.map(key)));
      expect(nextYear.events).toHaveLength(thisYear.events.length + 3);
    });
  });
});
