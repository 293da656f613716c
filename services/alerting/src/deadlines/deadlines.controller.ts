import { RequireRole } from '@casewatch/auth';
import { DEADLINE_STATES, type Deadline, type DeadlineList } from '@casewatch/contracts';
import { ProblemException } from '@casewatch/service-kit';
import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { londonIso } from './london-iso';

interface DeadlineQuery {
  state?: string;
  rule?: string;
  subject?: string;
  teamId?: string;
  workerId?: string;
}

interface Row {
  deadline_id: string;
  rule: string;
  subject: string;
  state: Deadline['state'];
  start_date: string;
  due_at: Date;
  met_at: Date | null;
  team_id: string | null;
  worker_id: string | null;
  explain: string;
}

@ApiTags('alerting')
@Controller('v1/tenants/:tenant/deadlines')
export class DeadlinesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @RequireRole('read')
  @ApiOperation({ summary: 'Deadlines; by default the open, due-soon and overdue ones, soonest due first' })
  async list(@Param('tenant') tenant: string, @Query() q: DeadlineQuery): Promise<DeadlineList> {
    const states = (q.state ?? 'open,due-soon,overdue').split(',');
    const bad = states.filter((s) => !(DEADLINE_STATES as readonly string[]).includes(s));
    if (bad.length > 0) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid state', [
        { pointer: '/state', message: `state must be among ${DEADLINE_STATES.join(', ')}` },
      ]);
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT deadline_id, rule, subject, state, to_char(start_date, 'YYYY-MM-DD') AS start_date, due_at, met_at, team_id, worker_id, explain
       FROM deadlines
       WHERE tenant = $1 AND state = ANY($2::text[])
         AND ($3::text IS NULL OR rule = $3) AND ($4::text IS NULL OR subject = $4)
         AND ($5::text IS NULL OR team_id = $5) AND ($6::text IS NULL OR worker_id = $6)
       ORDER BY due_at, deadline_id LIMIT 10000`,
      [tenant, states, q.rule ?? null, q.subject ?? null, q.teamId ?? null, q.workerId ?? null],
    );
    return {
      items: rows.map((r) => {
        const d: Deadline = {
          deadlineId: r.deadline_id,
          rule: r.rule,
          subject: r.subject,
          state: r.state,
          startedAt: r.start_date,
          dueAt: londonIso(r.due_at),
          metAt: r.met_at ? r.met_at.toISOString() : null,
          explain: r.explain,
        };
        if (r.team_id) d.teamId = r.team_id;
        if (r.worker_id) d.workerId = r.worker_id;
        return d;
      }),
    };
  }
}
