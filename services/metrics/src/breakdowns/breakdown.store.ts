import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DimensionSource } from '../catalogue/breakdown-dimensions';
import { UNKNOWN_KEY } from '../catalogue/breakdown-dimensions';
import type { FigureQuery } from '../catalogue/figure-query.model';
import type { CountDefinition, OpenDefinition, ShareDefinition } from '../catalogue/metric-definition';
import { behindSql } from '../figures/event-figures.store';
import { SqlBuilder } from '../figures/event-figures.store-sql';

/** The SQL-shaped definitions a breakdown groups: the counted event is a row behind the figure. */
export type EventShapeDefinition = CountDefinition | ShareDefinition | OpenDefinition;

/**
 * One group of the rows behind a figure: a key read from the counted event (`key`), or, for ages,
 * the date the age is taken at and the child's date of birth as recorded.
 */
export interface RowGroup {
  key: string | null;
  day: string | null;
  birth: string | null;
  numerator: number;
  denominator: number;
}

/** The rows behind a count, share or open figure (EventFiguresStore's), grouped by a dimension. */
@Injectable()
export class BreakdownStore {
  constructor(private readonly dataSource: DataSource) {}

  async groups(def: EventShapeDefinition, q: FigureQuery, from: DimensionSource): Promise<{ groups: RowGroup[]; numerator: number; denominator: number }> {
    const { text, params } = groupsSql(def, q, from);
    const rows: (RowGroup & { total_n: number; total_d: number })[] = await this.dataSource.query(text, params);
    const total = rows[0] ?? { total_n: 0, total_d: 0 };
    return {
      groups: rows.filter((r) => r.denominator > 0).map(({ key, day, birth, numerator, denominator }) => ({ key, day, birth, numerator, denominator })),
      numerator: total.total_n,
      denominator: total.total_d,
    };
  }
}

export function groupsSql(def: EventShapeDefinition, q: FigureQuery, from: DimensionSource): { text: string; params: unknown[] } {
  const behind = behindSql(def, q);
  const b = new SqlBuilder(q);
  b.params.push(...behind.params);
  // A child counts once in these: as the figure does, and under one key (its latest item's) when the key is single-valued.
  // Under each team whose scope counts it (as many as its items' teams, when nobody was allocated).
  const bySubject = def.kind === 'open' && (def.distinct === 'subject' || def.shareWith !== undefined);
  const multi = ('event' in from && from.multi === true) || 'team' in from;
  const rows = bySubject && !multi ? `SELECT DISTINCT ON (subject) * FROM r ORDER BY subject, counted DESC, practice_at DESC, data::text` : `SELECT * FROM r`;
  const count = bySubject ? 'count(DISTINCT c.subject)' : 'count(*)';
  let key: string;
  let group: string;
  if ('event' in from) {
    const field = b.p(from.event);
    const unknown = b.p(UNKNOWN_KEY);
    key = multi
      ? `CROSS JOIN LATERAL (SELECT DISTINCT x AS key FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.data->${field}) = 'array'
           AND jsonb_array_length(c.data->${field}) > 0 THEN c.data->${field} ELSE jsonb_build_array(${unknown}::text) END) x) k`
      : `CROSS JOIN LATERAL (SELECT coalesce(c.data->>${field}, ${unknown}) AS key) k`;
    group = `k.key, NULL::text AS day, NULL::text AS birth`;
  } else if ('age' in from) {
    // Snapshots at the period end, flows at the event; the latest date of birth recorded (known at asAt).
    const day = def.kind === 'open' ? `${b.p(q.last)}::date` : 'c.practice_date';
    key = `LEFT JOIN LATERAL (SELECT d.data->>'birthDate' AS birth FROM case_events d
        WHERE d.tenant = ${b.p(q.tenant)} AND d.subject = c.subject AND ${b.known('d')} AND d.type = 'csc.child.details-recorded' AND jsonb_typeof(d.data->'birthDate') = 'string'
        ORDER BY d.practice_at DESC, d.recorded_at DESC LIMIT 1) k ON true`;
    group = `NULL::text AS key, to_char(${day}, 'YYYY-MM-DD') AS day, k.birth`;
  } else if ('team' in from) {
    // As SqlBuilder.inScope at the same date: the latest allocation event's team ('' once unallocated), else the event's own.
    const day = def.kind === 'open' ? `${b.p(q.last)}::date` : 'c.practice_date';
    const unknown = b.p(UNKNOWN_KEY);
    key = `CROSS JOIN LATERAL (SELECT coalesce(nullif(coalesce((
        SELECT CASE WHEN x.type = 'csc.worker.allocated' THEN x.data->>'teamId' ELSE '' END FROM case_events x
        WHERE x.tenant = ${b.p(q.tenant)} AND x.subject = c.subject AND ${b.known('x')} AND x.type IN ('csc.worker.allocated', 'csc.worker.unallocated')
          AND x.practice_date <= ${day}
        ORDER BY x.practice_at DESC, x.recorded_at DESC LIMIT 1), c.team_id), ''), ${unknown}) AS key) k`;
    group = `k.key, NULL::text AS day, NULL::text AS birth`;
  } else {
    throw new Error(`a ${def.kind} figure has no care to break down by`);
  }
  const grouped = group.replace(/ AS \w+/g, '');
  const text = `WITH r AS (${behind.text}), c AS (${rows}),
      t AS (SELECT ${count} FILTER (WHERE c.counted)::int AS total_n, ${count}::int AS total_d FROM c)
    SELECT g.*, t.total_n, t.total_d FROM t LEFT JOIN (
      SELECT ${group}, ${count} FILTER (WHERE c.counted)::int AS numerator, ${count}::int AS denominator
      FROM c ${key} GROUP BY ${grouped}) g ON true`;
  return { text, params: b.params };
}
