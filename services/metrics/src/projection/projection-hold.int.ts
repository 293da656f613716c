import { uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';
import { ProjectionQueue } from './projection-queue';

jest.setTimeout(60_000);

/**
 * While the consumer catches up (a replay), the projection waits until batches stop coming, so a
 * child is projected once with all its events rather than again and again as they arrive; then
 * it projects what waits without being woken again.
 */
describe('projection held while the consumer catches up', () => {
  let app: NestFastifyApplication;
  const tenant = uniqueId('hold');

  beforeAll(async () => {
    app = await startMetrics();
  });
  afterAll(async () => {
    await app.close();
  });

  const waiting = async (subject: string) =>
    ((await app.get(DataSource).query('SELECT 1 FROM children_to_project WHERE tenant = $1 AND subject = $2', [tenant, subject])) as unknown[]).length > 0;
  const queue = (subject: string) => app.get(DataSource).query('INSERT INTO children_to_project (tenant, subject) VALUES ($1, $2)', [tenant, subject]);

  it('leaves a queued child waiting while batches come from far behind, and projects it once they stop', async () => {
    const projection = app.get(ProjectionQueue);
    await queue('C1');
    const started = Date.now();
    projection.wake(true);
    // Batches still coming from far behind: each one holds the workers again.
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 250));
      projection.wake(false); // a caught-up batch meanwhile does not end the hold
      projection.wake(true);
      expect(await waiting('C1')).toBe(true);
    }
    await waitFor(async () => !(await waiting('C1')) || undefined, { what: 'child projected once the batches stopped', timeoutMs: 10_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500 + 2000);
  });

  it('projects at once when the consumer is caught up', async () => {
    await queue('C2');
    const started = Date.now();
    app.get(ProjectionQueue).wake(false);
    await waitFor(async () => !(await waiting('C2')) || undefined, { what: 'child projected', timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
