import { TOPICS } from '@casewatch/contracts';
import { TopicReader } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTenant, startIngestion } from '../testing/ingestion-harness';
import { fakeFile, importReport, postImport } from '../testing/import-upload';

const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const csv = (...lines: string[]) => [EPISODES, ...lines].join('\n') + '\n';

describe('imports: what is published and what is refused', () => {
  let app: NestFastifyApplication;
  const reader = new TopicReader(TOPICS.caseEvents);
  const ofTenant = (t: string) => (m: { key: string | null }) => m.key?.startsWith(`${t}:`) ?? false;

  beforeAll(async () => {
    app = await startIngestion();
  });
  afterAll(async () => {
    await app.close();
    await reader.close();
  });

  it('refuses a table without a required column with 400 naming file and column, publishing nothing', async () => {
    const tenant = await createTenant(app);
    const mark = await reader.mark();
    const res = await postImport(app, 'ssda903', `tenant=${tenant}`, [
      { field: 'header', name: 'header.csv', content: 'CHILD,SEX,DOB\nA1,1,01/01/2010\n' },
      { field: 'episodes', name: 'episodes.csv', content: 'CHILD,RNE,LS,PLACE,DEC,REC\nA1,S,C2,U1,,\n' },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain('episodes.csv');
    expect(res.json().errors[0].pointer).toBe('/episodes.csv/DECOM');
    expect(await reader.readSince(mark, ofTenant(tenant))).toEqual([]);
  });

  it('publishes nothing when a file breaks after good rows (a broken quote near the end)', async () => {
    const tenant = await createTenant(app);
    const mark = await reader.mark();
    const good = Array.from({ length: 3000 }, (_, i) => `B${i},01/05/2016,S,C2,N1,U1,PR1,,,,,,`);
    const res = await postImport(app, 'ssda903', `tenant=${tenant}`, [
      { field: 'episodes', name: 'episodes.csv', content: csv(...good, 'B9,"01/05/2016,S,C2,N1,U1,PR1,,,,,,') },
    ]);
    expect(res.statusCode).toBe(400);
    expect(await reader.readSince(mark, ofTenant(tenant))).toEqual([]);
  });

  it('skips a child with a bad row whole and publishes the others', async () => {
    const tenant = await createTenant(app);
    const mark = await reader.mark();
    const report = await importReport(app, 'ssda903', `tenant=${tenant}`, [
      {
        field: 'episodes',
        name: 'episodes.csv',
        content: csv('GOOD1,01/05/2016,S,C2,N1,U1,PR1,01/09/2016,E13,,,,', 'BAD1,01/05/2016,S,C2,N1,U1,PR1,,,,,,', 'BAD1,31/02/2017,P,C2,N1,U3,PR1,,,,,,'),
      },
      { field: 'reviews', name: 'reviews.csv', content: 'CHILD,DOB,REVIEW,REVIEW_CODE\nGOOD1,01/01/2010,20/05/2016,PN1\n' },
    ]);
    expect(report).toMatchObject({ children: 2, childrenSkipped: 1, events: 3, duplicates: 0, tables: { episodes: 3, reviews: 1 } });
    expect(report.rejected).toEqual([{ file: 'episodes.csv', row: 4, field: 'DECOM', message: expect.stringContaining('not a date') }]);
    const subjects = (await reader.readSince(mark, ofTenant(tenant))).map((m) => JSON.parse(m.value as string).subject);
    expect(subjects).toEqual(['GOOD1', 'GOOD1', 'GOOD1']);
  });

  it("next year's return, repeating the episode still open, adds only the new facts", async () => {
    const tenant = await createTenant(app);
    const year1 = await importReport(app, 'ssda903', `tenant=${tenant}&collectionYear=2016`, [
      { field: 'episodes', name: 'episodes.csv', content: csv('N1,01/05/2016,S,C2,N1,U1,PR1,01/02/2017,X1,,,,', 'N1,01/02/2017,P,C2,N1,U3,PR1,,,CARPL,,,') },
    ]);
    expect(year1).toMatchObject({ events: 2, duplicates: 0 });
    const mark = await reader.mark();
    const year2 = await importReport(app, 'ssda903', `tenant=${tenant}&collectionYear=2017`, [
      {
        field: 'episodes',
        name: 'episodes.csv',
        content: csv('N1,01/02/2017,P,C2,N1,U3,PR1,01/09/2017,X1,CARPL,,,', 'N1,01/09/2017,P,C2,N1,U4,PR1,01/12/2017,E13,CARPL,,,'),
      },
    ]);
    expect(year2).toMatchObject({ events: 2, duplicates: 0 });
    const published = (await reader.readSince(mark, ofTenant(tenant))).map((m) => JSON.parse(m.value as string));
    expect(published.map((e) => `${e.type} ${e.data.periodId}`)).toEqual(['csc.lac.placement-changed 903-N1-2016-05-01', 'csc.lac.ended 903-N1-2016-05-01']);
  });

  it('imports the fake CIN census files, as multipart or as the XML body, once', async () => {
    const tenant = await createTenant(app);
    const first = await importReport(app, 'cin-census', `tenant=${tenant}`, [fakeFile('cin-census-fake', 'fake_CIN_data.xml', 'file')]);
    expect(first).toMatchObject({ format: 'cin-census', children: 332, childrenSkipped: 0, duplicates: 0, collectionYear: 2022 });
    expect(first.events).toBeGreaterThan(1000);
    const body = fakeFile('cin-census-fake', 'fake_CIN_data.xml').content;
    const again = await app.inject({
      method: 'POST',
      url: `/v1/imports/cin-census?tenant=${tenant}`,
      payload: body,
      headers: { authorization: 'Bearer dev-admin', 'content-type': 'application/xml' },
    });
    const second = again.statusCode === 200 ? again.json() : undefined;
    if (second) expect(second).toMatchObject({ events: first.events, duplicates: first.events });
    else expect(again.statusCode).toBe(202);
  });

  it('refuses XML that is not well formed, publishing nothing', async () => {
    const tenant = await createTenant(app);
    const mark = await reader.mark();
    const xml = fakeFile('cin-census-fake', 'fake_CIN_data.xml').content.toString('utf8');
    const res = await postImport(app, 'cin-census', `tenant=${tenant}`, [
      { field: 'file', name: 'cin.xml', content: xml.slice(0, xml.length - 200) + '</Children' },
    ]);
    expect(res.statusCode).toBe(400);
    expect(await reader.readSince(mark, ofTenant(tenant))).toEqual([]);
  });

  it('answers 404 for an unknown tenant or import, 400 for bad options', async () => {
    expect((await postImport(app, 'ssda903', 'tenant=no-such-tenant', [fakeFile('ssda903-fake', 'episodes.csv')])).statusCode).toBe(404);
    expect((await postImport(app, 'sen2', 'tenant=no-such-tenant', [])).statusCode).toBe(404);
    const tenant = await createTenant(app);
    expect((await postImport(app, 'ssda903', `tenant=${tenant}&collectionYear=17`, [])).statusCode).toBe(400);
    const get = await app.inject({
      method: 'GET',
      url: `/v1/tenants/${tenant}/imports/00000000-0000-4000-8000-000000000000`,
      headers: { authorization: 'Bearer dev-admin' },
    });
    expect(get.statusCode).toBe(404);
  });
});
