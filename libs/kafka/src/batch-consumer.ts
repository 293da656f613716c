import { DLQ_HEADERS } from '@casewatch/contracts';
import type { Consumer, Kafka, KafkaMessage, OffsetsByTopicPartition } from 'kafkajs';
import type { BatchingPublisher } from './batching-publisher';

export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  /** Messages left on the partition after this batch, as the fetch saw them (catching up when large). */
  lag: number;
}

/** A message the handler could not use; it goes to the dead-letter topic and the partition moves on. */
export interface Rejected {
  message: KafkaMessage;
  reason: string;
}

/**
 * Applies a batch. It must make its effects and the batch's last offset durable together (one
 * Postgres transaction) and skip what an earlier delivery already applied: Kafka may redeliver.
 * Unusable messages go to `deadLetter` before that commit, so none is lost if the process dies
 * in between (a redelivery may dead-letter one twice).
 */
export type BatchHandler = (batch: ConsumedBatch, deadLetter: (rejected: Rejected[]) => Promise<void>) => Promise<void>;

export interface BatchConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  deadLetterTopic: string;
  handle: BatchHandler;
  /**
   * Where to resume each assigned partition when the group (re)joins, if the handler keeps its
   * own position (the offset after the last applied message; undefined: from the start when
   * `fromBeginning`). The store, not Kafka's committed offset, is then the truth: a store
   * rebuilt empty replays.
   */
  resumeAt?: (topic: string, partition: number) => Promise<string | undefined>;
  log?: (level: 'error' | 'warn' | 'info', message: string) => void;
  /** Told after each (re)join of the group, with this member's partitions (e.g. to take over another's timers). */
  onJoin?: (assignment: Record<string, number[]>) => void;
  /** Partitions handled at once (default 1): overlaps parsing in Node with writes in Postgres. */
  partitionsConsumedConcurrently?: number;
  /** After a crash, how long to wait for kafkajs to rejoin before starting the consumer afresh (default 60 s). */
  rejoinTimeoutMs?: number;
}

const COMMIT_INTERVAL_MS = 5000;
const REJOIN_CHECK_MS = 5000;

/**
 * A kafkajs `eachBatch` consumer: offsets are committed only after the handler's effects are
 * durable and unusable messages are dead-lettered, so bad input never stalls a partition.
 */
