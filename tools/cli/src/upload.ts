import { openAsBlob } from 'node:fs';
import type { UploadFile } from './files';
import type { ImportReport, ImportState, Problem } from './report';

export interface ImportRequest {
  /** The ingestion service, without a trailing slash. */
  url: string;
  token: string;
  format: string;
  query: URLSearchParams;
  files: UploadFile[];
}

/** What the user sees while an import runs (progress.ts). */
export interface ImportProgress {
  uploading(sent: number, total: number): void;
  /** The service answered 202: the import goes on there. */
  accepted(importId: string): void;
  running(state: ImportState): void;
  stop(): void;
}

/** The service refused the import, failed it, or could not be reached: exit 3. */
export class ImportFailed extends Error {
  override readonly name = 'ImportFailed';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

// Polling while the service works: progress every second; a few lost answers are not a failure.
const POLL_MS = 1000;
const POLL_FAILURES_TOLERATED = 5;

/**
 * Uploads the files and returns the report: at once (200), or by following the Location while
 * the import runs (202). The files are never read whole: `openAsBlob` gives file-backed Blobs,
 * and the multipart body is pulled from them chunk by chunk as the socket takes it.
 */
export async function runImport(req: ImportRequest, progress: ImportProgress, pollMs = POLL_MS): Promise<ImportReport> {
  const headers = { authorization: `Bearer ${req.token}`, accept: 'application/json, application/problem+json' };
  const res = await upload(req, headers, progress);
  // The report comes with 200 (imports.md); any other success but 202 is taken the same way.
  if (res.ok && res.status !== 202) return (await res.json()) as ImportReport;
  if (res.status !== 202) throw await problemOf(res);

  const location = res.headers.get('location');
  const first = (await res.json().catch(() => ({}))) as Partial<ImportState>;
  if (!location) throw new ImportFailed('the service answered 202 without a Location to follow', 202);
  const stateUrl = new URL(location, `${req.url}/`).href;
  progress.accepted(first.importId ?? location.split('/').pop() ?? '');
  let failures = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, pollMs));
    const poll = await fetch(stateUrl, { headers }).catch((err: Error) => err);
    if (poll instanceof Error || poll.status >= 500) {
      if (++failures > POLL_FAILURES_TOLERATED) throw poll instanceof Error ? unreachable(stateUrl, poll) : await problemOf(poll);
      if (!(poll instanceof Error)) await poll.body?.cancel().catch(() => undefined);
      continue;
    }
    if (!poll.ok) throw await problemOf(poll);
    failures = 0;
    const state = (await poll.json()) as ImportState;
    progress.running(state);
    if (state.state === 'done' && state.report) return state.report;
    if (state.state === 'failed') throw new ImportFailed(`import ${state.importId}: ${state.error?.detail ?? 'the service gave no reason'}`);
  }
}

async function upload(req: ImportRequest, headers: Record<string, string>, progress: ImportProgress): Promise<Response> {
  const form = new FormData();
  for (const f of req.files) form.append(f.field, await openAsBlob(f.path), f.name);
  // Response encodes the form lazily (undici reads each Blob's stream in turn) and gives the
  // boundary; counting what the socket pulls through it is the upload's progress.
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  if (!encoded.body) throw new Error('the multipart body could not be encoded');
  const total = req.files.reduce((n, f) => n + f.size, 0);
  let sent = 0;
  const form$ = encoded.body.getReader();
  const counted = new ReadableStream<Uint8Array>({
    async pull(out) {
      const { done, value } = await form$.read();
      if (done) return out.close();
      sent += value.byteLength;
      progress.uploading(Math.min(sent, total), total);
      out.enqueue(value);
    },
    // No cancel(): an early answer (a 404) cancels the upload, and the form's own stream is left
    // alone, since cancelling it mid-read makes Node 24's FormData encoder enqueue into a closed stream.
  });
  const url = `${req.url}/v1/imports/${req.format}?${req.query}`;
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': contentType },
      body: counted,
      duplex: 'half', // a streamed request body (Node's fetch requires saying so)
      // Without these, fetch clones the request for a possible redirect, and the clone's tee of
      // the body keeps every byte sent in memory (1 GB uploaded: 1.1 GB RSS; with them: 0.1 GB).
      redirect: 'error',
      window: null,
    } as RequestInit);
  } catch (err) {
    throw unreachable(url, err as Error);
  }
}

/** The problem's detail (which names the file and column for a file the service cannot read). */
export async function problemOf(res: Response): Promise<ImportFailed> {
  const text = await res.text().catch(() => '');
  let problem: Problem = {};
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    // Not problem+json (a proxy's page): its first line says enough.
  }
  const detail = problem.detail ?? problem.title ?? (text.split('\n')[0].slice(0, 200) || res.statusText);
  return new ImportFailed(`${res.status} ${problem.title ?? res.statusText}: ${detail}`, res.status);
}

function unreachable(url: string, err: Error): ImportFailed {
  const cause = (err.cause as Error | undefined)?.message ?? err.message;
  return new ImportFailed(`cannot reach ${new URL(url).origin}: ${cause}`);
}
