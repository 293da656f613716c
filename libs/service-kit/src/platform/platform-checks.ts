import { once } from 'node:events';
import { BatchingPublisher, KafkaProbe } from '@casewatch/kafka';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ReadinessRegistry } from '../health/readiness-registry';

/** Registers the Postgres, Redis and Kafka checks and closes those connections (and the publisher) at shutdown. */
@Injectable()
export class PlatformChecks implements OnApplicationShutdown {
  constructor(
    registry: ReadinessRegistry,
    dataSource: DataSource,
    private readonly redis: Redis,
    private readonly kafka: KafkaProbe,
    private readonly publisher: BatchingPublisher,
  ) {
    registry.add({ name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) });
    registry.add({
      name: 'redis',
      check: async () => {
        // Just started or reconnecting: wait for the connection rather than fail at once.
        if (redis.status !== 'ready') await once(redis, 'ready');
        const pong = await redis.ping();
        if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`);
      },
    });
    registry.add({ name: 'kafka', check: () => kafka.check(1500) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect().catch(() => undefined);
    await this.kafka.close();
    this.redis.disconnect();
  }
}
