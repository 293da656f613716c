import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { sharedData } from '@casewatch/testing';

export type UploadFile = { field: string; name: string; content: string | Buffer };

export function fakeFile(dir: string, name: string, field = name.replace(/\.(csv|xml)$/, '')): UploadFile {
  return { field, name, content: readFileSync(sharedData(dir, name)) };
}

/** POST /v1/imports/{format} with the files as multipart/form-data, as a browser or curl -F sends them. */
export async function postImport(app: NestFastifyApplication, format: string, query: string, files: UploadFile[], token = 'dev-admin') {
  const form = new FormData();
  for (const f of files) form.append(f.field, new Blob([typeof f.content === 'string' ? f.content : new Uint8Array(f.content)]), f.name);
  const encoded = new Response(form);
  const payload = Buffer.from(await encoded.arrayBuffer());
  return app.inject({
    method: 'POST',
    url: `/v1/imports/${format}?${query}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': encoded.headers.get('content-type') as string },
    payload,
  });
}

/** The report of an import, following its Location while it runs (202) as a client would. */
export async function importReport(app: NestFastifyApplication, format: string, query: string, files: UploadFile[]) {
  return reportOf(app, query, await postImport(app, format, query, files));
}

/** The report an import's answer gives, at once (200) or by following its Location (202). */
export async function reportOf(
  app: NestFastifyApplication,
  what: string,
  res: { statusCode: number; body: string; headers: Record<string, unknown>; json(): any },
) {
  if (res.statusCode === 200) return res.json();
  if (res.statusCode !== 202) throw new Error(`import (${what}) answered ${res.statusCode}: ${res.body}`);
  const location = res.headers.location as string;
  for (let i = 0; i < 1200; i++) {
    const state = (await app.inject({ method: 'GET', url: location, headers: { authorization: 'Bearer dev-admin' } })).json();
    if (state.state === 'done') return state.report;
    if (state.state === 'failed') throw new Error(`import failed: ${JSON.stringify(state.error)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish in 120 s');
}
