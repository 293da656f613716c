import { CurrentPrincipal, RequireRole, type Principal } from '@casewatch/auth';
import { compileValidator, AcknowledgeRequest, type Alert, type AlertList } from '@casewatch/contracts';
import { KEY, keyShape, type ListSpec, pageOf, PageQueries, ProblemException, readPage } from '@casewatch/service-kit';
import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { TenantSettingsStore } from '@casewatch/tenant-settings';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isTenantId, parseInstant, parseRule, parseStatus, type RawQuery } from '../query/query-params';
import { toAlert, type TenantAlert } from './alert-row';
import { AlertStore } from './alert.store';

const checkAck = compileValidator(AcknowledgeRequest, 'the body');
const PARAMS = ['status', 'rule', 'since'] as const;
// PostgreSQL text holds no NUL, and a lone surrogate would be stored as U+FFFD.
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isStorableText = (text: string) => !UNSTORABLE.test(text);

@ApiTags('alerting')
@Controller('v1/tenants/:tenant/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertStore,
    private readonly tenants: TenantSettingsStore,
  ) {}

  @Get()
  @RequireRole('read')
  @ApiOperation({ summary: 'Alerts, newest first, a page at a time; filters status (firing, resolved), rule, since' })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/AlertList' } })
  @ApiQuery({ name: 'status', required: false, description: 'firing or resolved' })
  @ApiQuery({ name: 'rule', required: false, description: 'a rule id, e.g. lac-visit' })
  @ApiQuery({ name: 'since', required: false, description: 'RFC 3339 date-time on a real date: alerts fired at or after it' })
  @PageQueries()
  async list(@Param('tenant') tenant: string, @Query() raw: RawQuery): Promise<AlertList> {
    await this.knownTenant(tenant);
    const spec: ListSpec = { route: 'alerts', tenant, params: PARAMS, isKey: keyShape(KEY.timestamp, KEY.text) };
    const req = readPage(raw, spec);
    const filter = { status: parseStatus(req.query.status), rule: parseRule(req.query.rule), since: parseInstant('since', req.query.since) };
    const rows = await this.alerts.list(tenant, filter, { limit: req.limit + 1, after: req.after as [string, string] | undefined });
    const page = pageOf(rows, req, spec, (r) => r.key);
    return { items: page.items.map((r) => strip(toAlert(r.row))), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  }

  @Post(':alertId/ack')
  @HttpCode(200)
  @RequireRole('manage')
  @ApiOperation({ summary: 'Acknowledge an alert with a comment; an acknowledged alert stops repeating' })
  @ApiBody({ schema: { $ref: '#/components/schemas/AcknowledgeRequest' } })
  @ApiOkResponse({ description: 'the acknowledged alert', schema: { $ref: '#/components/schemas/Alert' } })
  async ack(
    @Param('tenant') tenant: string,
    @Param('alertId') alertId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Alert> {
    await this.knownTenant(tenant);
    // No id holds NUL (PostgreSQL could not compare it): such an alert does not exist.
    if (alertId.length > 512 || alertId.includes('\u0000')) throw new NotFoundException(`alert not found`);
    const checked = checkAck(body);
    if (!checked.ok) throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid acknowledgement', checked.errors);
    if (!isStorableText(checked.value.comment)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid acknowledgement', [
        { pointer: '/comment', message: 'comment must not hold NUL characters or lone surrogates' },
      ]);
    }
    const row = await this.alerts.acknowledge({ tenant, alertId, by: principal.id, comment: checked.value.comment });
    if (!row) throw new NotFoundException(`alert ${alertId} not found`);
    return strip(toAlert(row));
  }

  private async knownTenant(tenant: string): Promise<void> {
    if (!isTenantId(tenant) || !(await this.tenants.get(tenant))) throw new NotFoundException(`tenant ${tenant} not found`);
  }
}

/** The API's Alert has no tenant (it is in the path); the topic's message has. */
function strip(a: TenantAlert): Alert {
  const { tenant: _tenant, ...alert } = a;
  return alert;
}
