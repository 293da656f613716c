import type { Type } from '@nestjs/common';

/** A step told which tenants' projections just caught up with their events (their rule-based figures may have moved). */
export interface AfterProjection {
  projected(tenants: string[]): void;
}

/** The steps run after each projected slice, in order: listed in the service's module, beside the event pipeline. */
export const AFTER_PROJECTION = Symbol('AFTER_PROJECTION');
export type AfterProjectionSteps = Type<AfterProjection>[];
