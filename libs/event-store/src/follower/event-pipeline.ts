import { Inject, Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AfterApply, Rebalanced, TenantsChanged, WithinApply } from '../steps';
import { FOLLOWER_OPTIONS, type FollowerOptions } from './follower-options';

/**
 * What a service does with what it follows, stage by stage, each stage's steps in the order they
 * run. Listed once, in the service's module (EventStoreModule.forRoot({ pipeline })): the steps are
 * the service's own injectables, each implementing its stage's one method.
 */
export interface EventPipeline {
  /** Writes that commit in the transaction that stores the events (e.g. a durable queue). */
  withinApply?: Type<WithinApply>[];
  /** Told, once the events are committed, which tenants' events were applied. */
  afterApply?: Type<AfterApply>[];
  /** Told which tenants' settings were just stored from csc.tenants.v1. */
  tenantsStored?: Type<TenantsChanged>[];
  /** Told after every (re)join of the case-event consumer group. */
  rebalanced?: Type<Rebalanced>[];
}

/** The pipeline's steps as instances, in order: what the consumers call. */
@Injectable()
export class EventPipelineSteps implements OnModuleInit {
  withinApply: WithinApply[] = [];
  afterApply: AfterApply[] = [];
  tenantsStored: TenantsChanged[] = [];
  rebalanced: Rebalanced[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(FOLLOWER_OPTIONS) private readonly options: FollowerOptions,
  ) {}

  onModuleInit(): void {
    // The steps live in the service's module, not this one: found across modules, before any consumer starts.
    const resolve = <T>(steps: Type<T>[] = []): T[] => steps.map((s) => this.moduleRef.get(s, { strict: false }));
    const pipeline = this.options.pipeline ?? {};
    this.withinApply = resolve(pipeline.withinApply);
    this.afterApply = resolve(pipeline.afterApply);
    this.tenantsStored = resolve(pipeline.tenantsStored);
    this.rebalanced = resolve(pipeline.rebalanced);
  }

  /** The steps' class names per stage, in order (what a service's pipeline test asserts). */
  names(): Record<keyof EventPipeline, string[]> {
    const names = (steps: object[]) => steps.map((s) => s.constructor.name);
    return {
      withinApply: names(this.withinApply),
      afterApply: names(this.afterApply),
      tenantsStored: names(this.tenantsStored),
      rebalanced: names(this.rebalanced),
    };
  }
}
