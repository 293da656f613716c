import { TOPIC_SPECS } from '@casewatch/contracts';
import { BatchingPublisher, ensureTopics } from '@casewatch/kafka';
import { ReadinessRegistry } from '../health/readiness-registry';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';

const RETRY_MS = 5000;

/**
 * Creates the topics at start (every service does; it is idempotent), retrying in the background
 * while Kafka is away, so the service still starts and reports itself not ready. Consumers wait
 * for `ready` before they subscribe.
 */
@Injectable()
export class KafkaTopics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaTopics.name);
  private topicsReady = false;
  private retry: NodeJS.Timeout | undefined;
  private markReady!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

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

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  private async setUpTopics(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const result = await ensureTopics(admin, TOPIC_SPECS);
      if (result.created.length > 0) this.logger.log(`created topics ${result.created.join(', ')}`);
      this.topicsReady = true;
      this.markReady();
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
