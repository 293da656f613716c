import type { CaseEvent } from '@casewatch/contracts';
import { caseEventJson } from '@casewatch/event-store';
import { CARE_EVENT_TYPES } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DimensionSource } from '../catalogue/breakdown-dimensions';
import { UNKNOWN_KEY } from '../catalogue/breakdown-dimensions';
import type { FigureQuery } from '../catalogue/figure-query.model';
import type { CountDefinition, OpenDefinition, ShareDefinition } from '../catalogue/metric-definition';
import { eventKeyJoin, projectedBirthSql } from './breakdown-keys.store-sql';
import { projectedGroupsSql } from './projected-groups.store-sql';
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

export interface Groups {
  groups: RowGroup[];
  numerator: number;
  denominator: number;
}

/** The rows behind a count, share or open figure (EventFiguresStore's), grouped by a dimension. */
@Injectable()
export class BreakdownStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The rows behind a count, share or open figure, from the events, grouped by a dimension. */
  async groups(def: EventShapeDefinition, q: FigureQuery, from: DimensionSource, projectedBirths = false): Promise<Groups> {
    return this.grouped(groupsSql(def, q, from, projectedBirths));
  }

  /**
   * A snapshot's projected open items (ProjectedFactsStore.openItems' SQL, keyed) grouped as
   * `groups` groups its rows from the events: the keys read from the items themselves.
   */
  async projectedGroups(def: OpenDefinition, items: { text: string; params: unknown[] }, from: DimensionSource, q: FigureQuery): Promise<Groups> {
    return this.grouped(projectedGroupsSql(def, items, from, q));
  }

  private async grouped({ text, params }: { text: string; params: unknown[] }): Promise<Groups> {
    const rows: (RowGroup & { total_n: number; total_d: number })[] = await this.dataSource.query(text, params);
    const total = rows[0] ?? { total_n: 0, total_d: 0 };
    return {
      groups: rows.filter((r) => r.denominator > 0).map(({ key, day, birth, numerator, denominator }) => ({ key, day, birth, numerator, denominator })),
      numerator: total.total_n,
      denominator: total.total_d,
    };
  }

  /**
   * These children's care events (readCare reads no others) as known at `asAt`, withdrawn ones
   * left out, by child: a looked-after figure's children keyed without reading all their events.
   */
  async careEvents(tenant: string, asAt: number, subjects: readonly string[]): Promise<Map<string, CaseEvent[]>> {
    const byChild = new Map<string, CaseEvent[]>();
    if (subjects.length === 0) return byChild;
    const [{ events }]: { events: string | null }[] = await this.dataSource.query(
      `SELECT json_agg(${caseEventJson('e')})::text AS events FROM case_events e
       WHERE e.tenant = $1 AND e.subject = ANY($3::text[]) AND e.type = ANY($4::text[]) AND ${knownAt('e', '$2')}`,
      [tenant, new Date(asAt).toISOString(), subjects, CARE_EVENT_TYPES],
    );
    for (const e of JSON.parse(events ?? '[]') as CaseEvent[]) {
      const list = byChild.get(e.subject);
      if (list) list.push(e);
      else byChild.set(e.subject, [e]);
    }
    return byChild;
  }

  /** Each of these children's latest date of birth recorded (by practice time, then recording, as groupsSql's ages), known at `asAt`. */
  async births(tenant: string, asAt: number, subjects: readonly string[]): Promise<Map<string, string>> {
    if (subjects.length === 0) return new Map();
    const rows: { subject: string; birth: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (d.subject) d.subject, d.data->>'birthDate' AS birth FROM case_events d
       WHERE d.tenant = $1 AND d.subject = ANY($3::text[]) AND d.type = 'csc.child.details-recorded' AND jsonb_typeof(d.data->'birthDate') = 'string'
         AND ${knownAt('d', '$2')}
       ORDER BY d.subject, d.practice_at DESC, d.recorded_at DESC`,
      [tenant, new Date(asAt).toISOString(), subjects],
    );
    return new Map(rows.map((r) => [r.subject, r.birth]));
  }
}

/** As SqlBuilder.known: recorded by `at`, neither retracted nor replaced by then. */
const knownAt = (a: string, at: string) =>
  `${a}.recorded_at <= ${at} AND (${a}.retracted_at IS NULL OR ${a}.retracted_at > ${at}) AND (${a}.superseded_at IS NULL OR ${a}.superseded_at > ${at})`;

/** `projectedBirths`: dates of birth from the projected facts (caught up), not the events. */
export function groupsSql(def: EventShapeDefinition, q: FigureQuery, from: DimensionSource, projectedBirths = false): { text: string; params: unknown[] } {
  // Only a key read from the counted event needs its JSON (without it a count can be read from an index alone).
  const behind = behindSql(def, q, { data: 'event' in from });
  const b = new SqlBuilder(q);
  b.params.push(...behind.params);
  // A child counts once in these: as the figure does, and under one key (its latest item's) when the key is single-valued.
  // Under each team whose scope counts it (as many as its items' teams, when nobody was allocated).
  const bySubject = def.kind === 'open' && (def.distinct === 'subject' || def.shareWith !== undefined);
  const multi = ('event' in from && from.multi === true) || 'team' in from;
  // Its latest item's by day, then the greatest key (what projectedGroupsSql can tell apart).
  const latest = () => ('event' in from ? `coalesce(data->>${b.p(from.event)}::text, ${b.p(UNKNOWN_KEY)}::text) DESC` : 'data::text');
  const rows =
    bySubject && !multi ? `SELECT DISTINCT ON (subject) * FROM r ORDER BY subject, counted DESC, practice_date DESC, ${latest()}` : 'SELECT * FROM r';
  const count = bySubject ? 'count(DISTINCT c.subject)' : 'count(*)';
  // Snapshots read a child's age and team at the period end, flows at the event.
  const day = () => (def.kind === 'open' ? `${b.p(q.last)}::date` : 'c.practice_date');
  // A lookup in the child's other events is made once per child and date (once per child for a
  // snapshot), not once per row: the rows' children and dates (`u`) are read first.
  let lookup = '';
  let key: string;
  let group: string;
  if ('event' in from) {
    const field = b.p(from.event);
    const unknown = b.p(UNKNOWN_KEY);
    key = eventKeyJoin('c.data', field, unknown, multi);
    group = `k.key, NULL::text AS day, NULL::text AS birth`;
  } else if ('age' in from) {
    // The latest date of birth recorded (known at asAt), whatever its date: projected, the span no
    // later record has ended (a month-only date as its first day; ageBandOf reads both alike).
    const birth = projectedBirths
      ? projectedBirthSql('u.subject', b.p(q.tenant), b.p(Date.parse(q.asAt)))
      : `SELECT d.data->>'birthDate' FROM case_events d
        WHERE d.tenant = ${b.p(q.tenant)} AND d.subject = u.subject AND ${b.known('d')} AND d.type = 'csc.child.details-recorded' AND jsonb_typeof(d.data->'birthDate') = 'string'
        ORDER BY d.practice_at DESC, d.recorded_at DESC LIMIT 1`;
    lookup = `, u AS (SELECT DISTINCT subject FROM c), h AS (SELECT u.subject, (${birth}) AS birth FROM u)`;
    key = `LEFT JOIN h k ON k.subject = c.subject`;
    group = `NULL::text AS key, to_char(${day()}, 'YYYY-MM-DD') AS day, k.birth`;
  } else if ('team' in from) {
    // As SqlBuilder.inScope at the same date: the latest allocation event's team ('' once unallocated), else the event's own.
    const unknown = b.p(UNKNOWN_KEY);
    const at = day();
    lookup = `, u AS (SELECT DISTINCT c.subject, ${at} AS day FROM c), h AS (SELECT u.subject, u.day, (
        SELECT CASE WHEN x.type = 'csc.worker.allocated' THEN x.team_id ELSE '' END FROM case_events x
        WHERE x.tenant = ${b.p(q.tenant)} AND x.subject = u.subject AND ${b.known('x')} AND x.type IN ('csc.worker.allocated', 'csc.worker.unallocated')
          AND x.practice_date <= u.day
        ORDER BY x.practice_date DESC, x.practice_at DESC, x.recorded_at DESC LIMIT 1) AS held FROM u)`;
    key = `JOIN h ON h.subject = c.subject AND h.day = ${at} CROSS JOIN LATERAL (SELECT coalesce(nullif(coalesce(h.held, c.team_id), ''), ${unknown}) AS key) k`;
    group = `k.key, NULL::text AS day, NULL::text AS birth`;
  } else {
    throw new Error(`a ${def.kind} figure has no care to break down by`);
  }
  const grouped = group.replace(/ AS \w+/g, '');
  const text = `WITH r AS (${behind.text}), c AS (${rows}) ${lookup},
      t AS (SELECT ${count} FILTER (WHERE c.counted)::int AS total_n, ${count}::int AS total_d FROM c)
    SELECT g.*, t.total_n, t.total_d FROM t LEFT JOIN (
      SELECT ${group}, ${count} FILTER (WHERE c.counted)::int AS numerator, ${count}::int AS denominator
      FROM c ${key} GROUP BY ${grouped}) g ON true`;
  return { text, params: b.params };
}
