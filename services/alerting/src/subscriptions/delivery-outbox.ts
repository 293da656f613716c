import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AlertOutbox } from '../alerts/alert-outbox';
import type { TenantAlert } from '../alerts/alert-row';
import { DeliveryStore } from './delivery.store';
import { DeliveryWorker } from './delivery-worker';

/** New alerts become deliveries in their transaction; the worker is woken when some are to be sent now. */
@Injectable()
export class DeliveryOutbox implements AlertOutbox {
  constructor(
    private readonly deliveries: DeliveryStore,
    private readonly worker: DeliveryWorker,
  ) {}

  async queue(m: EntityManager, alerts: TenantAlert[]): Promise<void> {
    if ((await this.deliveries.queue(m, alerts)) > 0) this.worker.wake();
  }
}
