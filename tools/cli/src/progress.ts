import { Presets, SingleBar } from 'cli-progress';
import { formatBytes, formatCount } from './format';
import type { ImportState } from './report';
import type { ImportProgress } from './upload';

/**
 * Progress on stderr, so stdout holds only the report (`--json > report.json` stays clean):
 * bars on a terminal; on anything else (CI logs) plain lines, a few per import.
 */
export function createProgress(out: NodeJS.WritableStream, tty: boolean): ImportProgress {
  return tty ? new BarProgress(out) : new LineProgress(out);
}

class BarProgress implements ImportProgress {
  private upload?: SingleBar;
  private status?: SingleBar;

  constructor(private readonly out: NodeJS.WritableStream) {}

  uploading(sent: number, total: number): void {
    if (!this.upload) {
      this.upload = new SingleBar(
        { stream: this.out, format: 'uploading  {bar} {percentage}% | {sentText} of {totalText}', hideCursor: true },
        Presets.shades_classic,
      );
      this.upload.start(Math.max(total, 1), 0, { sentText: formatBytes(0), totalText: formatBytes(total) });
    }
    this.upload.update(sent, { sentText: formatBytes(sent) });
  }

  accepted(): void {
    this.stopUpload();
    this.status = new SingleBar({
      stream: this.out,
      format: 'importing  {rows} rows read | {events} events published | {duration_formatted}',
      hideCursor: true,
    });
    this.status.start(1, 0, { rows: 0, events: 0 });
  }

  running(state: ImportState): void {
    this.status?.update(0, { rows: formatCount(state.rowsRead ?? 0), events: formatCount(state.eventsPublished ?? 0) });
  }

  stop(): void {
    this.stopUpload();
    this.status?.stop();
    this.status = undefined;
  }

  private stopUpload(): void {
    this.upload?.stop();
    this.upload = undefined;
  }
}

// A line at each quarter of the upload and at most every 5 s while the service imports.
const LINE_EVERY_MS = 5000;

class LineProgress implements ImportProgress {
  private quarter = -1;
  private lastLine = 0;
  private lastState = '';

  constructor(private readonly out: NodeJS.WritableStream) {}

  uploading(sent: number, total: number): void {
    const quarter = total === 0 ? 4 : Math.floor((sent / total) * 4);
    if (quarter <= this.quarter) return;
    this.quarter = quarter;
    this.out.write(`uploaded ${quarter * 25}% (${formatBytes(sent)} of ${formatBytes(total)})\n`);
  }

  accepted(importId: string): void {
    this.out.write(`the service is importing (import ${importId}); following its progress\n`);
    this.lastLine = Date.now();
  }

  running(state: ImportState): void {
    const line = `${state.state}: ${formatCount(state.rowsRead ?? 0)} rows read, ${formatCount(state.eventsPublished ?? 0)} events published`;
    const final = state.state !== 'running';
    if (line === this.lastState || (!final && Date.now() - this.lastLine < LINE_EVERY_MS)) return;
    this.out.write(`${line}\n`);
    this.lastState = line;
    this.lastLine = Date.now();
  }

  stop(): void {
    // Plain lines leave nothing on screen to clear.
  }
}
