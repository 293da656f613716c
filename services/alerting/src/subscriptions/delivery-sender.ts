import type { Alert } from '@casewatch/contracts';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { AlertingConfig } from '../config';
import { DeadlineStore } from '../deadlines/deadline.store';
import { ALERTING_CONFIG } from '../platform/tokens';
import type { DeliveryTarget } from './delivery.store';
import { alertEmail, digestEmail, type EmailAlert } from './email-format';
import { EmailSender } from './email-sender';
import { SecretBox, webhookSecretKey } from './secret-box';
import { targetPolicy } from './target-policy';
import { WebhookSender, type SendResult } from './webhook-sender';
import { webhookHeaders } from './webhook-signing';
import { loggableTarget } from './webhook-target';

/** One message to one subscription: a single alert, or a day's digest of them. */
export interface Message {
  to: DeliveryTarget;
  alerts: (Alert & { tenant?: string })[];
  /**
   * A digest's reminders: overdue alerts sent in an earlier digest, still firing and not
   * acknowledged when it was assembled. A webhook gets them after the new ones in the same
   * `alerts` array; an email says they are still overdue.
   */
  reminders?: (Alert & { tenant?: string })[];
  /** Lets a receiver recognise a repeat: `<subscription>:<alert>` or `<subscription>:digest:<date>`. */
  deliveryId: string;
  digestDate?: string;
}

/** Sends a message on its subscription's channel. */
@Injectable()
export class DeliverySender implements OnApplicationShutdown {
  private readonly logger = new Logger(DeliverySender.name);
  private readonly webhooks: WebhookSender;
  private readonly secrets: SecretBox;

  constructor(
    private readonly deadlines: DeadlineStore,
    private readonly email: EmailSender,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {
    this.webhooks = new WebhookSender(targetPolicy(config), config.DELIVERY_TIMEOUT_MS);
    this.secrets = new SecretBox(webhookSecretKey(config));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.webhooks.close();
  }

  /** The channels this instance can send on: email only with an SMTP relay configured. */
  get channels(): string[] {
    return this.email.enabled ? ['webhook', 'email'] : ['webhook'];
  }

  async send(m: Message): Promise<SendResult> {
    const strip = (list: Message['alerts']): Alert[] => list.map(({ tenant: _tenant, ...alert }) => alert);
    const alerts = strip(m.alerts);
    const reminders = strip(m.reminders ?? []);
    if (m.to.channel === 'email') return this.sendEmail(m, alerts, reminders);
    const body = JSON.stringify({ version: '1', tenant: m.to.tenant, alerts: [...alerts, ...reminders] });
    return this.sendWebhook(m, body);
  }

  private async sendWebhook(m: Message, body: string): Promise<SendResult> {
    let secret: string | null = null;
    try {
      if (m.to.secret_sealed) secret = this.secrets.open(m.to.secret_sealed, m.to.subscription_id);
    } catch {
      // Never sent unsigned: the attempt fails until the key that sealed it is back.
      return { ok: false, error: 'the secret does not open with WEBHOOK_SECRET_KEY' };
    }
    const result = await this.webhooks.send(m.to.target, body, webhookHeaders(body, m.deliveryId, secret));
    if (result.refused) this.logger.warn(`webhook of subscription ${m.to.subscription_id} to ${loggableTarget(m.to.target)} not sent: ${result.error}`);
    return result;
  }

  private async sendEmail(m: Message, alerts: Alert[], reminders: Alert[]): Promise<SendResult> {
    const due = await this.deadlines.dueDates([...alerts, ...reminders].map((a) => a.deadlineId));
    const item = (a: Alert): EmailAlert => ({
      rule: a.rule,
      subject: a.subject,
      kind: a.kind,
      reason: a.reason,
      dueAt: due.get(a.deadlineId) ?? null,
    });
    const base = this.config.PUBLIC_BASE_URL;
    const content = m.digestDate
      ? digestEmail(base, m.to.tenant, m.digestDate, alerts.map(item), reminders.map(item))
      : alertEmail(base, m.to.tenant, item(alerts[0]));
    return this.email.send(m.to.target, content, m.deliveryId);
  }
}
