/**
 * Generates realistic case histories (@casewatch/event-generator) as NDJSON, or posts them to the
 * ingestion API; `--trickle N` then keeps posting about N current events a second until Ctrl-C.
 *
 *   node dist/test/tools/generate-events.js --tenant demo --children 200 --from 2025-04-01 --to 2026-11-22 --seed 1 --out -
 *   node dist/test/tools/generate-events.js --tenant demo --children 200 --from 2025-04-01 --seed 1 --post http://127.0.0.1:3001
 *   node dist/test/tools/generate-events.js --tenant demo --children 200 --from 2025-04-01 --seed 1 --post http://127.0.0.1:3001 --trickle 20
 *   node dist/test/tools/generate-events.js --tenant demo --profile council --out /dev/null --census
 *
 * Node built-ins only. Progress goes to stderr; exit 1 on a refused request (its problem body is
 * printed) or an unreachable server, 2 on bad arguments.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import type { CaseEvent } from '@casewatch/contracts';
import {
  CensusCounter,
  PROFILES,
  SCALES,
  childrenForScale,
  generateHistory,
  profileOptions,
  type GenerateOptions,
  type ProfileName,
  type Scale,
} from '@casewatch/event-generator';

const USAGE = `usage: generate-events [options] (--out <file|-> | --post <url>)
  --tenant <id>            tenant (default demo)
  --seed <n>               seed (default 1): same arguments, same events
  --children <n>           children arriving between --from and --to (default 200)
  --scale <name>           instead of --children: ${Object.keys(SCALES).join(' | ')} (children a year)
  --profile <name>         a tenant shape: ${Object.keys(PROFILES).join(' | ')} (size, teams, warm-up, window, population);
                           the other options still override it
  --from <YYYY-MM-DD>      first day (default a year before --to; with --profile, its window)
  --to <YYYY-MM-DD>        last day (default today); nothing after now is produced
  --source <uri>           CloudEvents source (default urn:casewatch:generator:<tenant>)
  --teams <n>  --workers-per-team <n>
  --late <0..1>  --corrections <0..1>  --retractions <0..1>   shares (defaults 0.08, 0.01, 0.003)
  --warm-up <years>        thin prehistory before --from so counts start settled (default 0)
  --census                 print the counts at the end (looked after, CP, CIN, referrals a month, teams)
  --out <file|->           write NDJSON (- = stdout)
  --post <url>             POST to <url>/v1/events in batches (Authorization: Bearer $CASEWATCH_TOKEN, default dev-admin)
  --batch <n>              events per request (default 1000)
  --create-tenant          PUT /v1/tenants/<tenant> first (--population <n> children aged 0-17, default derived)
  --trickle <n>            then keep sending about n events a second, dated now, until Ctrl-C (or --for <seconds>)
  --skip-history           with --trickle: do not (re)send the history first (it is idempotent anyway)
  --help`;

// A larger young generation: generation keeps every open case in memory and otherwise spends
// about a third of its time in scavenges at large-LA scale (measured ~90k → ~135k events/s).
setFlagsFromString('--max-semi-space-size=64');

class UsageError extends Error {}
class RequestError extends Error {}

interface Sink {
  send(events: CaseEvent[]): Promise<{ accepted: number; duplicates: number }>;
  close(): Promise<void>;
}

class NdjsonSink implements Sink {
  private readonly stream: Writable;

  constructor(path: string) {
    this.stream = path === '-' ? process.stdout : createWriteStream(path);
    // `… --out - | head`: the reader went away; that is the end, not an error.
    this.stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      process.stderr.write(`cannot write ${path}: ${err.message}\n`);
      process.exit(1);
    });
  }

  async send(events: CaseEvent[]): Promise<{ accepted: number; duplicates: number }> {
    let text = '';
    for (const event of events) text += `${JSON.stringify(event)}\n`;
    if (!this.stream.write(text)) await new Promise((resolve) => this.stream.once('drain', resolve));
    return { accepted: events.length, duplicates: 0 };
  }

  close(): Promise<void> {
    if (this.stream === process.stdout) return Promise.resolve();
    const file = this.stream;
    return new Promise((resolve, reject) => {
      file.once('error', reject);
      file.end(() => resolve());
    });
  }
}

class PostSink implements Sink {
  readonly eventsUrl: string;
  private readonly headers: Record<string, string>;

  constructor(readonly base: string) {
    const url = new URL(base);
    this.eventsUrl = url.pathname === '/' || url.pathname === '' ? new URL('/v1/events', url).href : url.href;
    this.headers = { authorization: `Bearer ${process.env.CASEWATCH_TOKEN || 'dev-admin'}` };
  }

  async createTenant(tenant: string, population: number): Promise<void> {
    const url = new URL(`/v1/tenants/${tenant}`, this.eventsUrl).href;
    const body = JSON.stringify({ name: tenant, nation: 'england', population0to17: population });
    const res = await this.request(url, 'PUT', body, 'application/json');
    process.stderr.write(`tenant ${tenant}: ${res.status === 201 ? 'created' : 'updated'} (population0to17 ${population})\n`);
  }

  async send(events: CaseEvent[]): Promise<{ accepted: number; duplicates: number }> {
    const res = await this.request(this.eventsUrl, 'POST', JSON.stringify(events), 'application/cloudevents-batch+json');
    const answer = (await res.json()) as { accepted?: number; duplicates?: number };
    return { accepted: answer.accepted ?? events.length, duplicates: answer.duplicates ?? 0 };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  // 4xx: our mistake, never retried. 5xx and network errors: a few retries, then give up.
  private async request(url: string, method: string, body: string, contentType: string): Promise<Response> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= 4; attempt++) {
      try {
        const res = await fetch(url, { method, body, headers: { ...this.headers, 'content-type': contentType } });
        if (res.ok) return res;
        let text = await res.text();
        if (text.length > 4000) text = `${text.slice(0, 4000)}… (${text.length - 4000} more characters)`;
        if (res.status < 500) throw new RequestError(`${method} ${url} → ${res.status}\n${text}`);
        lastProblem = `${method} ${url} → ${res.status}\n${text}`;
      } catch (err) {
        if (err instanceof RequestError) throw err;
        lastProblem = `${method} ${url} failed: ${(err as Error).cause ?? (err as Error).message}`;
      }
      if (attempt < 4) await sleep(500 * 2 ** attempt);
    }
    throw new RequestError(lastProblem);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const rate = (n: number, ms: number): string => Math.round((n * 1000) / Math.max(ms, 1)).toLocaleString('en-GB');
const today = (): string => new Date().toISOString().slice(0, 10);

function number(value: string | undefined, name: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${value}`);
  return n;
}

function parse() {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', default: 'demo' },
      seed: { type: 'string', default: '1' },
      children: { type: 'string' },
      scale: { type: 'string' },
      profile: { type: 'string' },
      'warm-up': { type: 'string' },
      census: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      source: { type: 'string' },
      teams: { type: 'string' },
      'workers-per-team': { type: 'string' },
      late: { type: 'string' },
      corrections: { type: 'string' },
      retractions: { type: 'string' },
      out: { type: 'string' },
      post: { type: 'string' },
      batch: { type: 'string', default: '1000' },
      'create-tenant': { type: 'boolean', default: false },
      population: { type: 'string' },
      trickle: { type: 'string' },
      for: { type: 'string' },
      'skip-history': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if ((values.out === undefined) === (values.post === undefined)) throw new UsageError('give exactly one of --out or --post');
  const to = values.to ?? today();
  if (values.children !== undefined && values.scale !== undefined) throw new UsageError('give --children or --scale, not both');
  if (values.scale !== undefined && !(values.scale in SCALES)) throw new UsageError(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  if (values.profile !== undefined && !(values.profile in PROFILES)) throw new UsageError(`--profile must be one of ${Object.keys(PROFILES).join(', ')}`);
  const profile = values.profile as ProfileName | undefined;
  const seed = number(values.seed, 'seed') as number;
  // With a profile, its window applies unless --from is given; otherwise a year.
  const from =
    values.from ??
    (profile ? profileOptions(profile, { tenant: values.tenant, seed, to }).from : new Date(Date.parse(to) - 364 * 86_400_000).toISOString().slice(0, 10));
  let children = number(values.children, 'children', profile ? undefined : 200);
  if (values.scale !== undefined) children = childrenForScale(values.scale as Scale, from, to);
  const explicit: Partial<GenerateOptions> = {
    children,
    source: values.source,
    teams: number(values.teams, 'teams'),
    workersPerTeam: number(values['workers-per-team'], 'workers-per-team'),
    lateFraction: number(values.late, 'late'),
    correctionFraction: number(values.corrections, 'corrections'),
    retractionFraction: number(values.retractions, 'retractions'),
    warmUpYears: number(values['warm-up'], 'warm-up'),
  };
  const generate: GenerateOptions = profile
    ? profileOptions(profile, { tenant: values.tenant, seed, to, from }, explicit)
    : { ...explicit, tenant: values.tenant, seed, children: children as number, from, to };
  const trickle = number(values.trickle, 'trickle');
  if (trickle !== undefined && !(trickle > 0)) throw new UsageError('--trickle must be a positive number of events a second');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  // ~0.68 referrals per child, ~527 referrals a year per 10,000 children aged 0-17 (England).
  const derived = profile ? PROFILES[profile].population0to17 : Math.max(1000, Math.round(((generate.children * 365.25) / days) * 12.9));
  const population = number(values.population, 'population', derived);
  return {
    generate,
    out: values.out,
    post: values.post,
    batch: number(values.batch, 'batch') as number,
    createTenant: values['create-tenant'],
    population: population as number,
    trickle,
    trickleSeconds: number(values.for, 'for'),
    skipHistory: values['skip-history'],
    census: values.census,
  };
}

async function sendHistory(sink: Sink, generate: GenerateOptions, horizon: Date, batchSize: number, counted: boolean, withCensus: boolean): Promise<void> {
  // A counting pass (generation is cheap next to HTTP) so progress can say "of how many".
  let total: number | undefined;
  if (counted) {
    const counting = generateHistory({ ...generate, horizon });
    while (!counting.next().done);
    total = counting.count;
  }
  const started = Date.now();
  let sent = 0;
  let duplicates = 0;
  let lastReport = started;
  let batch: CaseEvent[] = [];
  const counter = withCensus ? new CensusCounter(horizon.toISOString()) : undefined;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const answer = await sink.send(batch);
    sent += batch.length;
    duplicates += answer.duplicates;
    batch = [];
    if (Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      process.stderr.write(`${counted ? 'posted' : 'wrote'} ${sent}${total === undefined ? '' : `/${total}`} events (${rate(sent, lastReport - started)}/s)\n`);
    }
  };
  for (const event of generateHistory({ ...generate, horizon })) {
    counter?.add(event);
    batch.push(event);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  const ms = Date.now() - started;
  const dup = duplicates > 0 ? `, ${duplicates} already known` : '';
  process.stderr.write(
    `${counted ? 'posted' : 'wrote'} ${sent}${total === undefined ? '' : `/${total}`} events in ${(ms / 1000).toFixed(1)} s (${rate(sent, ms)}/s${dup})\n`,
  );
  if (counter) {
    const c = counter.result();
    const perMonth = c.referralsPerMonth;
    process.stderr.write(
      `census at ${c.at}: looked after ${c.lookedAfter} (${JSON.stringify(c.legalStatus)}; short breaks ${c.shortBreaks}), ` +
        `CP plans ${c.childProtection}, children in need ${c.childrenInNeed}, ` +
        `referrals a month ${Math.min(...perMonth)}–${Math.max(...perMonth)} (mean ${Math.round(perMonth.reduce((a, b) => a + b, 0) / 12)}), ` +
        `teams ${c.teams}, workers ${c.workers}\n`,
    );
  }
}

/**
 * The same journeys continued past the history (open-ended generation), paced at `perSecond`.
 * Events the history already sent (recorded by `boundary`) are skipped; late entries of the past
 * are sent as they are; everything after the boundary is dated now.
 */
