import { METRIC_CONTENT_TYPE, METRIC_HEADERS, METRIC_SCHEMA_VERSION, metricKey, TOPICS, type MetricFigureKind, type MetricValue } from '@casewatch/contracts';
import { BatchingPublisher } from '@casewatch/kafka';
import { Prometheus } from '@casewatch/service-kit';
import type { Counter } from 'prom-client';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { MetricsConfig } from '../config';
import { METRICS_CONFIG } from '../platform/tokens';
import { figureKey, PublishedFiguresStore, type PublishedFigure } from './published-figures.store';

/** Header `figure`: a running or not yet final figure, the final one at the cut-off, or a later change to it. */
type FigureKind = MetricFigureKind;

// api.md: no two messages for one key less than a second apart.
const COALESCE_MS = 1000;

interface Offer {
  tenant: string;
  value: MetricValue;
  /** The period's reporting cut-off has passed: this is (or revises) its final figure. */
  finalDue: boolean;
}

/** A value's identity for "did it change": everything but the moment it was computed. */
function fingerprint(value: MetricValue): string {
  const { asOf: _asOf, ...rest } = value;
  return createHash('sha1').update(JSON.stringify(rest)).digest('base64url').slice(0, 16);
}

/**
 * The gate to csc.metrics.v1: a figure is published only when it differs from what the topic last
 * carried for its key (kept in PostgreSQL, so a restart publishes nothing unchanged), once as final
 * when its period's cut-off has passed, and at most once a second per key (a newer value waits).
 */
@Injectable()
export class MetricTopic implements OnApplicationShutdown {
  private readonly logger = new Logger(MetricTopic.name);
  private readonly states = new Map<string, Promise<Map<string, PublishedFigure>>>();
  private readonly held = new Map<string, Offer>();
  private heldTimer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly messages: Counter<'figure'>;

  constructor(
    private readonly store: PublishedFiguresStore,
    private readonly publisher: BatchingPublisher,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    prometheus: Prometheus,
  ) {
    this.messages = prometheus.counter('casewatch_metric_topic_messages_total', 'Figures published to csc.metrics.v1, by kind (live, final, revision)', [
      'figure',
    ]);
  }

  /** Publishes what changed of `values`; resolves to those changed values (published now, or held for up to a second). */
  offer(tenant: string, values: MetricValue[], finalDue = false): Promise<MetricValue[]> {
    const next = this.chain.then(() => this.send(values.map((value) => ({ tenant, value, finalDue }))));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Whether every one of these metrics already had its final figure for the period and scope. */
  async isFinal(tenant: string, period: string, scope: string, metricIds: readonly string[]): Promise<boolean> {
    const state = await this.state(tenant);
    return metricIds.every((metricId) => state.get(figureKey({ metricId, scope, period }))?.final === true);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.heldTimer);
  }

  private state(tenant: string): Promise<Map<string, PublishedFigure>> {
    let state = this.states.get(tenant);
    if (!state) {
      state = this.store.load(tenant);
      this.states.set(tenant, state);
      state.catch(() => this.states.delete(tenant));
    }
    return state;
  }

  private async send(offers: Offer[]): Promise<MetricValue[]> {
    if (!this.config.METRICS_TOPIC) return [];
    const now = Date.now();
    const byTenant = new Map<string, { offer: Offer; kind: FigureKind; fp: string }[]>();
    const changed: MetricValue[] = [];
    for (const offer of offers) {
      const { tenant, value } = offer;
      const state = await this.state(tenant);
      const key = figureKey(value);
      const had = state.get(key);
      const fp = fingerprint(value);
      const finalNow = offer.finalDue && !had?.final;
      if (!finalNow && had?.fingerprint === fp) {
        this.held.delete(`${tenant}|${key}`);
        continue;
      }
      if (had && now - had.publishedAt < COALESCE_MS) {
        this.hold(offer, had.publishedAt + COALESCE_MS - now);
        changed.push(value);
        continue;
      }
      this.held.delete(`${tenant}|${key}`);
      const kind: FigureKind = finalNow ? 'final' : offer.finalDue ? 'revision' : 'live';
      const list = byTenant.get(tenant) ?? [];
      list.push({ offer, kind, fp });
      byTenant.set(tenant, list);
    }
    for (const [tenant, list] of byTenant) {
      await this.publisher.publish(
        TOPICS.metrics,
        list.map(({ offer: { value }, kind }) => ({
          key: metricKey(tenant, value.metricId, value.scope, value.period),
          value: JSON.stringify({ tenant, ...value }),
          headers: { [METRIC_HEADERS.contentType]: METRIC_CONTENT_TYPE, [METRIC_HEADERS.schema]: METRIC_SCHEMA_VERSION, [METRIC_HEADERS.figure]: kind },
        })),
      );
      // Acknowledged now: the next message for a key waits a second from here.
      const at = Date.now();
      const rows = list.map(({ offer, fp, kind }) => ({
        metricId: offer.value.metricId,
        scope: offer.value.scope,
        period: offer.value.period,
        fingerprint: fp,
        final: kind !== 'live',
        publishedAt: at,
      }));
      // Recorded after Kafka acknowledged: a crash in between publishes the same value again, never loses one.
      await this.store.record(tenant, rows);
      const state = await this.state(tenant);
      for (const r of rows) state.set(figureKey(r), { fingerprint: r.fingerprint, final: r.final, publishedAt: r.publishedAt });
      for (const { kind } of list) this.messages.inc({ figure: kind });
      changed.push(...list.map((l) => l.offer.value));
    }
    return changed;
  }

  private hold(offer: Offer, waitMs: number): void {
    this.held.set(`${offer.tenant}|${figureKey(offer.value)}`, offer);
    if (this.heldTimer) return;
    this.heldTimer = setTimeout(
      () => {
        this.heldTimer = undefined;
        const offers = [...this.held.values()];
        this.held.clear();
        const next = this.chain.then(() => this.send(offers));
        this.chain = next.catch((err: Error) => {
          this.logger.warn(`held figures not published: ${err.message}`);
          for (const o of offers) if (!this.held.has(`${o.tenant}|${figureKey(o.value)}`)) this.hold(o, COALESCE_MS);
        });
      },
      Math.max(waitMs, 10),
    );
    this.heldTimer.unref();
  }
}
