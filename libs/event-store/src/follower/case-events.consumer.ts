import { createEventValidator, TOPICS } from '@casewatch/contracts';
import { BatchConsumer, BatchingPublisher, type Rejected } from '@casewatch/kafka';
import { KafkaTopics, Prometheus, ReadinessRegistry } from '@casewatch/service-kit';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, type KafkaMessage } from 'kafkajs';
import { toEventRows, type EventRow } from '../store/event-rows';
import { EventStoreWriter, type PartitionBatch } from '../store/event-store.writer';
import { StoreStatistics } from '../store/store-statistics';
import { EventPipelineSteps } from './event-pipeline';
import { FOLLOWER_OPTIONS, type FollowerOptions } from './follower-options';
import type { WithinApply } from '../steps';
import { unusableContent } from '../store/unusable-content';

const STORES_AT_ONCE = 2;
/** Messages still to come on a partition below which its batches are merged with others. */
const MERGE_BELOW_LAG = 1000;
const REPLAY_STORES_AT_ONCE = 3;

/**
 * Follows csc.case-events.v1 in batches into the event store. Messages it cannot use go to the
 * DLQ with the reason and the partition moves on: unreadable or invalid ones before the store, and
 * events PostgreSQL refuses (their values, not the moment: see unusableContent) found by applying
 * the batch again row by row. Every other failure is thrown, and Kafka delivers the batch again.
 */
