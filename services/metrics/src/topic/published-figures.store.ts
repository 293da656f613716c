import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What csc.metrics.v1 last carried for one key. */
export interface PublishedFigure {
  fingerprint: string;
  /** The period's final figure (at its reporting cut-off) has been published. */
  final: boolean;
  publishedAt: number;
}

export interface FigureKey {
  metricId: string;
  scope: string;
  period: string;
}

/** Keys of one tenant's figures in memory: period, scope, metric. */
export const figureKey = (k: FigureKey) => `${k.period}|${k.scope}|${k.metricId}`;

/** The published_figures table: the topic's state per key, kept with the figures it describes. */
@Injectable()
export class PublishedFiguresStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(tenant: string): Promise<Map<string, PublishedFigure>> {
    const rows: { metric_id: string; scope: string; period: string; fingerprint: string; final: boolean; published_at: Date }[] = await this.dataSource.query(
      'SELECT metric_id, scope, period, fingerprint, final, published_at FROM published_figures WHERE tenant = $1',
      [tenant],
    );
    return new Map(
      rows.map((r) => [
        figureKey({ metricId: r.metric_id, scope: r.scope, period: r.period }),
        { fingerprint: r.fingerprint, final: r.final, publishedAt: r.published_at.getTime() },
      ]),
    );
  }

  async record(tenant: string, figures: (FigureKey & PublishedFigure)[]): Promise<void> {
    if (figures.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO published_figures (tenant, metric_id, scope, period, fingerprint, final, published_at)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[])
       ON CONFLICT (tenant, period, scope, metric_id) DO UPDATE
         SET fingerprint = excluded.fingerprint, final = excluded.final, published_at = excluded.published_at`,
      [
        tenant,
        figures.map((f) => f.metricId),
        figures.map((f) => f.scope),
        figures.map((f) => f.period),
        figures.map((f) => f.fingerprint),
        figures.map((f) => f.final),
        figures.map((f) => new Date(f.publishedAt).toISOString()),
      ],
    );
  }
}
