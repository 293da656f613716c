import { TOPICS, validateTenantRecord } from '@casewatch/contracts';
import { BatchConsumer, BatchingPublisher, readJsonValue, type Rejected } from '@casewatch/kafka';
import { KafkaTopics } from '@casewatch/service-kit';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { EventPipelineSteps } from './event-pipeline';
import { FOLLOWER_OPTIONS, type FollowerOptions } from './follower-options';
import { TenantSettingsStore } from '@casewatch/tenant-settings';
import { unusableContent } from '../store/unusable-content';

/** Follows the compacted csc.tenants.v1 from its start: population, targets and calendars. */
@Injectable()
export class TenantsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TenantsConsumer.name);
  private readonly consumer: BatchConsumer;

  constructor(
    kafka: Kafka,
    publisher: BatchingPublisher,
    private readonly tenants: TenantSettingsStore,
    private readonly topics: KafkaTopics,
    @Inject(FOLLOWER_OPTIONS) options: FollowerOptions,
    steps: EventPipelineSteps,
  ) {
    this.consumer = new BatchConsumer(kafka, publisher, {
      // Every instance reads the whole compacted topic at each start: a group of its own each time.
      groupId: `${options.groupId}-tenants-${process.pid}-${Date.now()}`,
      topics: [TOPICS.tenants],
      fromBeginning: true,
      deadLetterTopic: TOPICS.caseEventsDlq,
      log: (level, message) => this.logger[level === 'info' ? 'log' : level](message),
      handle: async (batch, deadLetter) => {
        const rejected: Rejected[] = [];
        const stored = new Set<string>();
        for (const message of batch.messages) {
          const parsed = readJsonValue(message);
          if (!parsed.ok) {
            rejected.push({ message, reason: parsed.reason });
            continue;
          }
          const result = validateTenantRecord(parsed.value);
          if (!result.ok) {
            rejected.push({ message, reason: result.errors.map((e) => `${e.pointer}: ${e.message}`).join('; ') });
            continue;
          }
          const { tenant, updatedAt, ...settings } = result.value;
          try {
            await this.tenants.upsert(tenant, settings, new Date(updatedAt));
          } catch (err) {
            // Settings PostgreSQL refuses (e.g. a lone surrogate) are set aside; a lost connection retries.
            const reason = unusableContent(err);
            if (reason === undefined) throw err;
            rejected.push({ message, reason });
            continue;
          }
          stored.add(tenant);
        }
        await deadLetter(rejected);
        // After the settings are stored: a step reads them back. A throw retries the batch.
        for (const s of steps.tenantsStored) if (stored.size > 0) await s.tenantsStored([...stored]);
      },
    });
  }

  onApplicationBootstrap(): void {
    void this.topics.ready.then(() => this.consumer.start()).catch((err: Error) => this.logger.error(`tenants consumer did not start: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
