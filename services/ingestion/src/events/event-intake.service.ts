import { caseEventKey, createEventValidator, TOPICS, type CaseEvent } from '@casewatch/contracts';
import { mayActFor, type Principal } from '@casewatch/auth';
import { BatchingPublisher, MessageTooLargeError, PublishError, type OutgoingMessage } from '@casewatch/kafka';
import { ProblemException, type ProblemFieldError } from '@casewatch/service-kit';
import { HttpStatus, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { TenantDirectory } from '../tenants/tenant-directory';
import { contentHash } from './content-hash';
import { IngestionMetrics } from './ingestion-metrics';
import { receiptKey, ReceiptStore, type ReceiptCheck, type ReceiptKey } from './receipts.store';

/** An event ready to publish: its receipt key, its content hash and its Kafka message. */
export interface PreparedEvent {
  receipt: ReceiptKey;
  /** What the event says (content-hash.ts): a repeat of its id must say the same. */
  contentHash: string;
  key: string;
  value: string;
}

export interface PublishOptions {
  /** Count what would be new; publish and record nothing. */
  dryRun?: boolean;
  /**
   * An id received before with other content: `refuse` answers 409 and publishes nothing of the
   * request (POST /v1/events); `keep-first` counts it as a duplicate, the first version standing.
   */
  changed?: 'refuse' | 'keep-first';
}

export interface PublishCounts {
  accepted: number;
  duplicates: number;
  /** Of the duplicates, those with other content than the version that stands (`keep-first`). */
  changed: number;
}

// One object for every message: kafkajs only reads it.
const CLOUDEVENT_HEADERS: Record<string, string> = { 'content-type': 'application/cloudevents+json' };

export interface IntakeResult {
  accepted: number;
  duplicates: number;
  ids: string[];
}

// How long a stopping service waits for late acknowledgements to be recorded.
const LATE_WAIT_ON_STOP_MS = 5000;

/**
 * All or nothing: every event is validated and every tenant checked before anything is
 * published; the answer is given only after Kafka acknowledged every new event. A 503 either
 * published nothing and kept no receipt, or (Kafka's answer unknown) kept the receipts as
 * unconfirmed, so that the retry is checked against them and publishes them again.
 */
@Injectable()
export class EventIntakeService implements OnModuleDestroy {
  private readonly logger = new Logger(EventIntakeService.name);
  private readonly validate = createEventValidator();
  private readonly lateAcknowledgements = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly receipts: ReceiptStore,
    private readonly publisher: BatchingPublisher,
    private readonly tenants: TenantDirectory,
    private readonly metrics: IngestionMetrics,
  ) {}

  async intake(items: unknown[], principal: Principal): Promise<IntakeResult> {
    const { events, errors } = this.check(items);
    if (errors.length > 0) {
      const bad = new Set(errors.map((e) => e.index)).size;
      this.metrics.rejected.inc(items.length);
      throw new ProblemException(HttpStatus.BAD_REQUEST, `${bad} of ${items.length} events are invalid; nothing was accepted`, errors.slice(0, 1000));
    }
    await this.checkTenants(events, principal);
    const { accepted, duplicates } = await this.publish(events, { changed: 'refuse' });
    return { accepted, duplicates, ids: events.map((e) => e.id) };
  }

  /** Late acknowledgements still expected are recorded if they come soon; after that the database is closing. */
  async onModuleDestroy(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, LATE_WAIT_ON_STOP_MS)));
    await Promise.race([Promise.all(this.lateAcknowledgements), giveUp]);
    clearTimeout(timer);
    this.stopping = true;
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
  async publish(events: readonly CaseEvent[], options: PublishOptions = {}): Promise<PublishCounts> {
    const now = new Date().toISOString();
    return this.publishPrepared(
      events.map((e) => this.prepare(e, now)),
      options,
    );
  }

  /**
   * A valid event as it is published: its receipt key, its content hash and its message, stamped
   * `recordedtime`. An import prepares each event as soon as it is checked, so only these strings wait for Kafka.
   */
  prepare(event: CaseEvent, now: string): PreparedEvent {
    const stamped = event.recordedtime ? event : { ...event, recordedtime: now };
    return {
      receipt: { tenant: event.tenant, source: event.source, id: event.id },
      contentHash: contentHash(event),
      key: caseEventKey(event.tenant, event.subject),
      value: JSON.stringify(stamped),
    };
  }

  async publishPrepared(events: readonly PreparedEvent[], options: PublishOptions = {}): Promise<PublishCounts> {
    const unique: PreparedEvent[] = [];
    const firstIndex = new Map<string, number>();
    const changedInRequest: number[] = [];
    events.forEach((e, index) => {
      const key = receiptKey(e.receipt.tenant, e.receipt.source, e.receipt.id);
      const first = firstIndex.get(key);
      if (first === undefined) {
        firstIndex.set(key, index);
        unique.push(e);
      } else if (events[first].contentHash !== e.contentHash) changedInRequest.push(index);
      // else: the same event twice in one request counts once
    });
    const refuse = options.changed === 'refuse';
    if (options.dryRun) {
      const accepted = await this.receipts.countUnknown(unique.map((e) => e.receipt));
      return { accepted, duplicates: events.length - accepted, changed: changedInRequest.length };
    }
    if (refuse && changedInRequest.length > 0) throw this.changedProblem(events, changedInRequest);

    const { accepted, changed } = await this.publishNew(unique, {
      vet: (check) => {
        if (!refuse || check.changed.size === 0) return;
        const indexes = [...check.changed].map((key) => firstIndex.get(key) as number);
        throw this.changedProblem(events, indexes);
      },
      indexOf: (key) => firstIndex.get(key) as number,
    });
    this.metrics.accepted.inc(accepted);
    this.metrics.duplicates.inc(events.length - accepted);
    return { accepted, duplicates: events.length - accepted, changed: changed + changedInRequest.length };
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

  /**
   * Publishes the events without a receipt, and those whose earlier publish had an unknown outcome,
   * in the receipts' transaction. `vet` may refuse the request (it throws) once the receipts are read;
   * `indexOf` gives an event's place in the request.
   */
  private async publishNew(
    unique: PreparedEvent[],
    { vet, indexOf }: { vet: (check: ReceiptCheck) => void; indexOf: (key: string) => number },
  ): Promise<{ accepted: number; changed: number }> {
    const keyOf = (e: PreparedEvent) => receiptKey(e.receipt.tenant, e.receipt.source, e.receipt.id);
    let unknownOutcome: { error: PublishError; keys: ReceiptKey[] } | undefined;
    let result: { accepted: number; changed: number };
    try {
      result = await this.receipts.withReceipts(
        unique.map((e) => ({ ...e.receipt, hash: e.contentHash })),
        async (check, tx) => {
          vet(check);
          const toSend = unique.filter((e) => check.fresh.has(keyOf(e)) || check.unconfirmed.has(keyOf(e)));
          const messages: OutgoingMessage[] = toSend.map((e) => ({ key: e.key, value: e.value, headers: CLOUDEVENT_HEADERS }));
          const end = this.metrics.publishSeconds.startTimer();
          try {
            await this.publisher.publish(TOPICS.caseEvents, messages);
          } catch (err) {
            if (err instanceof MessageTooLargeError) throw tooLargeProblem(err, indexOf(keyOf(toSend[err.index])));
            if (!(err instanceof PublishError && err.mayBePublished)) throw err;
            // Kafka may have some of them: keep the receipts (committed below) so the retry is checked against them.
            await tx.markUnconfirmed(toSend.filter((e) => check.fresh.has(keyOf(e))).map((e) => e.receipt));
            unknownOutcome = { error: err, keys: toSend.map((e) => e.receipt) };
            return { accepted: 0, changed: 0 };
          }
          end();
          if (check.unconfirmed.size > 0) await tx.confirm(toSend.filter((e) => check.unconfirmed.has(keyOf(e))).map((e) => e.receipt));
          return { accepted: messages.length, changed: check.changed.size };
        },
      );
    } catch (err) {
      if (err instanceof ProblemException) throw err;
      this.logger.warn(`events not accepted: ${(err as Error).message}`);
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'the events could not be stored just now; nothing was accepted, send them again');
    }
    if (unknownOutcome) {
      this.logger.warn(`Kafka's answer unknown for ${unknownOutcome.keys.length} events, receipts kept as unconfirmed: ${unknownOutcome.error.message}`);
      this.recordLateAcknowledgement(unknownOutcome.error, unknownOutcome.keys);
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'Kafka did not confirm the events in time and some may be stored; send them again with the same ids, and each is kept once',
      );
    }
    return result;
  }

  /** If Kafka acknowledges after the 503 after all, the receipts are confirmed and the retry is a plain duplicate. */
  private recordLateAcknowledgement(error: PublishError, keys: ReceiptKey[]): void {
    if (!error.lateOutcome) return;
    const recording: Promise<void> = error.lateOutcome
      .then(async (acknowledged) => {
        if (acknowledged && !this.stopping) await this.receipts.confirm(keys);
      })
      .catch((err: Error) => {
        if (!this.stopping) this.logger.warn(`a late acknowledgement could not be recorded (the retry publishes again): ${err.message}`);
      })
      .finally(() => this.lateAcknowledgements.delete(recording));
    this.lateAcknowledgements.add(recording);
  }

  private changedProblem(events: readonly PreparedEvent[], indexes: number[]): ProblemException {
    this.metrics.rejected.inc(events.length);
    const errors: ProblemFieldError[] = [...indexes]
      .sort((a, b) => a - b)
      .map((index) => ({
        index,
        pointer: '/id',
        message: `event ${events[index].receipt.id} of ${events[index].receipt.source} was received before with other content; the first version stands (send a change as a new event with supersedes)`,
      }));
    return new ProblemException(
      HttpStatus.CONFLICT,
      `${errors.length === 1 ? 'an event repeats' : `${errors.length} events repeat`} an id received before with other content; nothing was accepted`,
      errors.slice(0, 1000),
    );
  }
}

function tooLargeProblem(err: MessageTooLargeError, index: number): ProblemException {
  return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, 'an event is larger than Kafka takes; nothing was accepted', [
    { index, pointer: '', message: `the event takes about ${err.bytes} bytes as a Kafka record; at most ${err.limit} fit` },
  ]);
}