export class BatchConsumer {
  private consumer: Consumer | undefined;
  private joined = false;
  private starting: Promise<void> | undefined;
  private stopped = false;
  /** Since when the group has been left by a crash and not joined again. */
  private downSince: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastCommit = 0;
  private committing: Promise<void> | undefined;
  /** The offset after each partition's last handled batch (what stop() commits). */
  private readonly resolved = new Map<string, { topic: string; partition: number; offset: string }>();
  /** Batches being handled, and who waits for them to end (stop). */
  private handling = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly dlq: BatchingPublisher,
    private readonly options: BatchConsumerOptions,
  ) {}

  get isJoined(): boolean {
    return this.joined;
  }

  start(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.starting ??= this.run();
    return this.starting;
  }

  private async run(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      maxBytesPerPartition: 4 * 1024 * 1024,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      // Partitions taken away may move on under their new member: never commit them from here.
      const kept = e.payload.memberAssignment;
      for (const [k, r] of this.resolved) if (!kept[r.topic]?.includes(r.partition)) this.resolved.delete(k);
      void this.resume(consumer, e.payload.memberAssignment).then(() => {
        this.joined = true;
        this.downSince = undefined;
        this.options.onJoin?.(e.payload.memberAssignment);
      });
    });
    consumer.on(consumer.events.CRASH, (e) => {
      this.joined = false;
      this.downSince ??= Date.now();
      this.watch();
      // kafkajs restarts it after a retriable crash (a fresh broker's coordinator loading): a warning.
      const restarts = (e.payload as { restart?: boolean }).restart === true;
      this.options.log?.(restarts ? 'warn' : 'error', `consumer ${this.options.groupId} crashed${restarts ? ', restarting' : ''}: ${e.payload.error.message}`);
    });
    consumer.on(consumer.events.STOP, () => (this.joined = false));
    await consumer.connect();
    for (const topic of this.options.topics) {
      await consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    }
    await consumer.run({
      // kafkajs' auto-commit commits after every batch whatever the interval (runner.js calls
      // commitOffsets, not commitOffsetsIfNecessary, after eachBatch): one OffsetCommit per
      // partition handed over, which the next fetch waited behind. Committed here instead, at most
      // one at a time and every COMMIT_INTERVAL_MS.
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, uncommittedOffsets, heartbeat, isRunning, isStale }) => {
        // Stopping: a batch not begun is left for the next start (stop() commits what was handled).
        if (this.stopped || !isRunning() || isStale() || batch.messages.length === 0) return;
        const lag = Number(batch.offsetLag());
        this.handling++;
        try {
          await this.options.handle({ topic: batch.topic, partition: batch.partition, messages: batch.messages, lag }, (rejected) =>
            this.deadLetter(batch.topic, batch.partition, rejected),
          );
          resolveOffset(batch.lastOffset());
          const next = (BigInt(batch.lastOffset()) + 1n).toString();
          this.resolved.set(`${batch.topic}\u0000${batch.partition}`, { topic: batch.topic, partition: batch.partition, offset: next });
        } finally {
          if (--this.handling === 0) for (const done of this.idle.splice(0)) done();
        }
        // The handler's store is the truth about what was applied; Kafka's committed offsets (for
        // lag monitoring, and a start before anything was stored) follow every few seconds rather
        // than costing a round trip per batch.
        await this.commitIfDue(uncommittedOffsets, commitOffsetsIfNecessary);
        await heartbeat();
      },
    });
  }

  /**
   * The resolved offsets to Kafka when COMMIT_INTERVAL_MS has passed since the last commit and none
   * is under way (the partitions of one fetch finish together: each would commit otherwise).
   */
  private async commitIfDue(uncommitted: () => OffsetsByTopicPartition, commit: (offsets: OffsetsByTopicPartition) => Promise<void>): Promise<void> {
    if (this.committing || this.stopped || Date.now() - this.lastCommit < COMMIT_INTERVAL_MS) return;
    this.committing = (async () => {
      const { topics } = uncommitted();
      if (topics.length > 0) await commit({ topics });
      this.lastCommit = Date.now();
    })();
    try {
      await this.committing;
    } finally {
      this.committing = undefined;
    }
  }

  /**
   * The offsets handled since the last interval's commit, committed while the group is still
   * joined: without it a stop loses up to COMMIT_INTERVAL_MS of them from Kafka's view (lag
   * monitoring, and where a group without stored offsets resumes).
   */
  private async commitResolved(consumer: Consumer): Promise<void> {
    if (this.handling > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.committing?.catch(() => undefined);
    const offsets = [...this.resolved.values()];
    if (offsets.length === 0 || !this.joined) return;
    try {
      await consumer.commitOffsets(offsets);
    } catch (err) {
      this.options.log?.('warn', `consumer ${this.options.groupId} could not commit its offsets on stop: ${(err as Error).message}`);
    }
  }

  private async resume(consumer: Consumer, assignment: Record<string, number[]>): Promise<void> {
    const resumeAt = this.options.resumeAt;
    if (!resumeAt) return;
    try {
      for (const [topic, partitions] of Object.entries(assignment)) {
        const fromStart = this.options.fromBeginning ?? true;
        const starts = fromStart ? new Map((await this.lowWatermarks(topic)).map((o) => [o.partition, o.low])) : new Map<number, string>();
        for (const partition of partitions) {
          // Nothing stored and not replaying from the start: Kafka's own position stands.
          const offset = (await resumeAt(topic, partition)) ?? starts.get(partition);
          if (offset !== undefined) consumer.seek({ topic, partition, offset });
        }
      }
    } catch (err) {
      this.options.log?.('error', `could not resume from the store's offsets: ${(err as Error).message}`);
    }
  }

  private async lowWatermarks(topic: string): Promise<{ partition: number; low: string }[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await admin.fetchTopicOffsets(topic);
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * kafkajs restarts a crashed consumer itself, but after a broker restart ("the coordinator is
   * loading") it was seen never to rejoin, or not to restart at all after a non-retriable crash
   * (test:chaos). Past `rejoinTimeoutMs` without a join, the consumer is replaced by a fresh one.
   */
  private watch(): void {
    if (this.watchdog) return;
    const timeout = this.options.rejoinTimeoutMs ?? 60_000;
    this.watchdog = setInterval(
      () => {
        if (this.stopped || this.downSince === undefined) {
          clearInterval(this.watchdog);
          this.watchdog = undefined;
          return;
        }
        if (Date.now() - this.downSince < timeout) return;
        this.downSince = Date.now();
        this.options.log?.('warn', `consumer ${this.options.groupId} has not rejoined for ${Math.round(timeout / 1000)} s: starting it afresh`);
        void this.restart();
      },
      Math.min(REJOIN_CHECK_MS, timeout),
    );
    this.watchdog.unref();
  }

  private async restart(): Promise<void> {
    const old = this.consumer;
    this.consumer = undefined;
    this.starting = undefined;
    await old?.disconnect().catch(() => undefined);
    if (this.stopped) return;
    this.start().catch((err: Error) => this.options.log?.('error', `consumer ${this.options.groupId} did not start afresh: ${err.message}`));
  }

  /** Also safe while `start` is still under way: the consumer is not left running behind. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    await this.starting?.catch(() => undefined);
    const consumer = this.consumer;
    if (consumer) await this.commitResolved(consumer);
    this.joined = false;
    await consumer?.disconnect();
    this.consumer = undefined;
  }

  private async deadLetter(topic: string, partition: number, rejected: Rejected[]): Promise<void> {
    if (rejected.length === 0) return;
    await this.dlq.publish(
      this.options.deadLetterTopic,
      rejected.map(({ message, reason }) => ({
        key: message.key,
        value: message.value,
        headers: {
          [DLQ_HEADERS.error]: reason.slice(0, 1000),
          [DLQ_HEADERS.sourceTopic]: topic,
          [DLQ_HEADERS.partition]: String(partition),
          [DLQ_HEADERS.offset]: message.offset,
        },
      })),
    );
    this.options.log?.('warn', `${rejected.length} message(s) from ${topic}[${partition}] dead-lettered`);
  }
}
