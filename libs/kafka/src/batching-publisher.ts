import { Partitioners, type Kafka, type PartitionMetadata, type Producer, type TopicMessages } from 'kafkajs';
import { MessageTooLargeError, PublishError } from './publish-error';

export { MessageTooLargeError, PublishError } from './publish-error';

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
  /**
   * Upper bound of one partition's records in one produce request: the broker refuses a record
   * batch over `message.max.bytes` (1,048,588 by default, and the topics set no `max.message.bytes`).
   */
  maxPartitionBytes?: number;
  /** Upper bound of one produce request's records (the broker's own limit, `socket.request.max.bytes`, is 100 MiB). */
  maxRequestBytes?: number;
  log?: (level: 'error' | 'warn', message: string, extra?: Record<string, unknown>) => void;
}

interface Pending {
  topic: string;
  messages: OutgoingMessage[];
  /** Each message's bytes in a request, at most. */
  sizes: number[];
  /** Index of its first message not yet taken into a request. */
  next: number;
  /** Some of its messages went into a request (acknowledged, failed or in flight). */
  handedOver: boolean;
  /** Its messages in the request now in flight. */
  inFlight: number;
  deadline: number;
  settled: boolean;
  resolve: () => void;
  reject: (err: Error) => void;
  /** Resolves the late outcome of a publish that timed out in flight. */
  late?: (acknowledged: boolean) => void;
}

/** One caller's messages [from, to) in one produce request. */
interface Part {
  pending: Pending;
  from: number;
  to: number;
}

interface ProduceRequest {
  parts: Part[];
  topicMessages: TopicMessages[];
}

// Framing of one record at its largest (length, attributes, timestamp and offset deltas, key and
// value lengths, header count), so the estimate never undercounts.
const RECORD_OVERHEAD = 36;
const HEADER_OVERHEAD = 10;
// Record batch header (61 bytes) and the partition's entry in the request.
const PARTITION_OVERHEAD = 100;

/**
 * Bounded, so that an outage surfaces as a failed request instead of a hang: kafkajs' own default
 * of 5 retries (`retries` left out, since naming any bound makes kafkajs warn that limiting an
 * idempotent producer's retries may break exactly-once; here a failed send replaces the producer,
 * see `resetProducer`, so that warning does not apply).
 */
export const PUBLISHER_RETRY = { initialRetryTime: 100, maxRetryTime: 2000 } as const;

/**
 * An idempotent, acks=all producer that combines the publishes of concurrent callers into one
 * produce request (group commit). kafkajs' idempotent producer allows one request in flight, so
 * without this, single-event requests would queue behind each other's round trips.
 *
 * A request holds what the broker takes: at most `maxPartitionBytes` per partition and
 * `maxRequestBytes` in all. A larger publish is sent as consecutive requests, in order, so a
 * partition's messages stay in order; its promise resolves only once Kafka acknowledged every part,
 * and if a part fails the rest is never sent.
 */
