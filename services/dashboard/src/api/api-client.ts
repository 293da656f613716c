import type { Alert, Deadline, MetricBreakdown, MetricList, MetricValue, QueueList, RegionMetric } from '@casewatch/contracts';
import { Injectable } from '@nestjs/common';

/** A call to metrics or alerting that did not succeed; `status` is the upstream's (0 when unreachable). */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamError';
  }
}

export interface ApiSettings {
  metricsUrl: string;
  alertingUrl: string;
  token: string;
  timeoutMs: number;
}

export type FigureQuery = {
  period?: string;
  scope?: string;
  asAt?: string;
};

export type MetricWithHistory = MetricValue & { history?: MetricValue[] };
export interface CaseItem {
  subject: string;
  dates: string[];
}
interface Page<T> {
  items: T[];
  nextCursor?: string;
  asOf?: string;
}

/**
 * The public HTTP APIs of metrics and alerting, called server-side with the dashboard's own
 * token (which never leaves this process). Lists follow `nextCursor` up to a limit the caller gives.
 */
@Injectable()
export class CasewatchApi {
  constructor(private readonly settings: ApiSettings) {}

  metrics(tenant: string, q: FigureQuery): Promise<MetricList> {
    return this.get(this.settings.metricsUrl, `/v1/tenants/${enc(tenant)}/metrics`, q);
  }

  metric(tenant: string, metricId: string, q: FigureQuery & { history?: number }): Promise<MetricWithHistory> {
    return this.get(this.settings.metricsUrl, `/v1/tenants/${enc(tenant)}/metrics/${enc(metricId)}`, q);
  }

  /** One metric split by a dimension (`by` one of the metric's; another, or none, is a 400 naming those it has). */
  breakdown(tenant: string, metricId: string, by: string | undefined, q: FigureQuery): Promise<MetricBreakdown> {
    return this.get(this.settings.metricsUrl, `/v1/tenants/${enc(tenant)}/metrics/${enc(metricId)}/breakdown`, { ...q, by });
  }

  /** One metric over the tenants sharing with a region (the dashboard's token needs `region:{region}` or `*`). */
  regionMetric(region: string, metricId: string, q: { period?: string }): Promise<RegionMetric> {
    return this.get(this.settings.metricsUrl, `/v1/regions/${enc(region)}/metrics/${enc(metricId)}`, q);
  }

  cases(tenant: string, metricId: string, q: FigureQuery, max: number): Promise<{ items: CaseItem[]; more: boolean }> {
    return this.pages(this.settings.metricsUrl, `/v1/tenants/${enc(tenant)}/metrics/${enc(metricId)}/cases`, q, max);
  }

  queue(tenant: string, queueId: string, max: number): Promise<{ items: QueueList['items']; more: boolean }> {
    return this.pages(this.settings.metricsUrl, `/v1/tenants/${enc(tenant)}/queues/${enc(queueId)}`, {}, max);
  }

  deadlines(tenant: string, q: { state?: string; teamId?: string; workerId?: string }, max: number): Promise<{ items: Deadline[]; more: boolean }> {
    return this.pages(this.settings.alertingUrl, `/v1/tenants/${enc(tenant)}/deadlines`, q, max);
  }

  alerts(tenant: string, q: { status?: string; since?: string }, max: number): Promise<{ items: Alert[]; more: boolean }> {
    return this.pages(this.settings.alertingUrl, `/v1/tenants/${enc(tenant)}/alerts`, q, max);
  }

  async acknowledge(tenant: string, alertId: string, comment: string): Promise<void> {
    await this.call(this.settings.alertingUrl, `/v1/tenants/${enc(tenant)}/alerts/${enc(alertId)}/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ comment }),
    });
  }

  /** The metrics `/stream` URL and headers, for the live relay (which holds the connection itself). */
  streamRequest(tenant: string, q: { period: string; scope: string }): { url: string; headers: Record<string, string> } {
    return {
      url: `${this.settings.metricsUrl}/v1/tenants/${enc(tenant)}/stream${query(q)}`,
      headers: { authorization: `Bearer ${this.settings.token}`, accept: 'text/event-stream' },
    };
  }

  /** Both upstreams answer `/health/live` (the dashboard's readiness). */
  async upstreamsLive(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, base] of [
      ['metrics', this.settings.metricsUrl],
      ['alerting', this.settings.alertingUrl],
    ]) {
      const res = await fetch(`${base}/health/live`, { signal: AbortSignal.timeout(2000) }).catch((err: Error) => {
        throw new UpstreamError(`${name} unreachable: ${err.message}`, 0);
      });
      if (!res.ok) throw new UpstreamError(`${name} answered ${res.status}`, res.status);
      out[name] = 'up';
    }
    return out;
  }

  private async pages<T>(base: string, path: string, q: Record<string, string | undefined>, max: number): Promise<{ items: T[]; more: boolean }> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const limit = Math.min(10_000, Math.max(1, max - items.length + 1));
      const page: Page<T> = await this.get(base, path, cursor ? { cursor, limit: String(limit) } : { ...q, limit: String(limit) });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length <= max);
    const more = items.length > max || cursor !== undefined;
    return { items: items.slice(0, max), more };
  }

  private get<T>(base: string, path: string, q: Record<string, string | number | undefined>): Promise<T> {
    return this.call(base, `${path}${query(q)}`, { method: 'GET' });
  }

  private async call<T>(base: string, pathAndQuery: string, init: RequestInit): Promise<T> {
    const url = `${base}${pathAndQuery}`;
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${this.settings.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (err) {
      throw new UpstreamError(`${new URL(url).host} unreachable`, 0, (err as Error).message, { cause: err });
    }
    const text = await res.text();
    if (!res.ok) {
      let detail = text.slice(0, 500);
      try {
        const problem = JSON.parse(text) as { detail?: string; title?: string };
        detail = problem.detail ?? problem.title ?? detail;
      } catch {
        // not a problem document: keep the start of the text
      }
      throw new UpstreamError(`${init.method} ${new URL(url).pathname} answered ${res.status}`, res.status, detail);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

function enc(part: string): string {
  return encodeURIComponent(part);
}

export function query(q: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
