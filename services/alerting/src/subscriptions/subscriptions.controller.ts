import { RequireRole } from '@casewatch/auth';
import { validateSubscriptionRequest, type Subscription } from '@casewatch/contracts';
import { TenantSettingsStore } from '@casewatch/tenant-settings';
import { KEY, keyShape, pageOf, PageQueries, ProblemException, readPage, type ListSpec } from '@casewatch/service-kit';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../platform/tokens';
import { timeOrderedId } from './time-ordered-id';
import { SecretBox, webhookSecretKey } from './secret-box';
import { DeliveryStore } from './delivery.store';
import { SubscriptionStore } from './subscription.store';
import { targetPolicy, type TargetPolicy } from './target-policy';
import { secretProblem } from './webhook-signing';
import { systemResolve, targetRefusal } from './webhook-target';

@ApiTags('alerting')
@Controller('v1/tenants/:tenant/subscriptions')
export class SubscriptionsController {
  private readonly policy: TargetPolicy;
  private readonly secrets: SecretBox;

  constructor(
    private readonly store: SubscriptionStore,
    private readonly deliveryStore: DeliveryStore,
    private readonly tenants: TenantSettingsStore,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {
    this.policy = targetPolicy(config);
    this.secrets = new SecretBox(webhookSecretKey(config));
  }

  @Post()
  @RequireRole('manage')
  @ApiOperation({
    summary:
      'Subscribe a webhook or an email address to alerts (filters by rule, team, worker, kind), one message per alert or a daily digest; the secret signs webhook bodies. A webhook target must be http(s) and, in production, reach a public address (WEBHOOK_ALLOW_HOSTS excepted)',
  })
  @ApiBody({ schema: { $ref: '#/components/schemas/SubscriptionRequest' } })
  @ApiCreatedResponse({ description: 'the subscription (without its secret)', schema: { $ref: '#/components/schemas/Subscription' } })
  @ApiResponse({ status: 501, description: 'email delivery is not configured on this service (SMTP_HOST)' })
  @ApiResponse({ status: 503, description: "the webhook target's host could not be resolved now; try again" })
  async create(@Param('tenant') tenant: string, @Body() body: unknown): Promise<Subscription> {
    await this.mustKnowTenant(tenant);
    const checked = validateSubscriptionRequest(body);
    if (!checked.ok) throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid subscription', checked.errors);
    const req = checked.value;
    if (req.channel === 'email' && !this.config.SMTP_HOST) {
      throw new ProblemException(HttpStatus.NOT_IMPLEMENTED, 'email delivery is not configured on this service (SMTP_HOST)');
    }
    if (req.channel === 'webhook') await this.checkWebhook(req.target, req.secret);
    const id = timeOrderedId();
    const secretSealed = req.secret ? this.secrets.seal(req.secret, id) : null;
    return this.store.add({ id, tenant, channel: req.channel, target: req.target, filter: req.filter, digest: req.digest ?? 'none', secretSealed });
  }

  @Get()
  @RequireRole('manage')
  @ApiOperation({ summary: "The tenant's subscriptions in id order, paged by limit (1–10,000, default 1,000) and cursor (secrets are never returned)" })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/SubscriptionList' } })
  @PageQueries()
  async list(@Param('tenant') tenant: string, @Query() query: Record<string, unknown>): Promise<{ items: Subscription[]; nextCursor?: string }> {
    await this.mustKnowTenant(tenant);
    const spec: ListSpec = { route: 'subscriptions', tenant, params: [], isKey: keyShape(KEY.text) };
    const page = readPage(query, spec);
    const rows = await this.store.page(tenant, (page.after?.[0] as string | undefined) ?? null, page.limit + 1);
    return pageOf(rows, page, spec, (s) => [s.id]);
  }

  @Get(':id/deliveries')
  @RequireRole('manage')
  @ApiOperation({
    summary:
      "A subscription's deliveries: pending (or pending-digest), delivered, or failed after the last retry (with the last error); digestDate names the digest that carries it",
  })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/DeliveryList' } })
  async deliveries(@Param('tenant') tenant: string, @Param('id') id: string) {
    await this.mustExist(tenant, id);
    const rows = await this.deliveryStore.ofSubscription(id);
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
  @ApiNoContentResponse({ description: 'deleted' })
  async remove(@Param('tenant') tenant: string, @Param('id') id: string): Promise<void> {
    await this.mustExist(tenant, id);
    await this.store.remove(id);
  }

  /** Target rules of api.md, checked after DNS now and again at every delivery. */
  private async checkWebhook(target: string, secret: string | undefined): Promise<void> {
    const badSecret = secret === undefined ? undefined : secretProblem(secret);
    if (badSecret) throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid subscription', [{ pointer: '/secret', message: badSecret }]);
    let refusal: string | undefined;
    try {
      refusal = await targetRefusal(this.policy, target, systemResolve);
    } catch (err) {
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        `the target's host could not be resolved now (${(err as NodeJS.ErrnoException).code ?? 'DNS error'}); try again`,
      );
    }
    if (refusal)
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'webhook target refused', [
        { pointer: '/target', message: `${refusal}: webhooks may reach only public addresses (WEBHOOK_ALLOW_HOSTS lists exceptions)` },
      ]);
  }

  private async mustKnowTenant(tenant: string): Promise<void> {
    if (!(await this.tenants.get(tenant))) throw new NotFoundException(`tenant ${tenant} not found`);
  }

  private async mustExist(tenant: string, id: string): Promise<void> {
    await this.mustKnowTenant(tenant);
    if (!(await this.store.exists(tenant, id))) throw new NotFoundException(`subscription ${id} not found`);
  }
}
