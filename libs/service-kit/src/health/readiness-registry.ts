import { Injectable } from '@nestjs/common';

/** One dependency the service needs before it can serve (Postgres, Redis, Kafka, a consumer group). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<Record<string, unknown> | void>;
}

/** Components add the checks `/health/ready` runs; the platform adds Postgres, Redis and Kafka. */
@Injectable()
export class ReadinessRegistry {
  private readonly list: ReadinessCheck[] = [];

  add(check: ReadinessCheck): void {
    this.list.push(check);
  }

  get checks(): readonly ReadinessCheck[] {
    return this.list;
  }
}
