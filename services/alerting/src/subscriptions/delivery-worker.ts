import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../platform/tokens';
import { DeliveryStore, type AttemptOutcome, type ClaimedDelivery } from './delivery.store';
import { DeliverySender } from './delivery-sender';
import { DigestStore, type ClaimedDigest } from './digest.store';
import { backoffMs } from './subscription-match';
import type { SendResult } from './webhook-sender';

const IDLE_MS = 1000;
const BATCH = 20;

/**
 * Sends queued deliveries and due digests. A claim is a lease (the next attempt moved a minute
 * on), so several instances share the queue and a send cut short by a crash is retried after the
 * lease. Failures retry with full-jitter backoff; after the last one the delivery is `failed`.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly digests: DigestStore,
    private readonly sender: DeliverySender,
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

  /** New deliveries or digests were queued: look now rather than at the next tick. */
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
    let full = false;
    try {
      const channels = this.sender.channels;
      const lease = `${this.config.DELIVERY_LEASE_MS} milliseconds`;
      const [deliveries, digests] = await Promise.all([this.deliveries.claimDue(channels, BATCH, lease), this.digests.claimDue(channels, BATCH, lease)]);
      full = deliveries.length === BATCH || digests.length === BATCH;
      await Promise.all([...deliveries.map((d) => this.deliver(d)), ...digests.map((d) => this.deliverDigest(d))]);
    } catch (err) {
      this.logger.warn(`delivery round failed: ${(err as Error).message}`);
    }
    this.schedule(full ? 0 : IDLE_MS);
  }

  private async deliver(c: ClaimedDelivery): Promise<void> {
    const result = await this.sender.send({ to: c, alerts: [c.alert], deliveryId: `${c.subscription_id}:${c.alert_id}` });
    const outcome = this.outcome(c.attempts, result);
    await this.deliveries.record(c.subscription_id, c.alert_id, outcome);
    if (outcome.status === 'failed') this.logger.warn(`delivery of ${c.alert_id} to subscription ${c.subscription_id} failed for good: ${result.error}`);
  }

  private async deliverDigest(d: ClaimedDigest): Promise<void> {
    const { alerts, reminders } = await this.digests.contentOf(d);
    const deliveryId = `${d.subscription_id}:digest:${d.digest_date}`;
    const result = await this.sender.send({ to: d, alerts, reminders, deliveryId, digestDate: d.digest_date });
    const outcome = this.outcome(d.attempts, result);
    await this.digests.record(d, outcome);
    if (outcome.status === 'failed') this.logger.warn(`digest ${d.digest_date} to subscription ${d.subscription_id} failed for good: ${result.error}`);
  }

  private outcome(previousAttempts: number, result: SendResult): AttemptOutcome {
    const attempts = previousAttempts + 1;
    if (result.ok) return { attempts, status: 'delivered', error: null, waitMs: 0 };
    // A refused target (TargetPolicy) stays refused: no retries.
    const failed = result.refused === true || attempts >= this.config.DELIVERY_MAX_ATTEMPTS;
    const waitMs = backoffMs(attempts, this.config.DELIVERY_RETRY_BASE_MS, this.config.DELIVERY_RETRY_CAP_MS);
    return { attempts, status: failed ? 'failed' : 'pending', error: result.error ?? 'failed', waitMs };
  }
}
