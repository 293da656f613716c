import { caseEventKey, createEventValidator, TOPICS, type CaseEvent } from '@casewatch/contracts';
import { mayActFor, type Principal } from '@casewatch/auth';
import { BatchingPublisher, type OutgoingMessage } from '@casewatch/kafka';
import { ProblemException, type ProblemFieldError } from '@casewatch/service-kit';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { TenantDirectory } from '../tenants/tenant-directory';
import { IngestionMetrics } from './ingestion-metrics';
import { receiptKey, ReceiptsRepository, type ReceiptKey } from './receipts.repository';

/** An event ready to publish: its receipt key and its Kafka message. */
export interface PreparedEvent {
  receipt: ReceiptKey;
  key: string;
  value: string;
}

// One object for every message: kafkajs only reads it.
const CLOUDEVENT_HEADERS: Record<string, string> = { 'content-type': 'application/cloudevents+json' };

export interface IntakeResult {
  accepted: number;
  duplicates: number;
  ids: string[];
}

/**
 * All or nothing: every event is validated and every tenant checked before anything is
 * published; the answer is given only after Kafka acknowledged every new event.
 */
@Injectable()
export class EventIntakeService {
  private readonly logger = new Logger(EventIntakeService.name);
  private readonly validate = createEventValidator();

  constructor(
    private readonly receipts: ReceiptsRepository,
    private readonly publisher: BatchingPublisher,
    private readonly tenants: TenantDirectory,
    private readonly metrics: IngestionMetrics,
  ) {}

  async intake(items: unknown[], principal: Principal): Promise<IntakeResult> {
    const { events, errors } = this.check(items);
    if (errors.length > 0) {
      const bad = new Set(errors.map((e) => e.index)).size;
      this.metrics.rejected.inc(items.length);
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        `${bad} of ${items.length} events are invalid; nothing was accepted`,
        errors.slice(0, 1000),
      );
    }
    await this.checkTenants(events, principal);
    const { accepted, duplicates } = await this.publish(events);
    return { accepted, duplicates, ids: events.map((e) => e.id) };
  }

  /** The schema and the edge's rules for each candidate; errors carry the candidate's index. */
  check(items: readonly unknown[], now = new Date()): { events: CaseEvent[]; errors: ProblemFieldError[] } {
    const events: CaseEvent[] = [];
    const errors: ProblemFieldError[] = [];
    items.forEach((item, index) => {
      const result = this.validate(item, now);
      if (result.ok) events.push(result.event);
      else for (const e of result.errors) errors.push({ index, pointer: e.pointer, message: e.message });
    });
    return { events, errors };
  }

  /**
   * Valid events of tenants already checked, all or nothing: those not seen before are published
   * and only then recorded; `dryRun` counts what would be new and publishes nothing.
   */
  async publish(events: readonly CaseEvent[], options: { dryRun?: boolean } = {}): Promise<{ accepted: number; duplicates: number }> {
    const now = new Date().toISOString();
    return this.publishPrepared(events.map((e) => this.prepare(e, now)), options);
  }

  /**
   * A valid event as it is published: its receipt key and its message, stamped `recordedtime`.
   * An import prepares each event as soon as it is checked, so only these strings wait for Kafka.
   */
  prepare(event: CaseEvent, now: string): PreparedEvent {
    const stamped = event.recordedtime ? event : { ...event, recordedtime: now };
    return {
      receipt: { tenant: event.tenant, source: event.source, id: event.id },
      key: caseEventKey(event.tenant, event.subject),
      value: JSON.stringify(stamped),
    };
  }

  async publishPrepared(events: readonly PreparedEvent[], options: { dryRun?: boolean } = {}): Promise<{ accepted: number; duplicates: number }> {
    const keys: ReceiptKey[] = [];
    const firstOfKey = new Map<string, PreparedEvent>();
    for (const e of events) {
      const key = receiptKey(e.receipt.tenant, e.receipt.source, e.receipt.id);
      if (firstOfKey.has(key)) continue; // the same event twice in one request counts once
      firstOfKey.set(key, e);
      keys.push(e.receipt);
    }
    const accepted = options.dryRun ? await this.receipts.countUnknown(keys) : await this.publishFresh(keys, firstOfKey);
    const duplicates = events.length - accepted;
    if (!options.dryRun) {
      this.metrics.accepted.inc(accepted);
      this.metrics.duplicates.inc(duplicates);
    }
    return { accepted, duplicates };
  }

  private async checkTenants(events: CaseEvent[], principal: Principal): Promise<void> {
    const forbidden: ProblemFieldError[] = [];
    const unknown: ProblemFieldError[] = [];
    const known = new Map<string, boolean>();
    for (let index = 0; index < events.length; index++) {
      const tenant = events[index].tenant;
      if (!mayActFor(principal, tenant)) {
        forbidden.push({ index, pointer: '/tenant', message: `not allowed to send events for tenant ${tenant}` });
        continue;
      }
      if (!known.has(tenant)) known.set(tenant, await this.tenants.exists(tenant));
      if (!known.get(tenant)) unknown.push({ index, pointer: '/tenant', message: `unknown tenant ${tenant}` });
    }
    if (forbidden.length > 0) {
      this.metrics.rejected.inc(events.length);
      throw new ProblemException(HttpStatus.FORBIDDEN, 'some events are for tenants this caller may not write to', forbidden.slice(0, 1000));
    }
    if (unknown.length > 0) {
      this.metrics.rejected.inc(events.length);
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'some events are for tenants that are not configured', unknown.slice(0, 1000));
    }
  }

  private async publishFresh(keys: ReceiptKey[], byKey: Map<string, PreparedEvent>): Promise<number> {
    try {
      return await this.receipts.withReceipts(keys, async (fresh) => {
        const messages: OutgoingMessage[] = [];
        for (const key of fresh) {
          const event = byKey.get(key) as PreparedEvent;
          messages.push({ key: event.key, value: event.value, headers: CLOUDEVENT_HEADERS });
        }
        const end = this.metrics.publishSeconds.startTimer();
        await this.publisher.publish(TOPICS.caseEvents, messages);
        end();
        return messages.length;
      });
    } catch (err) {
      this.logger.warn(`events not accepted: ${(err as Error).message}`);
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'the events could not be stored just now; nothing was accepted, send them again',
      );
    }
  }
}
