import type { Kafka, Producer, TopicMessages } from 'kafkajs';

export interface OutgoingMessage {
  key: string | Buffer | null;
  /** Bytes as given: a dead-lettered message keeps its original bytes. */
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

export interface BatchingPublisherOptions {
  /** A caller's publish fails after this long; it then answers 503 rather than hang. */
  publishTimeoutMs?: number;
  /** Upper bound of messages combined into one produce request. */
  maxBatchMessages?: number;
  log?: (level: 'error' | 'warn', message: string, extra?: Record<string, unknown>) => void;
}

interface Pending {
  topic: string;
  messages: OutgoingMessage[];
  deadline: number;
  settled: boolean;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class PublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublishError';
  }
}

/**
 * An idempotent, acks=all producer that combines the publishes of concurrent callers into one
 * produce request (group commit). kafkajs' idempotent producer allows one request in flight, so
 * without this, single-event requests would queue behind each other's round trips.
 * A caller's promise resolves only once Kafka acknowledged all of its messages.
 */
export class BatchingPublisher {
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;
  private queue: Pending[] = [];
  private flushing = false;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BatchingPublisherOptions = {},
  ) {
    this.timeoutMs = options.publishTimeoutMs ?? 10_000;
    this.maxBatch = options.maxBatchMessages ?? 20_000;
  }

  async connect(): Promise<void> {
    await this.getProducer();
  }

  async disconnect(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) this.settle(p, new PublishError('publisher is shutting down'));
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await producer.disconnect();
  }

  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new PublishError('publisher is closed'));
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = {
        topic,
        messages,
        deadline: Date.now() + this.timeoutMs,
        settled: false,
        resolve,
        reject,
      };
      const timer = setTimeout(
        () => this.settle(pending, new PublishError(`Kafka did not acknowledge within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      timer.unref();
      pending.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      this.queue.push(pending);
      if (!this.flushing) {
        this.flushing = true;
        // Let callers arriving in the same tick join this batch.
        setImmediate(() => void this.flushLoop());
      }
    });
  }

  private settle(p: Pending, err?: Error): void {
    if (p.settled) return;
    p.settled = true;
    if (err) p.reject(err);
    else p.resolve();
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        if (batch.length > 0) await this.send(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private takeBatch(): Pending[] {
    const now = Date.now();
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (next.settled || next.deadline <= now) {
        // Timed out while waiting: never send it, its caller has already been told it failed.
        this.queue.shift();
        this.settle(next, new PublishError(`Kafka did not acknowledge within ${this.timeoutMs} ms`));
        continue;
      }
      if (batch.length > 0 && count + next.messages.length > this.maxBatch) break;
      batch.push(this.queue.shift() as Pending);
      count += next.messages.length;
    }
    return batch;
  }

  private async send(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, TopicMessages>();
    for (const p of batch) {
      let tm = byTopic.get(p.topic);
      if (!tm) {
        tm = { topic: p.topic, messages: [] };
        byTopic.set(p.topic, tm);
      }
      for (const m of p.messages) tm.messages.push(m);
    }
    try {
      const producer = await this.getProducer();
      await producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1, timeout: this.timeoutMs });
      for (const p of batch) this.settle(p);
    } catch (cause) {
      const err = new PublishError(`Kafka publish failed: ${(cause as Error).message}`, { cause });
      for (const p of batch) this.settle(p, err);
      await this.resetProducer();
    }
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.connecting) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Bounded, so that an outage surfaces as a failed request instead of a hang.
        retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
      });
      this.connecting = producer
        .connect()
        .then(() => {
          this.producer = producer;
          return producer;
        })
        .finally(() => {
          this.connecting = undefined;
        });
    }
    return this.connecting;
  }

  /** After a failed send the producer's sequence numbers are unknown: start a fresh producer id. */
  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (!producer) return;
    try {
      await producer.disconnect();
    } catch (err) {
      this.options.log?.('warn', 'producer disconnect after failure failed', { error: (err as Error).message });
    }
  }
}
