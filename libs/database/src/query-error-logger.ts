import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Failed queries logged with the error's code and message and the start of the statement, never
 * its parameters: those hold event data (TypeORM's own logger prints them), and a consumer
 * isolating a poisoned event repeats the failing insert several times.
 */
export class QueryErrorLogger implements TypeOrmLogger {
  private readonly logger = new Logger('database');

  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    const e = error as Error & { code?: string };
    const statement = query.replace(/\s+/g, ' ').trim().slice(0, 120);
    this.logger.error(`query failed${e.code ? ` (${e.code})` : ''}: ${typeof error === 'string' ? error : e.message}; ${statement}`);
  }

  // Successful queries, schema and migration steps: not logged (migrations log their own summary).
  logQuery(): void {
    return undefined;
  }
  logQuerySlow(): void {
    return undefined;
  }
  logSchemaBuild(): void {
    return undefined;
  }
  logMigration(): void {
    return undefined;
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
