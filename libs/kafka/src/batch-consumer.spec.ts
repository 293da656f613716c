import { EventEmitter } from 'node:events';
import type { Kafka } from 'kafkajs';
import type { BatchingPublisher } from './batching-publisher';
import { BatchConsumer } from './batch-consumer';

const EVENTS = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash', STOP: 'consumer.stop' };

/** A stand-in for kafkajs' consumer: only what BatchConsumer calls, its events fired by the test. */
class FakeConsumer extends EventEmitter {
  readonly events = EVENTS;
  disconnected = false;
  connect = jest.fn(async () => undefined);
  subscribe = jest.fn(async () => undefined);
  run = jest.fn(async () => undefined);
  disconnect = jest.fn(async () => {
    this.disconnected = true;
  });
  fire(event: string, payload: unknown) {
    this.emit(event, { payload });
  }
}

function setup() {
  const made: FakeConsumer[] = [];
  const kafka = { consumer: () => made[made.push(new FakeConsumer()) - 1] } as unknown as Kafka;
  const logs: string[] = [];
  const consumer = new BatchConsumer(kafka, {} as BatchingPublisher, {
    groupId: 'g',
    topics: ['t'],
    deadLetterTopic: 'dlq',
    handle: async () => undefined,
    rejoinTimeoutMs: 10_000,
    log: (_level, message) => logs.push(message),
  });
  return { made, consumer, logs };
}

const flush = () => new Promise((r) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(r));

describe('BatchConsumer after a crash', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts a fresh consumer when kafkajs has not rejoined within the timeout', async () => {
    const { made, consumer, logs } = setup();
    await consumer.start();
    made[0].fire(EVENTS.GROUP_JOIN, { memberAssignment: { t: [0] } });
    await flush();
    expect(consumer.isJoined).toBe(true);

    made[0].fire(EVENTS.CRASH, { error: new Error('The coordinator is loading'), restart: true });
    expect(consumer.isJoined).toBe(false);
    jest.advanceTimersByTime(9_000);
    expect(made).toHaveLength(1);
    jest.advanceTimersByTime(6_000);
    await flush();
    await flush();
    expect(made[0].disconnected).toBe(true);
    expect(made).toHaveLength(2);
    expect(made[1].run).toHaveBeenCalledTimes(1);
    expect(logs.some((l) => l.includes('starting it afresh'))).toBe(true);

    made[1].fire(EVENTS.GROUP_JOIN, { memberAssignment: { t: [0] } });
    await flush();
    expect(consumer.isJoined).toBe(true);
    await consumer.stop();
  });

  it('leaves a consumer that rejoins by itself alone', async () => {
    const { made, consumer } = setup();
    await consumer.start();
    made[0].fire(EVENTS.CRASH, { error: new Error('Connection error'), restart: true });
    jest.advanceTimersByTime(5_000);
    made[0].fire(EVENTS.GROUP_JOIN, { memberAssignment: { t: [0] } });
    await flush();
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(made).toHaveLength(1);
    expect(consumer.isJoined).toBe(true);
    await consumer.stop();
  });
});

describe('BatchConsumer commits to Kafka', () => {
  type RunConfig = { autoCommit: boolean; eachBatch: (payload: unknown) => Promise<void> };

  function batchPayload(partition: number, commit: jest.Mock) {
    return {
      batch: { topic: 't', partition, messages: [{ offset: '7' }], offsetLag: () => '0', lastOffset: () => '7' },
      resolveOffset: () => undefined,
      commitOffsetsIfNecessary: commit,
      uncommittedOffsets: () => ({ topics: [{ topic: 't', partitions: [{ partition: String(partition), offset: '8' }] }] }),
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    };
  }

  it('once for the partitions of a fetch, and again only after the interval, not after every batch', async () => {
    let now = 1_000_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const { made, consumer } = setup();
      await consumer.start();
      const config = (made[0].run.mock.calls as unknown as [RunConfig][])[0][0];
      // kafkajs' own auto-commit commits after each batch whatever its interval: it stays off.
      expect(config.autoCommit).toBe(false);
      const commit = jest.fn(async () => undefined);
      await Promise.all(Array.from({ length: 12 }, (_, p) => config.eachBatch(batchPayload(p, commit))));
      expect(commit).toHaveBeenCalledTimes(1);
      expect(commit).toHaveBeenCalledWith({ topics: [{ topic: 't', partitions: [{ partition: '0', offset: '8' }] }] });
      now += 1000;
      await Promise.all(Array.from({ length: 12 }, (_, p) => config.eachBatch(batchPayload(p, commit))));
      expect(commit).toHaveBeenCalledTimes(1);
      now += 5000;
      await config.eachBatch(batchPayload(3, commit));
      expect(commit).toHaveBeenCalledTimes(2);
      await consumer.stop();
    } finally {
      clock.mockRestore();
    }
  });
});
