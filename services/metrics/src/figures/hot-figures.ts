import type { MetricValue } from '@casewatch/contracts';
import { Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';

/** A tenant's whole catalogue for the running period, scope `la`, as of one recompute. */
export interface HotList {
  period: string;
  asOf: string;
  /** The tenant settings' version the values were computed with (targets decide RAG). */
  settingsVersion: number;
  items: MetricValue[];
}

const PREFIX = 'casewatch:hot:';
// Another instance may have recomputed in Redis; trust the local copy this long.
const MEMORY_MS = 1000;
// Older than this, figures are computed on request: no instance is refreshing them.
const MAX_AGE_MS = 5 * 60_000;
const REDIS_TTL_S = MAX_AGE_MS / 1000;

/**
 * The running period's figures kept hot in memory and Redis, so `current` answers are a lookup.
 * Postgres stays the truth: a miss, a flushed Redis or stale settings fall back to computing.
 */
@Injectable()
export class HotFigures {
  private readonly logger = new Logger(HotFigures.name);
  private readonly memory = new Map<string, { at: number; list: HotList }>();
  /** Each tenant's writes in turn: a merge reads the list it replaces items of. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly redis: Redis) {}

  put(tenant: string, list: HotList): Promise<void> {
    return this.inTurn(tenant, () => this.store(tenant, list));
  }

  /** Replaces some figures of the tenant's list (the fast lane); nothing when there is no list yet. */
  merge(tenant: string, period: string, asOf: string, items: MetricValue[]): Promise<void> {
    return this.inTurn(tenant, async () => {
      const list = await this.read(tenant);
      if (!list || list.period !== period || items.length === 0) return;
      const fresh = new Map(items.map((v) => [v.metricId, v]));
      await this.store(tenant, { ...list, asOf, items: list.items.map((v) => fresh.get(v.metricId) ?? v) });
    });
  }

  private inTurn(tenant: string, write: () => Promise<void>): Promise<void> {
    const mine = (this.writing.get(tenant) ?? Promise.resolve()).then(write);
    const settled = mine.catch(() => undefined);
    this.writing.set(tenant, settled);
    void settled.then(() => this.writing.get(tenant) === settled && this.writing.delete(tenant));
    return mine;
  }

  private async store(tenant: string, list: HotList): Promise<void> {
    this.memory.set(tenant, { at: Date.now(), list });
    try {
      await this.redis.set(`${PREFIX}${tenant}`, JSON.stringify(list), 'EX', REDIS_TTL_S);
    } catch (err) {
      this.logger.warn(`hot figures not kept in Redis: ${(err as Error).message}`);
    }
  }

  async get(tenant: string, period: string, settingsVersion: number): Promise<HotList | undefined> {
    const list = await this.read(tenant);
    if (!list || Date.now() - Date.parse(list.asOf) >= MAX_AGE_MS) return undefined;
    return list.period === period && list.settingsVersion === settingsVersion ? list : undefined;
  }

  private async read(tenant: string): Promise<HotList | undefined> {
    const local = this.memory.get(tenant);
    let list = local && Date.now() - local.at < MEMORY_MS ? local.list : undefined;
    if (!list) {
      const text = await this.redis.get(`${PREFIX}${tenant}`).catch(() => null);
      // Redis is the copy every instance shares; without it, compute from Postgres.
      list = text ? (JSON.parse(text) as HotList) : undefined;
      if (list) this.memory.set(tenant, { at: Date.now(), list });
      else this.memory.delete(tenant);
    }
    return list;
  }

  /** Tenants this instance holds figures for. */
  tenants(): string[] {
    return [...this.memory.keys()];
  }
}
