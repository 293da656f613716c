import { BatchingPublisher, createKafkaClient, KafkaProbe, parseBrokers } from '@casewatch/kafka';
import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { Kafka } from 'kafkajs';
import type { DataSourceOptions } from 'typeorm';
import type { CommonEnv } from '../config/common-env';
import { HealthModule } from '../health/health.module';
import { ReadinessRegistry } from '../health/readiness-registry';
import { ObservabilityModule } from '../observability/observability.module';
import { KafkaTopics } from './kafka-topics';
import { PlatformChecks } from './platform-checks';

export interface PlatformOptions {
  service: string;
  env: CommonEnv;
  dataSource: DataSourceOptions;
}

/**
 * What every service stands on: its Postgres (TypeORM), Redis and Kafka connections, the
 * readiness checks over them, Prometheus and the health endpoints.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const kafkaLog = new Logger('kafka');
    const redisLog = new Logger('redis');
    return {
      module: PlatformModule,
      imports: [
        // Without its database a service cannot start: fail within seconds rather than hang.
        TypeOrmModule.forRoot({ ...options.dataSource, retryAttempts: 3, retryDelay: 1000 }),
        ObservabilityModule.forRoot(options.service),
        HealthModule,
      ],
      providers: [
        ReadinessRegistry,
        {
          provide: Kafka,
          useFactory: () =>
            createKafkaClient({
              brokers: parseBrokers(options.env.KAFKA_BROKERS),
              clientId: options.env.KAFKA_CLIENT_ID || `casewatch-${options.service}`,
              log: (level, message, extra) => {
                if (level === 'error') kafkaLog.error(`${message} ${JSON.stringify(extra)}`);
                else if (level === 'warn') kafkaLog.warn(message);
                else kafkaLog.debug(message);
              },
            }),
        },
        { provide: KafkaProbe, inject: [Kafka], useFactory: (kafka: Kafka) => new KafkaProbe(kafka) },
        {
          provide: BatchingPublisher,
          inject: [Kafka],
          useFactory: (kafka: Kafka) =>
            new BatchingPublisher(kafka, {
              publishTimeoutMs: options.env.PUBLISH_TIMEOUT_MS,
              log: (_level, message, extra) => kafkaLog.warn(`${message} ${JSON.stringify(extra ?? {})}`),
            }),
        },
        {
          provide: Redis,
          // No offline queue: while Redis is away a command fails at once instead of waiting.
          useFactory: () => {
            const redis = new Redis(options.env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
            // ioredis reconnects by itself; say so once per outage rather than on every attempt.
            let down = false;
            redis.on('error', (err: Error) => {
              if (!down) redisLog.warn(`Redis unavailable: ${err.message}`);
              down = true;
            });
            redis.on('ready', () => (down = false));
            return redis;
          },
        },
        PlatformChecks,
        KafkaTopics,
      ],
      exports: [ReadinessRegistry, Kafka, KafkaProbe, BatchingPublisher, Redis, KafkaTopics],
    };
  }
}
