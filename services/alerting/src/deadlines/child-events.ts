import type { CaseEvent } from '@casewatch/contracts';
import type { EntityManager } from 'typeorm';

/** A child's events as known now (withdrawn and replaced ones left out), as CloudEvents for the engine. */
export async function loadChildEvents(m: EntityManager, tenant: string, subject: string): Promise<CaseEvent[]> {
  const rows: { source: string; event_id: string; type: string; practice_at: Date; recorded_at: Date; data: Record<string, unknown> }[] =
    await m.query(
      `SELECT source, event_id, type, practice_at, recorded_at, data FROM case_events
       WHERE tenant = $1 AND subject = $2 AND retracted_at IS NULL AND superseded_at IS NULL AND type <> 'csc.event.retracted'`,
      [tenant, subject],
    );
  return rows.map(
    (r) =>
      ({
        specversion: '1.0',
        id: r.event_id,
        source: r.source,
        type: r.type,
        time: r.practice_at.toISOString(),
        subject,
        tenant,
        recordedtime: r.recorded_at.toISOString(),
        data: r.data,
      }) as CaseEvent,
  );
}
