import { caseEventKey, QUEUE_IDS, TOPICS, type MetricValue } from '@casewatch/contracts';
import { BatchingPublisher, createKafkaClient } from '@casewatch/kafka';
import { uniqueId, waitFor } from '@casewatch/testing';
import { londonDateOf } from '@casewatch/timescales';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { connect, type Socket } from 'node:net';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import { startMetrics } from '../testing/metrics-harness';
import { LiveChannel, type LiveMessage } from './live-channel';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const AUTH = { authorization: 'Bearer dev-admin' };
const ID = /^\d+-\d+$/;

interface Message {
  id?: string;
  event?: string;
  data: string;
}

/** An SSE client that keeps reading in the background, so a test waits for what it expects. */
class SseClient {
  readonly messages: Message[] = [];
  ended = false;
  private text = '';

  private constructor(private readonly abort: AbortController) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { ...AUTH, ...headers }, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const client = new SseClient(abort);
    void client.pump((res.body as ReadableStream<Uint8Array>).getReader());
    return client;
  }

  /** The messages whose data parse as JSON, with their id and event. */
  get parsed(): { id?: string; event?: string; data: Record<string, unknown> }[] {
    return this.messages.map((m) => ({ ...m, data: JSON.parse(m.data) as Record<string, unknown> }));
  }

  async until(what: string, done: (c: SseClient) => boolean, timeoutMs = 60_000): Promise<void> {
    await waitFor(() => done(this) || undefined, { timeoutMs, intervalMs: 20, what }).catch((err: Error) => {
      const queues = this.messages.filter((m) => m.event === 'queue').map((m) => `${m.id} ${m.data}`);
      const seen = this.messages.slice(-5).map((m) => `${m.id} ${m.event} ${m.data.slice(0, 100)}`);
      throw new Error(`${err.message}; ${this.messages.length} messages; queue sizes:\n${queues.join('\n')}\nthe last:\n${seen.join('\n')}`);
    });
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.text += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.text.indexOf('\n\n')) >= 0) {
          const block = this.text.slice(0, end);
          this.text = this.text.slice(end + 2);
          const m: Message = { data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) m.id = line.slice(4);
            else if (line.startsWith('event: ')) m.event = line.slice(7);
            else if (line.startsWith('data: ')) m.data = line.slice(6);
          }
          if (m.event) this.messages.push(m);
        }
      }
    } catch {
      // aborted by the test
    }
    this.ended = true;
  }
}

/** The messages sent on connect: they all carry the id of the log's end at that moment. */
const snapshotOf = (c: SseClient) => c.parsed.filter((m) => m.id === c.messages[0]?.id);
const hasSnapshot = (c: SseClient) => {
  const s = snapshotOf(c);
  return s.filter((m) => m.event === 'queue').length >= QUEUE_IDS.length && s.filter((m) => m.event === 'metric').length >= METRIC_CATALOGUE.length;
};
/** Whether stream id `a` comes after `b`. */
const isAfter = (a: string | undefined, b: string) => {
  const [am, as] = (a ?? '0-0').split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am > bm || (am === bm && as > bs);
};

// Snapshots and full passes wait for the projections, which other suites running beside keep busy.
jest.setTimeout(150_000);

