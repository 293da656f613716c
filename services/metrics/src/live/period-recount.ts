import type { MetricValue } from '@casewatch/contracts';
import type { Logger } from '@nestjs/common';
import type { PeriodKind } from '../catalogue/periods';
import type { LiveListener } from './live-channel';
import type { LiveEntry } from './stream-entry';

/** At most one recount a stream this often, however fast the tenant's figures change. */
export const RECOUNT_MS = 2000;

/** The period kinds no live lane or topic unit computes: their streams are recounted. */
export function isRecounted(kind: PeriodKind): boolean {
  return kind === 'week' || kind === 'quarter';
}

const fingerprint = ({ asOf, ...rest }: MetricValue) => JSON.stringify(rest);

/**
 * Keeps a stream of a week or a quarter moving. Neither the live lane nor the topic computes those
 * periods, so their figures are never in the tenant's log; instead, whenever a figure of the
 * stream's scope changes there (of any period: the running month, a closed month revised, the
 * financial year), the catalogue is counted again for the stream's period, at most every
 * RECOUNT_MS, and the figures that differ from what the client has are sent with the id of the
 * latest entry heard.
 */
export class PeriodRecount implements LiveListener {
  private readonly sent = new Map<string, string>();
  private seeded = false;
  private heard: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private counting = false;
  private again = false;
  private lastStart = 0;
  private stopped = false;

  constructor(
    private readonly scope: string,
    private readonly count: () => Promise<MetricValue[]>,
    private readonly send: (id: string, values: MetricValue[]) => void,
    private readonly logger: Logger,
  ) {}

  /** What the client was sent on connect; entries heard before it wait for it. */
  seed(values: readonly MetricValue[]): void {
    for (const v of values) this.sent.set(v.metricId, fingerprint(v));
    this.seeded = true;
    if (this.heard !== undefined) this.schedule();
  }

  entry(e: LiveEntry): void {
    if (this.stopped || e.event !== 'metric' || e.scope !== this.scope) return;
    this.heard = e.id;
    if (this.seeded) this.schedule();
  }

  lost(): void {
    // The connection follows the same log and ends; its client starts again with a snapshot.
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.counting) {
      this.again = true;
      return;
    }
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => void this.run(), Math.max(0, this.lastStart + RECOUNT_MS - Date.now()));
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    this.counting = true;
    this.again = false;
    this.lastStart = Date.now();
    const id = this.heard as string;
    try {
      const changed = (await this.count()).filter((v) => {
        const f = fingerprint(v);
        if (this.sent.get(v.metricId) === f) return false;
        this.sent.set(v.metricId, f);
        return true;
      });
      if (changed.length > 0 && !this.stopped) this.send(id, changed);
    } catch (err) {
      this.logger.warn(`recount of a stream failed: ${(err as Error).message}`);
    } finally {
      this.counting = false;
      if (this.again) this.schedule();
    }
  }
}