async function trickle(sink: Sink, generate: GenerateOptions, boundary: Date, perSecond: number, seconds: number | undefined): Promise<void> {
  let stop = false;
  process.once('SIGINT', () => {
    stop = true;
    process.stderr.write('\nstopping…\n');
  });
  const b = boundary.getTime();
  const events = generateHistory({ ...generate, openEnded: true });
  // A re-dated event is new content: it gets an id of this run's own, since the same id with other
  // content from an earlier run is refused (409); corrections follow it to its new id.
  const run = Date.now().toString(36);
  const ids = new Map<string, string>();
  const redirected = (event: CaseEvent): CaseEvent => {
    const target = event.type === 'csc.event.retracted' ? (event.data as { id: string }).id : undefined;
    return {
      ...event,
      ...(event.supersedes && ids.has(event.supersedes) && { supersedes: ids.get(event.supersedes) }),
      ...(target && ids.has(target) && { data: { ...event.data, id: ids.get(target) } }),
    } as CaseEvent;
  };
  const renamed = (event: CaseEvent): CaseEvent => {
    const id = `${event.id}~${run}`;
    ids.set(event.id, id);
    return { ...redirected(event), id };
  };
  const started = Date.now();
  const tickMs = 250;
  let sent = 0;
  let owed = 0;
  let simulated = '';
  let lastReport = started;
  process.stderr.write(`trickling about ${perSecond} events/s dated now (Ctrl-C to stop)\n`);
  while (!stop && (seconds === undefined || Date.now() - started < seconds * 1000)) {
    const tickStart = Date.now();
    owed += (perSecond * tickMs) / 1000;
    const batch: CaseEvent[] = [];
    while (owed >= 1) {
      const next = events.next();
      if (next.done) break;
      const event = next.value;
      if (Date.parse(event.recordedtime as string) <= b) continue; // sent with the history
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      simulated = event.time;
      if (Date.parse(event.time) > b) batch.push(renamed({ ...event, time: now, recordedtime: now }));
      else batch.push(Date.parse(event.recordedtime as string) > Date.now() ? renamed({ ...event, recordedtime: now }) : redirected(event));
      owed--;
    }
    if (batch.length > 0) {
      await sink.send(batch);
      sent += batch.length;
    }
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      process.stderr.write(`trickle: sent ${sent} events (${rate(sent, lastReport - started)}/s), journeys at ${simulated.slice(0, 10)}\n`);
    }
    await sleep(Math.max(0, tickMs - (Date.now() - tickStart)));
  }
  process.stderr.write(`trickle: sent ${sent} events in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

async function main(): Promise<void> {
  const args = parse();
  // Nothing after now: practice dates are never in the future (the API refuses them).
  const toEnd = Date.parse(`${args.generate.to}T23:59:59Z`);
  const horizon = new Date(Math.min(toEnd, Date.now()));
  const post = args.post === undefined ? undefined : new PostSink(args.post);
  const sink: Sink = post ?? new NdjsonSink(args.out as string);
  if (args.createTenant) {
    if (!post) throw new UsageError('--create-tenant needs --post');
    await post.createTenant(args.generate.tenant, args.population);
  }
  if (args.trickle === undefined || !args.skipHistory) {
    await sendHistory(sink, args.generate, horizon, args.batch, post !== undefined, args.census);
  }
  if (args.trickle !== undefined) await trickle(sink, args.generate, horizon, args.trickle, args.trickleSeconds);
  await sink.close();
}

main().catch((err: unknown) => {
  // RangeError: the generator refused an option (bad date, tenant, fraction…).
  if (err instanceof UsageError || err instanceof RangeError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof RequestError ? err.message : (err as Error).stack}\n`);
  process.exit(1);
});
