import { RequireRole } from '@casewatch/auth';
import { validateSubscriptionRequest, type Subscription, type SubscriptionFilter } from '@casewatch/contracts';
import { ProblemException } from '@casewatch/service-kit';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../platform/tokens';

interface Row {
  id: string;
  channel: Subscription['channel'];
  target: string;
  filter: SubscriptionFilter | null;
  digest: Subscription['digest'];
  created_at: Date;
}

function toSubscription(r: Row): Subscription {
  const s: Subscription = { id: r.id, channel: r.channel, target: r.target, digest: r.digest, createdAt: r.created_at.toISOString() };
  if (r.filter) s.filter = r.filter;
  return s;
}

@ApiTags('alerting')
@Controller('v1/tenants/:tenant/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  @Post()
  @RequireRole('manage')
  @ApiOperation({
    summary: 'Subscribe a webhook or an email address to alerts (filters by rule, team, worker, kind), one message per alert or a daily digest; the secret signs webhook bodies',
  })
  async create(@Param('tenant') tenant: string, @Body() body: unknown): Promise<Subscription> {
    const checked = validateSubscriptionRequest(body);
    if (!checked.ok) throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid subscription', checked.errors);
    const req = checked.value;
    if (req.channel === 'email' && !this.config.SMTP_HOST) {
      throw new ProblemException(HttpStatus.NOT_IMPLEMENTED, 'email delivery is not configured on this service (SMTP_HOST)');
    }
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO subscriptions (id, tenant, channel, target, filter, digest, secret) VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING id, channel, target, filter, digest, created_at`,
      [randomUUID(), tenant, req.channel, req.target, req.filter ? JSON.stringify(req.filter) : null, req.digest ?? 'none', req.secret ?? null],
    );
    return toSubscription(rows[0]);
  }

  @Get()
  @RequireRole('manage')
  @ApiOperation({ summary: "The tenant's subscriptions (secrets are never returned)" })
  async list(@Param('tenant') tenant: string): Promise<{ items: Subscription[] }> {
    const rows: Row[] = await this.dataSource.query(
      'SELECT id, channel, target, filter, digest, created_at FROM subscriptions WHERE tenant = $1 ORDER BY created_at, id',
      [tenant],
    );
    return { items: rows.map(toSubscription) };
  }

  @Get(':id/deliveries')
  @RequireRole('manage')
  @ApiOperation({
    summary:
      "A subscription's deliveries: pending (or pending-digest), delivered, or failed after the last retry (with the last error); digestDate names the digest that carries it",
  })
  async deliveries(@Param('tenant') tenant: string, @Param('id') id: string) {
    await this.mustExist(tenant, id);
    const rows: { alert_id: string; status: string; attempts: number; last_error: string | null; delivered_at: Date | null; digest_date: string | null }[] =
      await this.dataSource.query(
        `SELECT alert_id, status, attempts, last_error, delivered_at, to_char(digest_date, 'YYYY-MM-DD') AS digest_date
         FROM deliveries WHERE subscription_id = $1 ORDER BY alert_id`,
        [id],
      );
    return {
      items: rows.map((r) => ({
        alertId: r.alert_id,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        deliveredAt: r.delivered_at?.toISOString() ?? null,
        digestDate: r.digest_date,
      })),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('manage')
  async remove(@Param('tenant') tenant: string, @Param('id') id: string): Promise<void> {
    await this.mustExist(tenant, id);
    await this.dataSource.transaction(async (m) => {
      await m.query('DELETE FROM deliveries WHERE subscription_id = $1', [id]);
      await m.query('DELETE FROM digest_reminders WHERE subscription_id = $1', [id]);
      await m.query('DELETE FROM digests WHERE subscription_id = $1', [id]);
      await m.query('DELETE FROM subscriptions WHERE id = $1', [id]);
    });
  }

  private async mustExist(tenant: string, id: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM subscriptions WHERE tenant = $1 AND id = $2', [tenant, id]);
    if (rows.length === 0) throw new NotFoundException(`subscription ${id} not found`);
  }
}
