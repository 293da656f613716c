import { TOPICS, caseEventKey } from '@casewatch/contracts';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** Hand-written events for one tenant, published straight to Kafka as the ingestion service would. */
export class Scenario {
  private readonly producer = new BatchingPublisher(createKafkaClient({ brokers: BROKERS, clientId: 'metrics-scenario' }));
  private n = 0;

  constructor(readonly tenant: string) {}

  event(subject: string, type: string, time: string, data: Record<string, unknown>, recordedtime = `${time.slice(0, 10)}T12:00:00Z`) {
    return { specversion: '1.0', id: `e${++this.n}`, source: `urn:la:999:${this.tenant}`, type, time, subject, tenant: this.tenant, recordedtime, data };
  }

  /** Publishes the tenant's settings and the events, and waits until the metrics app applied them all. */
  async publish(app: NestFastifyApplication, settings: Record<string, unknown>, events: { subject: string }[]): Promise<void> {
    const tenant = this.tenant;
    await this.producer.publish(TOPICS.tenants, [
      { key: tenant, value: JSON.stringify({ tenant, updatedAt: '2026-11-01T00:00:00Z', ...settings }) },
    ]);
    await this.producer.publish(TOPICS.caseEvents, events.map((e) => ({ key: caseEventKey(tenant, e.subject), value: JSON.stringify(e) })));
    const ds = app.get(DataSource);
    await waitFor(async () => {
      const [{ c }] = await ds.query('SELECT count(*)::int AS c FROM case_events WHERE tenant = $1', [tenant]);
      const [{ t }] = await ds.query('SELECT count(*)::int AS t FROM tenant_settings WHERE tenant = $1', [tenant]);
      return c === events.length && t === 1 ? true : undefined;
    }, { what: `scenario of ${tenant} applied`, timeoutMs: 30_000 });
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}
