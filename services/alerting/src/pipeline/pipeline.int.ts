import { EventPipelineSteps } from '@casewatch/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startAlerting } from '../testing/alerting-harness';

/** The path of an event through alerting, as app.module.ts lists it: a change of step or order is deliberate. */
describe('alerting event pipeline', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startAlerting();
  });

  afterAll(async () => {
    await app.close();
  });

  it('runs its steps in the listed order, and only those', () => {
    expect(app.get(EventPipelineSteps).names()).toEqual({
      withinApply: ['QueueChildrenToEvaluate'],
      afterApply: ['WakeEvaluation'],
      tenantsStored: ['ReevaluateOnNewRules'],
      rebalanced: ['ReloadDeadlineTimers'],
    });
  });
});
