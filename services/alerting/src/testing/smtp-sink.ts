import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string;
  deliveryId: string;
}

/**
 * A real SMTP server on loopback (port 0) that keeps what it accepts. It answers 451 to the first
 * `refuseFirst[address]` messages for an address, as a relay that is busy for a while does;
 * `attempts` counts every message per address, accepted or not.
 */
export async function startSmtpSink(refuseFirst: Record<string, number> = {}) {
  const mails: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const to = (session.envelope.rcptTo ?? []).map((r) => r.address);
          const n = (attempts.get(to[0]) ?? 0) + 1;
          attempts.set(to[0], n);
          if (n <= (refuseFirst[to[0]] ?? 0)) {
            callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
            return;
          }
          mails.push({
            to,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            messageId: mail.messageId ?? '',
            deliveryId: String(mail.headers.get('x-casewatch-delivery') ?? ''),
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    mails,
    attempts,
    /** What one address received. */
    to: (address: string) => mails.filter((m) => m.to.includes(address)),
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
