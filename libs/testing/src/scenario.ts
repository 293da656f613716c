import { Kafka, logLevel, type Producer } from 'kafkajs';
import { waitFor } from './test-env';

const CASE_EVENTS = 'csc.case-events.v1';
const TENANTS = 'csc.tenants.v1';

export interface ScenarioEvent {
  id: string;
  subject: string;
  [field: string]: unknown;
}

/**
 * Hand-written events for one tenant, published straight to Kafka as the ingestion service
 * would (key tenant:subject). Each scenario has its own tenant and source, so tests stay apart.
 */
export class Scenario {
  private readonly kafka = new Kafka({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId: 'casewatch-scenario',
    logLevel: logLevel.ERROR,
  });
  private producer: Producer | undefined;
  private n = 0;

  constructor(readonly tenant: string) {}

  event(subject: string, type: string, time: string, data: Record<string, unknown>, recordedtime?: string): ScenarioEvent {
    return {
      specversion: '1.0',
      id: `e${++this.n}`,
      source: `urn:la:999:${this.tenant}`,
      type,
      time,
      subject,
      tenant: this.tenant,
      recordedtime: recordedtime ?? (time.length === 10 ? `${time}T12:00:00Z` : time),
      data,
    };
  }

  async publishTenant(settings: Record<string, unknown>): Promise<void> {
    await this.send(TENANTS, [{ key: this.tenant, value: JSON.stringify({ tenant: this.tenant, updatedAt: '2026-11-01T00:00:00Z', ...settings }) }]);
  }

  async publishEvents(events: ScenarioEvent[]): Promise<void> {
    await this.send(
      CASE_EVENTS,
      events.map((e) => ({ key: `${this.tenant}:${e.subject}`, value: JSON.stringify(e) })),
    );
  }

  /** Publishes the settings and the events, then waits until `applied` says they are all in. */
  async publish(settings: Record<string, unknown>, events: ScenarioEvent[], applied: () => Promise<boolean>): Promise<void> {
    await this.publishTenant(settings);
    await this.publishEvents(events);
    await waitFor(async () => ((await applied()) ? true : undefined), { what: `scenario of ${this.tenant} applied`, timeoutMs: 30_000 });
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }

  private async send(topic: string, messages: { key: string; value: string }[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages });
  }
}
