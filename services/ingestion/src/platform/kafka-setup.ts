import { TOPIC_SPECS } from '@casewatch/contracts';
import { BatchingPublisher, ensureTopics } from '@casewatch/kafka';
import { ReadinessRegistry } from '@casewatch/service-kit';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';

const RETRY_MS = 5000;

/**
 * Creates the topics at start, retrying in the background while Kafka is away, so the service
 * still starts and reports itself not ready; closes the publisher on shutdown.
 */
@Injectable()
export class KafkaSetup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaSetup.name);
  private topicsReady = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly publisher: BatchingPublisher,
    registry: ReadinessRegistry,
  ) {
    registry.add({
      name: 'topics',
      check: async () => {
        if (!this.topicsReady) throw new Error('topics not created yet');
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.setUpTopics();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.retry);
    await this.publisher.disconnect().catch(() => undefined);
  }

  private async setUpTopics(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const result = await ensureTopics(admin, TOPIC_SPECS);
      if (result.created.length > 0) this.logger.log(`created topics ${result.created.join(', ')}`);
      this.topicsReady = true;
      await this.publisher.connect();
    } catch (err) {
      this.logger.warn(`Kafka set-up failed, retrying in ${RETRY_MS} ms: ${(err as Error).message}`);
      this.retry = setTimeout(() => void this.setUpTopics(), RETRY_MS);
      this.retry.unref();
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
