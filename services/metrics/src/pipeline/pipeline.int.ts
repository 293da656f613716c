import { EventPipelineSteps } from '@casewatch/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AFTER_PROJECTION, type AfterProjectionSteps } from '../projection/after-projection';
import { startMetrics } from '../testing/metrics-harness';

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
      withinApply: ['QueueChildrenToProject'],
      afterApply: ['WakeProjection', 'RecomputeLiveFigures', 'PlanTopicUnits'],
      tenantsStored: ['ReprojectOnNewRules', 'ReplanTopic'],
      rebalanced: [],
    });
  });

  it('then, once the touched children are projected, refreshes the figures that read projections', () => {
    expect(app.get<AfterProjectionSteps>(AFTER_PROJECTION).map((s) => s.name)).toEqual(['RefreshProjectedFigures']);
  });
});