@Injectable()
export class CaseEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseEventsConsumer.name);
  private readonly validate = createEventValidator();
  private readonly consumer: BatchConsumer;
  private readonly applied;
  private readonly deadLettered;
  private stores = 0;
  private replayStores = 0;
  private readonly replayQueue: (() => void)[] = [];
  private readonly waiting: { batch: PartitionBatch; resolve: (inserted: number) => void; reject: (err: unknown) => void }[] = [];

  constructor(
    kafka: Kafka,
    publisher: BatchingPublisher,
    private readonly writer: EventStoreWriter,
    statistics: StoreStatistics,
    @Inject(FOLLOWER_OPTIONS) options: FollowerOptions,
    private readonly topics: KafkaTopics,
    private readonly steps: EventPipelineSteps,
    registry: ReadinessRegistry,
    prometheus: Prometheus,
  ) {
    this.applied = prometheus.counter('casewatch_events_applied_total', 'Case events applied to the event store');
    this.deadLettered = prometheus.counter('casewatch_events_dead_lettered_total', 'Messages sent to the dead-letter topic');
    this.consumer = new BatchConsumer(kafka, publisher, {
      groupId: options.groupId,
      topics: [TOPICS.caseEvents],
      fromBeginning: options.fromBeginning,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      onJoin: () => {
        for (const s of this.steps.rebalanced) s.rebalanced();
      },
      deadLetterTopic: TOPICS.caseEventsDlq,
      resumeAt: (topic, partition) => this.writer.resumeAt(options.groupId, topic, partition),
      log: (level, message) => this.logger[level === 'info' ? 'log' : level](message),
      handle: async (batch, deadLetter) => {
        const { rows, rejected } = toEventRows(batch.messages, this.validate);
        await deadLetter(rejected);
        this.deadLettered.inc(rejected.length);
        const last = batch.messages[batch.messages.length - 1].offset;
        const one = { topic: batch.topic, partition: batch.partition, lastOffset: last, rows };
        let stored: { inserted: number; applied: EventRow[] };
        try {
          // Caught up, batches are small and what matters is how soon they are stored: merge them.
          // Replaying, each is large and stored on its own, side by side with the others.
          const inserted = batch.lag > MERGE_BELOW_LAG ? await this.storeAlone(options.groupId, one) : await this.store(options.groupId, one);
          stored = { inserted, applied: rows };
        } catch (err) {
          // Only what the rows themselves cause is set aside; anything else is retried (thrown).
          if (unusableContent(err) === undefined) throw err;
          stored = await this.storeIsolating(options.groupId, one, batch.messages, deadLetter);
        }
        this.applied.inc(stored.inserted);
        statistics.inserted(stored.inserted);
        if (stored.inserted > 0) {
          const tenants = new Set(stored.applied.map((r) => r.event.tenant));
          for (const s of this.steps.afterApply) await s.applied(tenants, stored.applied, { partition: batch.partition, lag: batch.lag });
        }
      },
    });
    registry.add({
      name: 'consumer',
      check: async () => {
        if (!this.consumer.isJoined) throw new Error(`consumer group ${options.groupId} has not joined`);
      },
    });
  }

  /**
   * Stores a partition's batch together with those of other partitions that arrive meanwhile
   * (kafkajs hands a fetch's partitions over at once): one transaction, one commit for them all.
   * Resolves with the events this batch newly stored, once they are committed.
   */
  private store(consumer: string, batch: PartitionBatch): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch, resolve, reject });
      if (this.waiting.length > 1) return;
      // Next turn of the event loop: the fetch's other partitions are handed over by then.
      setImmediate(() => void this.storeWaiting(consumer));
    });
  }

  /**
   * A batch that failed on its content (or shared a transaction with one that did): applied again
   * on its own, the events PostgreSQL refuses dead-lettered with the reason and the rest stored.
   */
  private async storeIsolating(consumer: string, batch: PartitionBatch, messages: KafkaMessage[], deadLetter: (rejected: Rejected[]) => Promise<void>) {
    const byOffset = new Map(messages.map((m) => [m.offset, m]));
    return this.writer.applyIsolating(consumer, batch, this.steps.withinApply, async (setAside) => {
      // The SQLSTATE only: PostgreSQL's message may quote the event's data (it goes in the header).
      const codes = [...new Set(setAside.map((s) => s.reason.split(':')[0]))].join(', ');
      this.logger.warn(`${setAside.length} event(s) of ${batch.topic}[${batch.partition}] cannot be stored (${codes}): dead-lettered`);
      await deadLetter(setAside.map((s) => ({ message: byOffset.get(s.row.offset) as KafkaMessage, reason: s.reason })));
      this.deadLettered.inc(setAside.length);
    });
  }

  /** A replay's large batch, stored on its own; at most REPLAY_STORES_AT_ONCE side by side (more only compete for the cores). */
  private async storeAlone(consumer: string, batch: PartitionBatch): Promise<number> {
    while (this.replayStores >= REPLAY_STORES_AT_ONCE) await new Promise<void>((resolve) => this.replayQueue.push(resolve));
    this.replayStores++;
    try {
      return (await this.writer.applyAll(consumer, [batch], this.steps.withinApply))[0];
    } finally {
      this.replayStores--;
      this.replayQueue.shift()?.();
    }
  }

  /**
   * Takes every batch waiting. Two stores run side by side at most (a partition never has two
   * batches in flight): Node prepares one while PostgreSQL writes the other, and more would only
   * compete for the same two cores; what arrives meanwhile waits and goes in one transaction.
   */
  private async storeWaiting(consumer: string): Promise<void> {
    if (this.stores >= STORES_AT_ONCE || this.waiting.length === 0) return;
    const taken = this.waiting.splice(0);
    this.stores++;
    try {
      const inserted = await this.writer.applyAll(
        consumer,
        taken.map((t) => t.batch),
        this.steps.withinApply,
      );
      taken.forEach((t, i) => t.resolve(inserted[i]));
    } catch (err) {
      for (const t of taken) t.reject(err);
    } finally {
      this.stores--;
      if (this.waiting.length > 0) setImmediate(() => void this.storeWaiting(consumer));
    }
  }

  /** For tests only: a write after the pipeline's own (services list theirs in EventStoreModule.forRoot). */
  inTransaction(hook: WithinApply): void {
    this.steps.withinApply.push(hook);
  }

  onApplicationBootstrap(): void {
    // In the background: the topics may not exist yet while Kafka is away; readiness reports it.
    void this.topics.ready.then(() => this.consumer.start()).catch((err: Error) => this.logger.error(`consumer did not start: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
