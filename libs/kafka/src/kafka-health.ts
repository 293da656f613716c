import type { Admin, Kafka } from 'kafkajs';

/** A cheap round trip to the cluster, bounded by a timeout; used by readiness checks. */
export class KafkaProbe {
  private admin: Admin | undefined;

  constructor(private readonly kafka: Kafka) {}

  async check(timeoutMs: number): Promise<{ brokers: number }> {
    const run = async () => {
      if (!this.admin) {
        const admin = this.kafka.admin();
        await admin.connect();
        this.admin = admin;
      }
      const cluster = await this.admin.describeCluster();
      return { brokers: cluster.brokers.length };
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      await this.dropAdmin();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.dropAdmin();
  }

  private async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