export class BatchingPublisher {
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;
  private queue: Pending[] = [];
  private flushing = false;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly maxBatch: number;
  private readonly maxPartitionBytes: number;
  private readonly maxRequestBytes: number;
  // The producer's own partitioner, so that each message's partition is known before it is sent.
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly partitions = new Map<string, PartitionMetadata[]>();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BatchingPublisherOptions = {},
  ) {
    this.timeoutMs = options.publishTimeoutMs ?? 10_000;
    this.maxBatch = options.maxBatchMessages ?? 20_000;
    this.maxPartitionBytes = options.maxPartitionBytes ?? 1_000_000;
    this.maxRequestBytes = options.maxRequestBytes ?? 4 * 1024 * 1024;
  }

  async connect(): Promise<void> {
    await this.getProducer();
  }

  async disconnect(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) this.fail(p, 'publisher is shutting down');
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await producer.disconnect();
  }

  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new PublishError('publisher is closed'));
    const sizes = messages.map(recordBytes);
    const tooLarge = sizes.findIndex((n) => n + PARTITION_OVERHEAD > this.maxPartitionBytes);
    if (tooLarge >= 0) return Promise.reject(new MessageTooLargeError(tooLarge, sizes[tooLarge], this.maxPartitionBytes));
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = {
        topic,
        messages,
        sizes,
        next: 0,
        handedOver: false,
        inFlight: 0,
        deadline: Date.now() + this.timeoutMs,
        settled: false,
        resolve,
        reject,
      };
      const timer = setTimeout(() => this.fail(pending, `Kafka did not acknowledge within ${this.timeoutMs} ms`), this.timeoutMs);
      timer.unref();
      pending.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      this.queue.push(pending);
      if (!this.flushing) {
        this.flushing = true;
        // Let callers arriving in the same tick join this request.
        setImmediate(() => void this.flushLoop());
      }
    });
  }

  /** Fails a caller once; what it is told depends on whether any of its messages left. */
  private fail(p: Pending, reason: string, cause?: unknown): void {
    if (p.settled) return;
    p.settled = true;
    const lateOutcome = p.inFlight > 0 && p.next === p.messages.length ? new Promise<boolean>((resolve) => (p.late = resolve)) : undefined;
    const detail = p.handedOver ? `${reason}; some of the messages may be on the topic` : `${reason}; nothing was sent`;
    p.reject(new PublishError(detail, { cause, mayBePublished: p.handedOver, lateOutcome }));
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.loadPartitions();
        const request = this.takeRequest();
        if (request.parts.length > 0) await this.send(request);
      }
    } catch (cause) {
      // Not a rejection nobody handles (which ends the process): the waiting callers are told.
      for (const p of this.queue.splice(0)) this.fail(p, `publish failed: ${(cause as Error).message}`, cause);
    } finally {
      this.flushing = false;
    }
  }

  /** The partitions of every queued topic, once: the topics are created with a fixed count. */
  private async loadPartitions(): Promise<void> {
    const missing = [...new Set(this.queue.map((p) => p.topic))].filter((t) => !this.partitions.has(t));
    if (missing.length === 0) return;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const meta = await admin.fetchTopicMetadata({ topics: missing });
      for (const t of meta.topics) if (t.partitions.length > 0) this.partitions.set(t.name, t.partitions);
      // A topic the answer left out, or without partitions yet (being created): its callers fail now and may retry.
      const absent = missing.filter((t) => !this.partitions.has(t));
      if (absent.length > 0) throw new Error(`no partitions known for ${absent.join(', ')}`);
    } catch (cause) {
      const failed = missing.filter((t) => !this.partitions.has(t));
      const unknown = this.queue.filter((p) => failed.includes(p.topic));
      this.queue = this.queue.filter((p) => !failed.includes(p.topic));
      for (const p of unknown) this.fail(p, `Kafka metadata unavailable: ${(cause as Error).message}`, cause);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /**
   * Callers' messages from the head of the queue, in order, up to the request's limits, each with
   * its partition (computed once: a message without a key goes round-robin).
   */
  private takeRequest(): ProduceRequest {
    const now = Date.now();
    const parts: Part[] = [];
    const byTopic = new Map<string, TopicMessages>();
    const partitionBytes = new Map<string, number>();
    let count = 0;
    let bytes = 0;
    while (this.queue.length > 0) {
      const p = this.queue[0];
      if (p.settled || (!p.handedOver && p.deadline <= now)) {
        // Timed out while waiting: never sent; its caller is told (or was already).
        this.queue.shift();
        this.fail(p, `Kafka did not acknowledge within ${this.timeoutMs} ms`);
        continue;
      }
      const partitionMetadata = this.partitions.get(p.topic) as PartitionMetadata[];
      let tm = byTopic.get(p.topic);
      if (!tm) byTopic.set(p.topic, (tm = { topic: p.topic, messages: [] }));
      const from = p.next;
      let i = from;
      for (; i < p.messages.length; i++) {
        const { key, value, headers } = p.messages[i];
        const partition = this.partitioner({ topic: p.topic, partitionMetadata, message: { key, value } });
        const slot = `${p.topic}\u0000${partition}`;
        const inPartition = partitionBytes.get(slot) ?? PARTITION_OVERHEAD;
        const size = p.sizes[i];
        const full = count >= this.maxBatch || inPartition + size > this.maxPartitionBytes || bytes + size > this.maxRequestBytes;
        if (full && count > 0) break;
        partitionBytes.set(slot, inPartition + size);
        count++;
        bytes += size;
        tm.messages.push({ key, value, headers, partition });
      }
      if (i > from) parts.push({ pending: p, from, to: i });
      p.next = i;
      if (i < p.messages.length) break; // the request is full: the rest goes in the next one
      this.queue.shift();
    }
    return { parts, topicMessages: [...byTopic.values()].filter((tm) => tm.messages.length > 0) };
  }

  private async send({ parts, topicMessages }: ProduceRequest): Promise<void> {
    let producer: Producer;
    try {
      producer = await this.getProducer();
    } catch (cause) {
      for (const { pending } of parts) this.fail(pending, `Kafka unavailable: ${(cause as Error).message}`, cause);
      return;
    }
    for (const { pending, from, to } of parts) {
      pending.handedOver = true;
      pending.inFlight = to - from;
    }
    try {
      await producer.sendBatch({ topicMessages, acks: -1, timeout: this.timeoutMs });
    } catch (cause) {
      for (const { pending } of parts) {
        pending.inFlight = 0;
        pending.late?.(false);
        this.fail(pending, `Kafka publish failed: ${(cause as Error).message}`, cause);
      }
      await this.resetProducer();
      return;
    }
    for (const { pending: p, to } of parts) {
      p.inFlight = 0;
      if (to < p.messages.length) continue; // more parts to come
      p.late?.(true);
      if (!p.settled) {
        p.settled = true;
        p.resolve();
      }
    }
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.connecting) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // The partitioner `takeRequest` uses; every message arrives with its partition set.
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: PUBLISHER_RETRY,
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
    this.partitions.clear();
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

/** A record's bytes in a produce request, at most. */
function recordBytes(m: OutgoingMessage): number {
  let n = RECORD_OVERHEAD + byteLength(m.key) + byteLength(m.value);
  if (m.headers) for (const k in m.headers) n += HEADER_OVERHEAD + byteLength(k) + byteLength(m.headers[k]);
  return n;
}

function byteLength(v: string | Buffer | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}
