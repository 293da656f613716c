import type { EntityManager } from 'typeorm';
import type { TenantAlert } from './alert-row';

/**
 * Where new alerts go in the transaction that inserted them (the subscriptions' deliveries,
 * provided in app.module.ts): alerts know no subscriber, so subscriptions import alerts, not
 * the other way round.
 */
export abstract class AlertOutbox {
  abstract queue(m: EntityManager, alerts: TenantAlert[]): Promise<void>;
}
