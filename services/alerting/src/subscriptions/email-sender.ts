import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../platform/tokens';
import type { EmailContent } from './email-format';
import type { SendResult } from './webhook-sender';

/** Sends alert emails through the configured SMTP relay; without SMTP_HOST there is none. */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter | undefined;
  private readonly from: string;

  constructor(@Inject(ALERTING_CONFIG) config: AlertingConfig) {
    this.from = config.SMTP_FROM;
    if (!config.SMTP_HOST) return;
    const timeout = config.DELIVERY_TIMEOUT_MS;
    this.transport = createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /** Accepted by the relay is delivered; anything else is a failed attempt to retry. */
  async send(to: string, content: EmailContent, deliveryId: string): Promise<SendResult> {
    if (!this.transport) return { ok: false, error: 'SMTP is not configured (SMTP_HOST)' };
    try {
      await this.transport.sendMail({
        from: this.from,
        to,
        subject: content.subject,
        text: content.text,
        // The same id on a resend (after a crash between the relay's answer and our record) lets
        // mail systems and readers see it is a repeat.
        messageId: `<${createHash('sha256').update(deliveryId).digest('hex').slice(0, 32)}@casewatch>`,
        headers: { 'X-Casewatch-Delivery': deliveryId },
      });
      return { ok: true };
    } catch (err) {
      return { ok: false, error: smtpError(err) };
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/** The reply code, or the connection error: never the message text, which can echo addresses. */
function smtpError(err: unknown): string {
  const e = err as { responseCode?: number; code?: string; message?: string };
  if (e.responseCode) return `SMTP ${e.responseCode}`;
  return e.code ? `${e.code}: ${e.message ?? ''}`.trim() : (e.message ?? 'send failed');
}
