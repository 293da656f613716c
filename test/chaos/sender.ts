// A sender as a council's system would be: paced, retrying until Casewatch answers 202.
import type { CaseEvent } from '@casewatch/contracts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SendLog {
  /** `source id` of every event in a request answered 202. */
  acknowledged: Set<string>;
  /** Events of requests given up on (never answered 202): they may or may not have been applied. */
  givenUp: Set<string>;
  attempts: number;
  /** Answers other than 202, by status (or `network` when the service could not be reached). */
  failures: Record<string, number>;
  /** When each 202 came (ms since the start), to see when sending recovered after a fault. */
  acceptedAt: number[];
}

const idOf = (e: CaseEvent) => `${e.source} ${e.id}`;

/**
 * Posts `events` in batches, paced over `seconds`, each batch retried (with backoff) until it is
 * answered 202 or `giveUpMs` passed. A 4xx other than 429 is a bug here: every event is valid.
 */
export async function sendPaced(
  url: string,
  events: CaseEvent[],
  opts: { batch: number; seconds: number; giveUpMs: number; started: number },
): Promise<SendLog> {
  const log: SendLog = { acknowledged: new Set(), givenUp: new Set(), attempts: 0, failures: {}, acceptedAt: [] };
  const batches = Math.ceil(events.length / opts.batch);
  const interval = (opts.seconds * 1000) / batches;
  for (let b = 0; b < batches; b++) {
    const due = opts.started + b * interval;
    if (Date.now() < due) await sleep(due - Date.now());
    const batch = events.slice(b * opts.batch, (b + 1) * opts.batch);
    await sendOne(url, batch, opts.giveUpMs, log, opts.started);
  }
  return log;
}

async function sendOne(url: string, batch: CaseEvent[], giveUpMs: number, log: SendLog, started: number): Promise<void> {
  const body = JSON.stringify(batch);
  const deadline = Date.now() + giveUpMs;
  for (let wait = 200; ; wait = Math.min(wait * 2, 2000)) {
    log.attempts++;
    let status: string;
    try {
      const res = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev-admin', 'content-type': 'application/cloudevents-batch+json' },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      if (res.status === 202) {
        for (const e of batch) log.acknowledged.add(idOf(e));
        log.acceptedAt.push(Date.now() - started);
        return;
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new Error(`a valid batch was refused with ${res.status}`);
      status = String(res.status);
    } catch (err) {
      if ((err as Error).message.startsWith('a valid batch')) throw err;
      status = 'network';
    }
    log.failures[status] = (log.failures[status] ?? 0) + 1;
    if (Date.now() > deadline) {
      for (const e of batch) log.givenUp.add(idOf(e));
      return;
    }
    await sleep(wait);
  }
}
