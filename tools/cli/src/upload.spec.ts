import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UploadFile } from './files';
import type { ImportState } from './report';
import { ImportFailed, runImport, type ImportProgress, type ImportRequest } from './upload';

// A stand-in for the ingestion service: the client's HTTP conduct, without Kafka or a database.
type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;
let server: Server;
let url: string;
let handle: Handler;
const seen: { method: string; path: string; headers: IncomingMessage['headers']; bytes: number }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    // Small bodies are kept to be read; a large one is only counted (memory is measured).
    req.on('data', (c: Buffer) => ((bytes += c.length) < 1024 * 1024 ? chunks.push(c) : (chunks.length = 0)));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, bytes });
      handle(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => (seen.length = 0));

const dir = mkdtempSync(join(tmpdir(), 'casewatch-upload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'episodes.csv'), 'CHILD,DECOM\n1,01/04/2017\n');
const episodes: UploadFile = { path: join(dir, 'episodes.csv'), name: 'episodes.csv', field: 'episodes', size: 26 };
const report = { importId: 'i1', format: 'ssda903', tenant: 't1', children: 1, events: 2, duplicates: 0, rejected: [], rejectedTotal: 0 };

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers }).end(JSON.stringify(body));
}

function recorder() {
  const calls = { uploading: [] as number[], accepted: [] as string[], running: [] as ImportState[] };
  const progress: ImportProgress = {
    uploading: (sent) => calls.uploading.push(sent),
    accepted: (id) => calls.accepted.push(id),
    running: (s) => calls.running.push(s),
    stop: () => undefined,
  };
  return { calls, progress };
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(__dirname, '../bin/casewatch.js'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((ok) => child.on('exit', (code) => ok({ code, stderr })));
}

const request = (files: UploadFile[] = [episodes]): ImportRequest => ({
  url,
  token: 'tok',
  format: 'ssda903',
  query: new URLSearchParams({ tenant: 't1', dryRun: 'true' }),
  files,
});

describe('uploading an import', () => {
  it('streams the files as multipart with the token and query, and takes a 200 report', async () => {
    let text = '';
    handle = (_req, body, res) => {
      text = body.toString();
      json(res, 200, report);
    };
    const { calls, progress } = recorder();
    expect(await runImport(request(), progress)).toEqual(report);
    const [post] = seen;
    expect(post).toMatchObject({ method: 'POST', path: '/v1/imports/ssda903?tenant=t1&dryRun=true' });
    expect(post.headers).toMatchObject({ authorization: 'Bearer tok', 'transfer-encoding': 'chunked' });
    expect(post.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(text).toContain('Content-Disposition: form-data; name="episodes"; filename="episodes.csv"');
    expect(text).toContain('CHILD,DECOM\n1,01/04/2017\n');
    expect(calls.uploading.at(-1)).toBe(26);
  });

  it('takes a report that comes with another success status', async () => {
    handle = (_req, _body, res) => json(res, 201, report);
    expect(await runImport(request(), recorder().progress)).toEqual(report);
  });

  it('reads a large file chunk by chunk, reporting progress as it goes', async () => {
    const big = join(dir, 'reviews.csv');
    writeFileSync(big, '');
    truncateSync(big, 32 * 1024 * 1024);
    handle = (_req, _body, res) => json(res, 200, report);
    const { calls, progress } = recorder();
    await runImport(request([episodes, { path: big, name: 'reviews.csv', field: 'reviews', size: 32 * 1024 * 1024 }]), progress);
    expect(seen[0].bytes).toBeGreaterThan(32 * 1024 * 1024);
    expect(calls.uploading.length).toBeGreaterThan(32);
    expect(calls.uploading.at(-1)).toBe(32 * 1024 * 1024 + 26);
  });

  it('uploads a file larger than the memory the CLI ever holds', async () => {
    // Were the body kept (as fetch's clone for a redirect keeps it), the peak would exceed the file.
    const big = join(dir, 'big', 'episodes.csv');
    mkdirSync(join(dir, 'big'), { recursive: true });
    writeFileSync(big, '');
    truncateSync(big, 384 * 1024 * 1024);
    const peak = join(dir, 'peak.js');
    writeFileSync(peak, "process.on('exit', () => process.stderr.write(`peak-rss ${process.resourceUsage().maxRSS}\\n`));");
    handle = (_req, _body, res) => json(res, 200, report);
    const { code, stderr } = await runCli(['import', 'ssda903', '--tenant', 't1', '--url', url, join(dir, 'big')], { NODE_OPTIONS: `--require ${peak}` });
    expect(code).toBe(0);
    expect(seen[0].bytes).toBeGreaterThan(384 * 1024 * 1024);
    const peakKb = Number(/peak-rss (\d+)/.exec(stderr)?.[1]);
    // Well under the file (Node 24's own baseline is about 30 MB above Node 20's).
    expect(peakKb * 1024).toBeLessThan(320 * 1024 * 1024);
  }, 120_000);

  it('follows the Location of a 202 until the import is done', async () => {
    let polls = 0;
    handle = (req, _body, res) => {
      if (req.method === 'POST') return json(res, 202, { importId: 'i1', state: 'running' }, { location: '/v1/tenants/t1/imports/i1' });
      polls++;
      if (polls < 3) return json(res, 200, { importId: 'i1', state: 'running', rowsRead: polls * 100, eventsPublished: polls * 10 });
      json(res, 200, { importId: 'i1', state: 'done', rowsRead: 300, eventsPublished: 30, report });
    };
    const { calls, progress } = recorder();
    expect(await runImport(request(), progress, 5)).toEqual(report);
    expect(calls.accepted).toEqual(['i1']);
    expect(calls.running.map((s) => [s.state, s.rowsRead])).toEqual([
      ['running', 100],
      ['running', 200],
      ['done', 300],
    ]);
    expect(seen.slice(1).every((s) => s.method === 'GET' && s.path === '/v1/tenants/t1/imports/i1' && s.headers.authorization === 'Bearer tok')).toBe(true);
  });

  it('rides out a few failed polls, but not many', async () => {
    let polls = 0;
    handle = (req, _body, res) => {
      if (req.method === 'POST') return json(res, 202, { importId: 'i3' }, { location: '/v1/tenants/t1/imports/i3' });
      if (++polls <= 2 || req.url?.endsWith('i4')) return json(res, 503, { title: 'Service Unavailable', status: 503, detail: 'database busy' });
      json(res, 200, { importId: 'i3', state: 'done', report });
    };
    expect(await runImport(request(), recorder().progress, 5)).toEqual(report);
    handle = (req, _body, res) =>
      req.method === 'POST'
        ? json(res, 202, { importId: 'i4' }, { location: '/v1/tenants/t1/imports/i4' })
        : json(res, 503, { title: 'Service Unavailable', status: 503, detail: 'database busy' });
    await expect(runImport(request(), recorder().progress, 5)).rejects.toThrow('503 Service Unavailable: database busy');
  });

  it("fails with the service's reason when the import fails while running", async () => {
    handle = (req, _body, res) => {
      if (req.method === 'POST') return json(res, 202, { importId: 'i2' }, { location: '/v1/tenants/t1/imports/i2' });
      json(res, 200, { importId: 'i2', state: 'failed', error: { detail: 'the events could not be published' } });
    };
    await expect(runImport(request(), recorder().progress, 5)).rejects.toThrow(new ImportFailed('import i2: the events could not be published'));
  });

  it("refuses with the problem's detail, which names the file and column", async () => {
    handle = (_req, _body, res) =>
      json(res, 400, {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'episodes.csv: the episodes table needs the column DECOM; nothing was imported',
      });
    const err = await runImport(request(), recorder().progress).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFailed);
    expect(err).toMatchObject({ status: 400, message: '400 Bad Request: episodes.csv: the episodes table needs the column DECOM; nothing was imported' });
  });

  it('says when a reply is not a problem document', async () => {
    handle = (_req, _body, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>\nmore');
    await expect(runImport(request(), recorder().progress)).rejects.toThrow('502 Bad Gateway: <html>Bad gateway</html>');
  });

  it('says when the service cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(runImport({ ...request(), url: `http://127.0.0.1:${port}` }, recorder().progress)).rejects.toThrow(
      `cannot reach http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });
});
