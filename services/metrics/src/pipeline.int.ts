import { EventPipelineSteps } from '@casewatch/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMetrics } from './testing/metrics-harness';

/** The path of an event through metrics, as app.module.ts lists it: a change of step or order is deliberate. */
describe('metrics event pipeline', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startMetrics();
  });

  afterAll(async () => {
    await app.close();
  });

  it('runs its steps in the listed order, and only those', () => {
    expect(app.get(EventPipelineSteps).names()).toEqual({
      withinApply: ['ProjectionQueue'],
      afterApply: ['ProjectionQueue', 'LiveFiguresService', 'TopicSweeper'],
      tenantsStored: ['ProjectionQueue', 'TopicSweeper'],
      rebalanced: [],
    });
  });
});
