// Prints how fast the CIN census reader (and reader + converter) goes through fake_CIN_data.xml
// repeated to ~50 MB, read from disk in 64 KB chunks, and the heap it needs. Numbers only.
// Run with `bash services/ingestion/src/imports/cin-census/bench/run.sh` (plain node, not Jest).
import { createReadStream, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sharedData } from '@casewatch/testing';
import { convertCinChild, readCinCensus } from '../index';

const SOURCE = process.env.CIN_FAKE ?? sharedData('cin-census-fake', 'fake_CIN_data.xml');
const TARGET_BYTES = 50 * 1024 * 1024;
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function buildFile(): { path: string; bytes: number } {
  const xml = readFileSync(SOURCE, 'utf8');
  const start = xml.indexOf('<Children>') + '<Children>'.length;
  const end = xml.indexOf('</Children>');
  const body = xml.slice(start, end);
  const path = join(tmpdir(), `cin-bench-${process.pid}.xml`);
  writeFileSync(path, xml.slice(0, start));
  let bytes = start;
  for (let copy = 0; bytes < TARGET_BYTES; copy++) {
    // Distinct ids per copy, as a real file has distinct children.
    const part = body.replace(/<LAchildID>([^<]*)<\/LAchildID>/g, `<LAchildID>$1-${copy}</LAchildID>`);
    appendFileSync(path, part);
    bytes += Buffer.byteLength(part);
  }
  appendFileSync(path, xml.slice(end));
  return { path, bytes: bytes + Buffer.byteLength(xml.slice(end)) };
}

async function run(label: string, path: string, bytes: number, convert: boolean): Promise<void> {
  let children = 0;
  let events = 0;
  let peakHeap = 0;
  const t0 = performance.now();
  for await (const child of readCinCensus(createReadStream(path, { highWaterMark: 64 * 1024 }), 'bench.xml')) {
    children++;
    if (convert) events += convertCinChild(child, { file: 'bench.xml', today: '2026-12-06' }).events.length;
    if (children % 5000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - t0) / 1000;
  print(
    `${label.padEnd(18)} ${children} children, ${events} events in ${seconds.toFixed(2)} s: ` +
      `${Math.round(children / seconds).toLocaleString('en-GB')} children/s, ${(bytes / 1048576 / seconds).toFixed(1)} MB/s, ` +
      `peak heap ${(peakHeap / 1048576).toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  const { path, bytes } = buildFile();
  try {
    print(`file: ${(bytes / 1048576).toFixed(1)} MB (${SOURCE} repeated)`);
    await run('warm-up read', path, bytes, false);
    await run('read', path, bytes, false);
    await run('read + convert', path, bytes, true);
  } finally {
    rmSync(path, { force: true });
  }
}

void main();
