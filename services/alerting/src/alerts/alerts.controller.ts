import { CurrentPrincipal, RequireRole, type Principal } from '@casewatch/auth';
import { compileValidator, AcknowledgeRequest, type Alert, type AlertList } from '@casewatch/contracts';
import { ProblemException } from '@casewatch/service-kit';
import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { toAlert, type AlertRow } from './alert-writer';

const checkAck = compileValidator(AcknowledgeRequest, 'the body');

@ApiTags('alerting')
@Controller('v1/tenants/:tenant/alerts')
export class AlertsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @RequireRole('read')
  @ApiOperation({ summary: 'Alerts, newest first; filters status (firing, resolved), rule, since' })
  async list(@Param('tenant') tenant: string, @Query() q: { status?: string; rule?: string; since?: string }): Promise<AlertList> {
    if (q.status !== undefined && q.status !== 'firing' && q.status !== 'resolved') {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid status', [{ pointer: '/status', message: 'status must be firing or resolved' }]);
    }
    const since = q.since === undefined ? null : Date.parse(q.since);
    if (since !== null && Number.isNaN(since)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid since', [{ pointer: '/since', message: 'since must be an RFC 3339 date-time' }]);
    }
    const rows: AlertRow[] = await this.dataSource.query(
      `SELECT * FROM alerts WHERE tenant = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR rule = $3)
         AND ($4::timestamptz IS NULL OR fired_at >= $4) ORDER BY fired_at DESC, alert_id LIMIT 10000`,
      [tenant, q.status ?? null, q.rule ?? null, since === null ? null : new Date(since).toISOString()],
    );
    return { items: rows.map((r) => strip(toAlert(r))) };
  }

  @Post(':alertId/ack')
  @HttpCode(200)
  @RequireRole('manage')
  @ApiOperation({ summary: 'Acknowledge an alert with a comment; an acknowledged alert stops repeating' })
  async ack(
    @Param('tenant') tenant: string,
    @Param('alertId') alertId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Alert> {
    const checked = checkAck(body);
    if (!checked.ok) throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid acknowledgement', checked.errors);
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [AlertRow[], number] = await this.dataSource.query(
      `UPDATE alerts SET ack_by = $3, ack_at = now(), ack_comment = $4 WHERE tenant = $1 AND alert_id = $2 RETURNING *`,
      [tenant, alertId, principal.id, checked.value.comment],
    );
    if (rows.length === 0) throw new NotFoundException(`alert ${alertId} not found`);
    return strip(toAlert(rows[0]));
  }
}

/** The API's Alert has no tenant (it is in the path); the topic's message has. */
function strip(a: Alert & { tenant: string }): Alert {
  const { tenant: _tenant, ...alert } = a;
  return alert;
}
