import { RequireRole } from '@casewatch/auth';
import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TenantsService, type StoredTenant } from './tenants.service';

@ApiTags('tenants')
@Controller('v1/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Put(':tenant')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create or replace a tenant (201 created, 200 replaced); published to csc.tenants.v1' })
  @ApiBody({ schema: { $ref: '#/components/schemas/TenantSettings' } })
  @ApiCreatedResponse({ description: 'created', schema: { $ref: '#/components/schemas/TenantRecord' } })
  @ApiOkResponse({ description: 'replaced', schema: { $ref: '#/components/schemas/TenantRecord' } })
  async put(@Param('tenant') tenant: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<StoredTenant> {
    const { created, stored } = await this.tenants.put(tenant, body);
    void reply.status(created ? 201 : 200);
    return stored;
  }

  @Get(':tenant')
  @RequireRole('read')
  @ApiOperation({ summary: "A tenant's settings" })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/TenantRecord' } })
  get(@Param('tenant') tenant: string): Promise<StoredTenant> {
    return this.tenants.get(tenant);
  }
}