describe('GET /stream: snapshot, ids, resume, period and scope, slow clients', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'stream-test' });
  const producer = new BatchingPublisher(kafka);
  const tenants: string[] = [];
  const clients: SseClient[] = [];
  let app: NestFastifyApplication;
  let url: string;
  let channel: LiveChannel;
  const month = londonDateOf(Date.now()).slice(0, 7);
  const fy = `fy${Number(month.slice(0, 4)) - (Number(month.slice(5)) < 4 ? 1 : 0)}`;

  /** A tenant of its own for a test, known to the metrics service. */
  async function newTenant(): Promise<string> {
    const tenant = uniqueId('stream');
    tenants.push(tenant);
    await producer.publish(TOPICS.tenants, [
      { key: tenant, value: JSON.stringify({ tenant, name: 'Stream', nation: 'england', population0to17: 1000, updatedAt: '2026-11-01T00:00:00Z' }) },
    ]);
    await waitFor(async () => (await fetch(`${url}/v1/tenants/${tenant}/metrics/contacts.received`, { headers: AUTH })).status === 200, {
      what: 'tenant known to metrics',
    });
    return tenant;
  }

  async function open(tenant: string, query = '', headers: Record<string, string> = {}): Promise<SseClient> {
    const client = await SseClient.open(`${url}/v1/tenants/${tenant}/stream${query}`, headers);
    clients.push(client);
    return client;
  }

  /** A made-up figure, told apart by its title. */
  function figure(title: string, scope = 'la', period = month, extra: Partial<MetricValue> = {}): LiveMessage {
    const value: MetricValue = {
      metricId: 'contacts.received',
      title,
      unit: 'count',
      period,
      scope,
      value: 1,
      numerator: null,
      denominator: null,
      polarity: 'info',
      target: null,
      rag: null,
      direction: 'same',
      trend: 'neutral',
      firstReported: 1,
      revised: false,
      asOf: new Date().toISOString(),
      ...extra,
    };
    return { event: 'metric', data: value };
  }

  const titles = (c: SseClient) => c.parsed.filter((m) => m.event === 'metric').map((m) => m.data.title);

  beforeAll(async () => {
    app = await startMetrics();
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    channel = app.get(LiveChannel);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    const redis = app.get(Redis);
    await redis.del(...tenants.flatMap((t) => [`casewatch:live:${t}`, `casewatch:queue-sizes:${t}`]));
    await app.close();
    await producer.disconnect();
  });

  it('sends on connect every catalogue metric and all eight queue sizes, with an id, then a change with a later id', async () => {
    const tenant = await newTenant();
    const client = await open(tenant);
    await client.until('snapshot', hasSnapshot);
    const snapshot = snapshotOf(client);
    const metrics = snapshot.filter((m) => m.event === 'metric');
    expect(metrics.map((m) => m.data.metricId).sort()).toEqual(METRIC_CATALOGUE.map((d) => d.id).sort());
    expect(new Set(metrics.map((m) => `${m.data.period} ${m.data.scope}`))).toEqual(new Set([`${month} la`]));
    const queues = snapshot.filter((m) => m.event === 'queue');
    expect(queues.map((m) => m.data)).toEqual(QUEUE_IDS.map((queueId) => ({ queueId, size: 0 })));
    const snapshotId = snapshot[0].id as string;
    expect(snapshotId).toMatch(ID);
    expect(snapshot.every((m) => m.id === snapshotId)).toBe(true);

    const event = {
      specversion: '1.0',
      id: uniqueId('k'),
      source: `urn:la:999:${tenant}`,
      type: 'csc.contact.received',
      time: new Date().toISOString(),
      subject: 'C1',
      tenant,
      data: { contactId: 'K1' },
    };
    await producer.publish(TOPICS.caseEvents, [{ key: caseEventKey(tenant, 'C1'), value: JSON.stringify(event) }]);
    const changed = () => client.parsed.filter((m) => m.id !== snapshotId);
    await client.until(
      'the changed figure and queue size',
      () =>
        changed().some((m) => m.event === 'metric' && m.data.metricId === 'contacts.received' && m.data.value === 1) &&
        changed().some((m) => m.event === 'queue' && m.data.queueId === 'contacts-awaiting-decision' && m.data.size === 1),
    );
    for (const m of changed()) {
      expect(m.id).toMatch(ID);
      expect(isAfter(m.id, snapshotId)).toBe(true);
    }
  });

  it('resumes after Last-Event-ID with what was published since, and not what came before', async () => {
    const tenant = await newTenant();
    const first = await open(tenant);
    await first.until('snapshot', hasSnapshot);
    await channel.publish(tenant, figure('before'));
    await first.until('the first change', (c) => titles(c).includes('before'));
    const lastSeen = first.messages[first.messages.length - 1].id as string;
    first.close();

    await channel.publish(tenant, figure('after-1'));
    await channel.publishMany(tenant, [figure('after-2'), { event: 'queue', data: { queueId: 'visits-overdue', size: 3 } }]);
    const again = await open(tenant, '', { 'last-event-id': lastSeen });
    await again.until('the changes since', (c) => c.messages.some((m) => m.event === 'queue'));
    expect(titles(again).filter((t) => typeof t === 'string' && /^(before|after)/.test(t))).toEqual(['after-1', 'after-2']);
    // No snapshot: the only queue message is the one published.
    expect(again.parsed.filter((m) => m.event === 'queue').map((m) => m.data)).toEqual([{ queueId: 'visits-overdue', size: 3 }]);
    for (const m of again.messages) expect(isAfter(m.id, lastSeen)).toBe(true);

    // Later changes follow on the resumed stream.
    await channel.publish(tenant, figure('after-3'));
    await again.until('a live change after the resume', (c) => titles(c).includes('after-3'));
  });

  it('sends the whole snapshot again for a Last-Event-ID it cannot resume from: malformed, unknown or trimmed away', async () => {
    const tenant = await newTenant();
    await channel.publish(tenant, figure('first'));
    const first = await open(tenant, '', { 'last-event-id': '0-0' });
    await first.until('the first change', (c) => titles(c).includes('first'));
    const oldId = first.messages.find((m) => m.event === 'metric')?.id as string;
    first.close();
    // Far more than the log keeps (about 10,000 a tenant): the id is trimmed away.
    for (let i = 0; i < 11; i++)
      await channel.publishMany(
        tenant,
        Array.from({ length: 1000 }, (_, j) => figure(`filler-${i}-${j}`, 'team:filler')),
      );

    for (const lastEventId of ['nonsense', '1-0', '99999999999999-0', oldId]) {
      const client = await open(tenant, '', { 'last-event-id': lastEventId });
      await client.until(`a snapshot for ${lastEventId}`, hasSnapshot);
      expect(snapshotOf(client).filter((m) => m.event === 'queue')).toHaveLength(QUEUE_IDS.length);
      expect(titles(client)).not.toContain('first');
      client.close();
    }
  });

  it(`sends only the asked period (fyYYYY) and scope (team:X), in the snapshot and after it`, async () => {
    const tenant = await newTenant();
    const client = await open(tenant, `?period=${fy}&scope=team:T1`);
    await client.until('snapshot', hasSnapshot);
    const snapshot = snapshotOf(client);
    expect(new Set(snapshot.filter((m) => m.event === 'metric').map((m) => `${m.data.period} ${m.data.scope}`))).toEqual(new Set([`${fy} team:T1`]));
    expect(snapshot.filter((m) => m.event === 'queue').map((m) => m.data.queueId)).toEqual([...QUEUE_IDS]);

    await channel.publishMany(tenant, [
      figure('other-scope', 'team:T2', fy),
      figure('whole-la', 'la', fy),
      figure('other-period', 'team:T1', month),
      figure('wanted', 'team:T1', fy),
      { event: 'queue', scope: 'la', data: { queueId: 'visits-overdue', size: 111 } },
      { event: 'queue', scope: 'team:T2', data: { queueId: 'visits-overdue', size: 333 } },
      { event: 'queue', scope: 'team:T1', data: { queueId: 'visits-overdue', size: 222 } },
      figure('end', 'team:T1', fy),
    ]);
    await client.until('the last message', (c) => titles(c).includes('end'));
    const after = client.parsed.filter((m) => m.id !== snapshot[0].id);
    expect(after.map((m) => (m.event === 'metric' ? m.data.title : m.data.size))).toEqual(['wanted', 222, 'end']);
  });

  it("keeps a stream of the running week moving: its figures are counted again when the tenant's change", async () => {
    const tenant = await newTenant();
    const week = isoWeekByThursday(londonDateOf(Date.now()));
    const client = await open(tenant, `?period=${week}`);
    await client.until('snapshot', hasSnapshot);
    const snapshot = snapshotOf(client);
    expect(new Set(snapshot.filter((m) => m.event === 'metric').map((m) => `${m.data.period} ${m.data.scope}`))).toEqual(new Set([`${week} la`]));
    const snapshotId = snapshot[0].id as string;

    const event = {
      specversion: '1.0',
      id: uniqueId('k'),
      source: `urn:la:999:${tenant}`,
      type: 'csc.contact.received',
      time: new Date().toISOString(),
      subject: 'C1',
      tenant,
      data: { contactId: 'K1' },
    };
    await producer.publish(TOPICS.caseEvents, [{ key: caseEventKey(tenant, 'C1'), value: JSON.stringify(event) }]);
    const weekFigure = (c: SseClient) =>
      c.parsed.find((m) => m.id !== snapshotId && m.event === 'metric' && m.data.metricId === 'contacts.received' && m.data.value === 1);
    await client.until("the week's changed figure", (c) => weekFigure(c) !== undefined);
    expect(weekFigure(client)?.data.period).toBe(week);
    expect(isAfter(weekFigure(client)?.id, snapshotId)).toBe(true);
    // Only what changed follows, and only for the week.
    const after = client.parsed.filter((m) => m.id !== snapshotId && m.event === 'metric');
    expect(after.every((m) => m.data.period === week)).toBe(true);
    expect(after.length).toBeLessThan(METRIC_CATALOGUE.length);

    // The recounts are not in the log: resuming sends the snapshot again, as it now stands.
    const again = await open(tenant, `?period=${week}`, { 'last-event-id': weekFigure(client)?.id as string });
    await again.until('a snapshot again', hasSnapshot);
    expect(snapshotOf(again).find((m) => m.data.metricId === 'contacts.received')?.data.value).toBe(1);
  });

  it('sizes the queues for the scope asked: the items its team or worker holds', async () => {
    const tenant = await newTenant();
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const event = (subject: string, type: string, data: Record<string, unknown>, minutesAgo: number) => ({
      key: caseEventKey(tenant, subject),
      value: JSON.stringify({ specversion: '1.0', id: uniqueId('e'), source: `urn:la:999:${tenant}`, type, time: at(minutesAgo), subject, tenant, data }),
    });
    await producer.publish(TOPICS.caseEvents, [
      event('C1', 'csc.worker.allocated', { teamId: 'T1', workerId: 'W1' }, 30),
      event('C1', 'csc.contact.received', { contactId: 'K1' }, 20),
      event('C2', 'csc.contact.received', { contactId: 'K2' }, 20),
    ]);
    const size = (c: SseClient, queueId: string) => c.parsed.filter((m) => m.event === 'queue' && m.data.queueId === queueId).map((m) => m.data.size);
    const la = await open(tenant);
    await la.until('both contacts in the whole tenant', (c) => size(c, 'contacts-awaiting-decision').includes(2));
    const team = await open(tenant, '?scope=team:T1');
    const other = await open(tenant, '?scope=worker:W2');
    await team.until('snapshot', hasSnapshot);
    await other.until('snapshot', hasSnapshot);
    expect(size(team, 'contacts-awaiting-decision')).toEqual([1]);
    expect(size(other, 'contacts-awaiting-decision')).toEqual([0]);

    // A change of the team's size reaches the team's stream, and no other scope's.
    await producer.publish(TOPICS.caseEvents, [event('C1', 'csc.contact.received', { contactId: 'K3' }, 10)]);
    await team.until('the team size grows', (c) => size(c, 'contacts-awaiting-decision').includes(2));
    await la.until('the whole size grows', (c) => size(c, 'contacts-awaiting-decision').includes(3));
    expect(size(other, 'contacts-awaiting-decision')).toEqual([0]);
  });

  it('drops a client that does not read, while another gets every message', async () => {
    const tenant = await newTenant();
    const reader = await open(tenant);
    const slow = await rawStream(url, `/v1/tenants/${tenant}/stream`);
    await reader.until('snapshot', hasSnapshot);
    // The slow client has had its snapshot; from here it reads nothing.
    await waitFor(() => (slow.text().split('event: queue').length > QUEUE_IDS.length ? true : undefined), { what: 'slow client snapshot' });
    slow.socket.pause();

    const big = 'x'.repeat(256 * 1024);
    const count = 80; // 20 MiB: beyond the kernel's socket buffers and the 1 MiB allowed
    for (let i = 0; i < count; i++) await channel.publish(tenant, figure(`big-${i}`, 'la', month, { title: `big-${i}`, asOf: big }));
    await reader.until('every big message', (c) => titles(c).includes(`big-${count - 1}`));
    expect(titles(reader).filter((t) => String(t).startsWith('big-'))).toHaveLength(count);

    // Reading again, the slow client finds its stream ended before the last message.
    slow.socket.resume();
    await waitFor(() => slow.ended || undefined, { what: 'slow client disconnected', timeoutMs: 30_000 });
    expect(slow.text()).not.toContain(`"title":"big-${count - 1}"`);
  });
});

/** ISO week (`YYYY-Www`) of a date, by the Thursday rule. */
function isoWeekByThursday(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  return `${year}-W${String(Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1).padStart(2, '0')}`;
}

/** A stream read through a plain socket, which a test can stop reading. */
async function rawStream(base: string, path: string): Promise<{ socket: Socket; text: () => string; ended: boolean }> {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  const state = { socket, text: () => Buffer.concat(chunks).toString('latin1'), ended: false };
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('close', () => (state.ended = true));
  socket.on('error', () => (state.ended = true));
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer dev-admin\r\nAccept: text/event-stream\r\n\r\n`);
  return state;
}
