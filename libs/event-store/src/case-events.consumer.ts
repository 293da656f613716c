import { createEventValidator, TOPICS } from '@casewatch/contracts';
import { BatchConsumer, BatchingPublisher } from '@casewatch/kafka';
import { KafkaTopics, Prometheus, ReadinessRegistry } from '@casewatch/service-kit';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { toEventRows } from './event-rows';
import { EventStoreWriter, type PartitionBatch } from './event-store.writer';
import { StoreStatistics } from './store-statistics';
import { FOLLOWER_OPTIONS, type AfterApply, type FollowerOptions, type WithinApply } from './follower-options';

/** Follows csc.case-events.v1 in batches into the event store; bad messages go to the DLQ. */
@Injectable()
export class CaseEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseEventsConsumer.name);
  private readonly validate = createEventValidator();
  private readonly consumer: BatchConsumer;
  private readonly applied;
  private readonly deadLettered;
  private readonly listeners: AfterApply[] = [];
  private readonly within: WithinApply[] = [];
  private readonly joinListeners: (() => void)[] = [];
  private readonly waiting: { batch: PartitionBatch; resolve: (inserted: number) => void; reject: (err: unknown) => void }[] = [];
  private storing: Promise<void> = Promise.resolve();

  constructor(
    kafka: Kafka,
    publisher: BatchingPublisher,
    private readonly writer: EventStoreWriter,
    statistics: StoreStatistics,
    @Inject(FOLLOWER_OPTIONS) options: FollowerOptions,
    private readonly topics: KafkaTopics,
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
        for (const l of this.joinListeners) l();
      },
      deadLetterTopic: TOPICS.caseEventsDlq,
      resumeAt: (topic, partition) => this.writer.resumeAt(options.groupId, topic, partition),
      log: (level, message) => this.logger[level === 'info' ? 'log' : level](message),
      handle: async (batch, deadLetter) => {
        const { rows, rejected } = toEventRows(batch.messages, this.validate);
        await deadLetter(rejected);
        this.deadLettered.inc(rejected.length);
        const last = batch.messages[batch.messages.length - 1].offset;
        const inserted = await this.store(options.groupId, { topic: batch.topic, partition: batch.partition, lastOffset: last, rows });
        this.applied.inc(inserted);
        statistics.inserted(inserted);
        if (inserted > 0) {
          const tenants = new Set(rows.map((r) => r.event.tenant));
          for (const l of this.listeners) await l.applied(tenants, rows, { partition: batch.partition, lag: batch.lag });
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

  /** Told after every (re)join of the consumer group: partitions may have moved between instances. */
  onRebalance(listener: () => void): void {
    this.joinListeners.push(listener);
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
      setImmediate(() => (this.storing = this.storing.then(() => this.storeWaiting(consumer))));
    });
  }

  private async storeWaiting(consumer: string): Promise<void> {
    const taken = this.waiting.splice(0);
    if (taken.length === 0) return;
    try {
      const inserted = await this.writer.applyAll(consumer, taken.map((t) => t.batch), this.within);
      taken.forEach((t, i) => t.resolve(inserted[i]));
    } catch (err) {
      for (const t of taken) t.reject(err);
    }
  }

  /** Writes that must commit in the same transaction as the events register here. */
  inTransaction(hook: WithinApply): void {
    this.within.push(hook);
  }

  /** Components that react to applied events (live figures, deadlines) register here. */
  onApplied(listener: AfterApply): void {
    this.listeners.push(listener);
  }

  onApplicationBootstrap(): void {
    // In the background: the topics may not exist yet while Kafka is away; readiness reports it.
    void this.topics.ready
      .then(() => this.consumer.start())
      .catch((err: Error) => this.logger.error(`consumer did not start: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
