import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { IngestionConfig } from '../config';
import { INGESTION_CONFIG } from '../platform/tokens';
import { TenantsService } from './tenants.service';

const RETRY_MS = 5000;

/** The `demo` tenant of development, as a newcomer finds it after `npm start`. */
export const DEMO_TENANT = {
  name: 'Demo local authority',
  laCode: '999',
  nation: 'england',
  population0to17: 60000,
  reportingCutoffWorkingDays: 10,
};

/**
 * Tenants from `<TENANTS_DIR>/<tenant>.json` at start (for docker-compose users), and the demo
 * tenant outside production. A bad file is logged and skipped, not fatal.
 */
@Injectable()
export class TenantSeeding implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TenantSeeding.name);

  constructor(
    private readonly tenants: TenantsService,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  private retry: NodeJS.Timeout | undefined;

  async onApplicationBootstrap(): Promise<void> {
    const seeds = new Map<string, unknown>();
    if (this.config.NODE_ENV !== 'production') seeds.set('demo', DEMO_TENANT);
    for (const [tenant, settings] of this.readFolder()) seeds.set(tenant, settings);
    await this.load(seeds);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  /** Kafka may still be starting: what could not be published is tried again shortly. */
  private async load(seeds: Map<string, unknown>): Promise<void> {
    const pending = new Map<string, unknown>();
    for (const [tenant, settings] of seeds) {
      try {
        const seed = await this.keepingUploadedComparators(tenant, settings);
        if (await this.tenants.isUnchanged(tenant, seed)) continue;
        await this.tenants.put(tenant, seed);
        this.logger.log(`tenant ${tenant} loaded`);
      } catch (err) {
        const status = (err as { getStatus?: () => number }).getStatus?.();
        if (status === 400) this.logger.warn(`tenant ${tenant} has invalid settings: ${JSON.stringify((err as { getResponse: () => unknown }).getResponse())}`);
        else pending.set(tenant, settings);
      }
    }
    if (pending.size > 0) {
      this.logger.warn(`tenants ${[...pending.keys()].join(', ')} not loaded yet; retrying in ${RETRY_MS} ms`);
      this.retry = setTimeout(() => void this.load(pending), RETRY_MS);
      this.retry.unref();
    }
  }

  /** Comparators usually come by upload (POST …/comparators): a file that sets none keeps them across restarts. */
  private async keepingUploadedComparators(tenant: string, settings: unknown): Promise<unknown> {
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings) || 'comparators' in settings) return settings;
    const stored = await this.tenants.get(tenant).catch((err: unknown) => {
      if (err instanceof NotFoundException) return undefined;
      throw err;
    });
    return stored?.comparators ? { ...settings, comparators: stored.comparators } : settings;
  }

  private readFolder(): [string, unknown][] {
    const dir = this.config.TENANTS_DIR;
    if (!dir) return [];
    const found: [string, unknown][] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      try {
        found.push([basename(file, '.json'), JSON.parse(readFileSync(join(dir, file), 'utf8'))]);
      } catch (err) {
        this.logger.warn(`${file}: not valid JSON (${(err as Error).message})`);
      }
    }
    return found;
  }
}
