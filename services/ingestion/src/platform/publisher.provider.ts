import { BatchingPublisher } from '@casewatch/kafka';
import { Logger, type Provider } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { IngestionConfig } from '../config';
import { INGESTION_CONFIG } from './tokens';

export const publisherProvider: Provider = {
  provide: BatchingPublisher,
  inject: [Kafka, INGESTION_CONFIG],
  useFactory: (kafka: Kafka, config: IngestionConfig) => {
    const logger = new Logger('publisher');
    return new BatchingPublisher(kafka, {
      publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
      log: (_level, message, extra) => logger.warn(`${message} ${JSON.stringify(extra ?? {})}`),
    });
  },
};
