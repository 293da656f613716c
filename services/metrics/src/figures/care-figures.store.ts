import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CareDefinition } from '../catalogue/metric-definition';
import { itemKind } from '../projection/open-items';
import type { CareRow, CareWindow } from './care-rows';

const KNOWN = (alias: string) => `${alias}.known_from <= $2 AND ${alias}.known_to > $2`;

/** A projected allocation span: who held the child's case from `fromAt` until `toAt`. */
export interface AllocationSpan {
  subject: string;
  fromAt: number;
  toAt: number;
  /** `allocated` or `unallocated`. */
  day: string;
  teamId: string | null;
  workerId: string | null;
}

/** The projected care facts the looked-after figures read (projected_facts of the care kinds, and allocations). */
@Injectable()
export class CareFiguresStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Each child's row of a care figure, known at asAt: its counted stretch (`lac`, `lac-uasc`) with
   * its placements, or its first counted start or last counted ending in the window (then `at`).
   */
  careRows({
    def,
    window: w,
    tenant,
    asAt,
  }: {
    def: CareDefinition;
    window: CareWindow;
    tenant: string;
    asAt: number;
  }): Promise<(CareRow & { at?: number })[]> {
    const params: unknown[] = [tenant, asAt];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    let sql: string;
    if (def.measure === 'looked-after') {
      const at = p(w.at);
      const also = def.alsoOpen
        ? `AND EXISTS (SELECT 1 FROM projected_facts o WHERE o.tenant = l.tenant AND o.subject = l.subject AND o.kind = ${p(itemKind(def.alsoOpen))}
             AND o.from_at <= ${at} AND o.to_at > ${at} AND ${KNOWN('o')})`
        : '';
      const placements = def.placements
        ? `(SELECT count(DISTINCT pl.day) FROM projected_facts pl WHERE pl.tenant = l.tenant AND pl.subject = l.subject AND pl.kind = 'lac-place'
             AND pl.from_at <= ${at} AND pl.to_at > ${p(w.placementsFrom)} AND ${KNOWN('pl')}) >= ${p(def.placements.atLeast)}`
        : 'true';
      sql = `SELECT DISTINCT ON (l.subject) l.subject, l.day, ${placements} AS counted, ${at}::float8 AS "scopeAt", l.team_id AS "teamId", l.worker_id AS "workerId"
        FROM projected_facts l
        WHERE l.tenant = $1 AND l.kind = ${p(def.uasc ? 'lac-uasc' : 'lac')} AND l.from_at <= ${at} AND l.to_at > ${at} AND ${KNOWN('l')} ${also}
        ORDER BY l.subject, l.from_at DESC`;
    } else {
      // The first counted start, or the last counted ending, of each child in the period.
      const counted = def.reasons ? `f.day = ANY(${p(def.reasons)}::text[])` : 'true';
      sql = `SELECT DISTINCT ON (f.subject) f.subject, f.from_at::float8 AS at, ${counted} AS counted, f.team_id AS "teamId", f.worker_id AS "workerId"
        FROM projected_facts f
        WHERE f.tenant = $1 AND f.kind = ${p(def.measure === 'started' ? 'lac-start' : 'lac-end')}
          AND f.from_at >= ${p(w.from)} AND f.from_at < ${p(w.to)} AND ${KNOWN('f')}
        ORDER BY f.subject, f.from_at ${def.measure === 'started' ? 'ASC' : 'DESC'}`;
    }
    return this.dataSource.query(sql, params);
  }

  /** The projected allocation spans of these children, known at asAt. */
  allocations(tenant: string, asAt: number, subjects: string[]): Promise<AllocationSpan[]> {
    return this.dataSource.query(
      `SELECT a.subject, a.from_at::float8 AS "fromAt", a.to_at::float8 AS "toAt", a.day, a.team_id AS "teamId", a.worker_id AS "workerId"
       FROM projected_facts a WHERE a.tenant = $1 AND a.subject = ANY($3::text[]) AND a.kind = 'alloc' AND ${KNOWN('a')}`,
      [tenant, asAt, subjects],
    );
  }
}
