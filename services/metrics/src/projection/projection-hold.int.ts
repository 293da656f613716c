import { waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from '../testing/metrics-harness';
import { ProjectionQueue } from './projection-queue';
import { ProjectionQueueStore } from './projection-queue.store';

jest.setTimeout(60_000);

/**
 * While the consumer catches up (a replay), the projection workers wait until batches stop
 * coming, so a child is projected once with all its events rather than again and again as they
 * arrive; then they take what waits without being woken again. Counted as this app's projection
 * rounds (its store's transactions): other apps on a shared test database take from the same queue.
 */
describe('projection held while the consumer catches up', () => {
  let app: NestFastifyApplication;
  let rounds: number[] = [];

  beforeAll(async () => {
    app = await startMetrics();
    const store = app.get(ProjectionQueueStore);
    const projecting = store.projecting.bind(store);
    jest.spyOn(store, 'projecting').mockImplementation((work) => {
      rounds.push(Date.now());
      return projecting(work);
    });
    await app.get(ProjectionQueue).idle();
  });
  afterAll(async () => {
    await app.close();
  });

  it('takes nothing while batches come from far behind, and takes what waits once they stop', async () => {
    const projection = app.get(ProjectionQueue);
    projection.wake(true);
    await projection.idle();
    rounds = [];
    // Batches still coming from far behind: each one holds the workers again; one caught up meanwhile does not end the hold.
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 250));
      projection.wake(false);
      projection.wake(true);
    }
    const lastBehind = Date.now();
    expect(rounds).toEqual([]);
    await waitFor(async () => rounds.length > 0 || undefined, { what: 'a projection round once the batches stopped', timeoutMs: 10_000 });
    expect(rounds[0] - lastBehind).toBeGreaterThanOrEqual(1900);
  });

  it('ends the hold soon after a batch from near the end, when none from far behind follows', async () => {
    const projection = app.get(ProjectionQueue);
    await new Promise((r) => setTimeout(r, 2500)); // any hold over
    await projection.idle();
    projection.wake(true);
    await new Promise((r) => setTimeout(r, 100));
    rounds = [];
    const caughtUp = Date.now();
    projection.wake(false);
    await waitFor(async () => rounds.length > 0 || undefined, { what: 'a projection round once caught up', timeoutMs: 10_000 });
    // The hold of the batch from far behind would have lasted until 1,900 ms from here.
    expect(rounds[0] - caughtUp).toBeLessThan(1000);
  });

  it('takes what waits at once when the consumer is caught up', async () => {
    await new Promise((r) => setTimeout(r, 2500)); // any hold over
    await app.get(ProjectionQueue).idle();
    rounds = [];
    const woken = Date.now();
    app.get(ProjectionQueue).wake(false);
    await waitFor(async () => rounds.length > 0 || undefined, { what: 'a projection round', timeoutMs: 10_000 });
    expect(rounds[0] - woken).toBeLessThan(1000);
  });
});
