import type { Alert } from '@casewatch/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../platform/tokens';
import type { DeliveryTarget } from './delivery-queue';
import { alertEmail, digestEmail, type EmailAlert } from './email-format';
import { EmailSender } from './email-sender';
import { sendWebhook, type SendResult } from './webhook-sender';

/** One message to one subscription: a single alert, or a day's digest of them. */
export interface Message {
  to: DeliveryTarget;
  alerts: (Alert & { tenant?: string })[];
  /** Lets a receiver recognise a repeat: `<subscription>:<alert>` or `<subscription>:digest:<date>`. */
  deliveryId: string;
  digestDate?: string;
}

/** Sends a message on its subscription's channel. */
@Injectable()
export class DeliverySender {
  constructor(
    private readonly dataSource: DataSource,
    private readonly email: EmailSender,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  /** The channels this instance can send on: email only with an SMTP relay configured. */
  get channels(): string[] {
    return this.email.enabled ? ['webhook', 'email'] : ['webhook'];
  }

  async send(m: Message): Promise<SendResult> {
    const alerts = m.alerts.map(({ tenant: _tenant, ...alert }) => alert);
    if (m.to.channel === 'email') return this.sendEmail(m, alerts);
    const body = JSON.stringify({ version: '1', tenant: m.to.tenant, alerts });
    return sendWebhook(m.to.target, body, m.to.secret, m.deliveryId, this.config.DELIVERY_TIMEOUT_MS);
  }

  private async sendEmail(m: Message, alerts: Alert[]): Promise<SendResult> {
    const due = await this.dueDates(alerts.map((a) => a.deadlineId));
    const items: EmailAlert[] = alerts.map((a) => ({
      rule: a.rule,
      subject: a.subject,
      kind: a.kind,
      reason: a.reason,
      dueAt: due.get(a.deadlineId) ?? null,
    }));
    const base = this.config.PUBLIC_BASE_URL;
    const content = m.digestDate ? digestEmail(base, m.to.tenant, m.digestDate, items) : alertEmail(base, m.to.tenant, items[0]);
    return this.email.send(m.to.target, content, m.deliveryId);
  }

  private async dueDates(deadlineIds: string[]): Promise<Map<string, Date>> {
    const rows: { deadline_id: string; due_at: Date }[] = await this.dataSource.query(
      'SELECT deadline_id, due_at FROM deadlines WHERE deadline_id = ANY($1::text[])',
      [deadlineIds],
    );
    return new Map(rows.map((r) => [r.deadline_id, r.due_at]));
  }
}
