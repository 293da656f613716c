import { TenantRules } from '@casewatch/tenant-settings';
import { Scenario, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';
import { storeHas } from '../testing/store-counts';
import { ProjectionWriter } from './projection-writer';

jest.setTimeout(60_000);

/**
 * Two projections of one child at once (a queue worker, and a tenant projected again outside the
 * queue) write its rows one after the other: without the child's lock each deleted only what was
 * committed before it and both sets of rows stayed (figures counted the child twice).
 */
describe('a child projected twice at once', () => {
  let app: NestFastifyApplication;
  const s = new Scenario(uniqueId('twice'));
  const events = [
    s.event('C1', 'csc.contact.received', '2026-10-01T09:00:00Z', { contactId: 'K1', source: '1A' }),
    s.event('C1', 'csc.worker.allocated', '2026-10-02T09:00:00Z', { teamId: 'T1', workerId: 'W1' }),
  ];

  beforeAll(async () => {
    app = await startMetrics();
    await s.publish({ name: 'Twice', nation: 'england', population0to17: 1000 }, events, storeHas(app, s.tenant, events.length));
  });
  afterAll(async () => {
    await s.close();
    await app.close();
  });

  const rows = async () =>
    Number(
      (
        (await app
          .get(DataSource)
          .query(`SELECT (SELECT count(*) FROM projected_deadlines WHERE tenant = $1) + (SELECT count(*) FROM projected_facts WHERE tenant = $1) AS n`, [
            s.tenant,
          ])) as { n: string }[]
      )[0].n,
    );

  it('leaves the rows of one projection', async () => {
    const writer = app.get(ProjectionWriter);
    const rules = await app.get(TenantRules).usable([s.tenant], (_, err) => {
      throw err;
    });
    const child = [{ tenant: s.tenant, subject: 'C1' }];
    const project = (m: Parameters<ProjectionWriter['projectChildren']>[0]) => writer.projectChildren(m, child, (t) => rules.get(t));
    const once = await app.get(DataSource).transaction(project);
    expect(once).toBeGreaterThan(0);
    expect(await rows()).toBe(once);

    const first = app.get(DataSource).createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      await project(first.manager);
      // The second starts while the first has written but not committed.
      const second = app.get(DataSource).transaction(project);
      await new Promise((r) => setTimeout(r, 500));
      await first.commitTransaction();
      await second;
    } finally {
      await first.release();
    }
    expect(await rows()).toBe(once);
  });
});
