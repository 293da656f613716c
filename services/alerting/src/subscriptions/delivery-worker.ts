import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../platform/tokens';
import { backoffMs } from './subscription-match';
import { sendWebhook } from './webhook-sender';

const IDLE_MS = 1000;
const BATCH = 20;
const LEASE = '60 seconds';

interface Claimed {
  subscription_id: string;
  alert_id: string;
  tenant: string;
  alert: Record<string, unknown>;
  attempts: number;
  target: string;
  secret: string | null;
}

/**
 * Sends queued deliveries. A claim is a lease (the next attempt moved a minute on), so several
 * instances share the queue and a delivery cut short by a crash is retried after the lease.
 * Failures retry with full-jitter backoff; after the last one the delivery is `failed`.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** New deliveries were queued: look now rather than at the next tick. */
  wake(): void {
    if (!this.running) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain().finally(() => (this.running = undefined));
    }, ms);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    let claimed: Claimed[] = [];
    try {
      claimed = await this.claim();
      await Promise.all(claimed.map((c) => this.deliver(c)));
    } catch (err) {
      this.logger.warn(`delivery round failed: ${(err as Error).message}`);
    }
    this.schedule(claimed.length === BATCH ? 0 : IDLE_MS);
  }

  private async claim(): Promise<Claimed[]> {
    const [rows]: [Claimed[], number] = await this.dataSource.query(
      `UPDATE deliveries d SET next_attempt_at = now() + interval '${LEASE}'
       FROM subscriptions s
       WHERE s.id = d.subscription_id AND (d.subscription_id, d.alert_id) IN (
         SELECT subscription_id, alert_id FROM deliveries
         WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING d.subscription_id, d.alert_id, d.tenant, d.alert, d.attempts, s.target, s.secret`,
    );
    return rows;
  }

  private async deliver(c: Claimed): Promise<void> {
    const body = JSON.stringify({ version: '1', tenant: c.tenant, alerts: [c.alert] });
    const result = await sendWebhook(c.target, body, c.secret, `${c.subscription_id}:${c.alert_id}`, this.config.DELIVERY_TIMEOUT_MS);
    const key = [c.subscription_id, c.alert_id];
    if (result.ok) {
      await this.dataSource.query(
        `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = now(), last_error = NULL
         WHERE subscription_id = $1 AND alert_id = $2`,
        key,
      );
      return;
    }
    const attempts = c.attempts + 1;
    const failed = attempts >= this.config.DELIVERY_MAX_ATTEMPTS;
    const wait = backoffMs(attempts, this.config.DELIVERY_RETRY_BASE_MS, this.config.DELIVERY_RETRY_CAP_MS);
    await this.dataSource.query(
      `UPDATE deliveries SET attempts = $3, last_error = $4, status = $5, next_attempt_at = now() + ($6::int * interval '1 millisecond')
       WHERE subscription_id = $1 AND alert_id = $2`,
      [...key, attempts, result.error ?? 'failed', failed ? 'failed' : 'pending', wait],
    );
    if (failed) this.logger.warn(`delivery of ${c.alert_id} to subscription ${c.subscription_id} failed for good: ${result.error}`);
  }
}
