import { TimescalesError } from './errors';

/** A tenant's nation. England and Wales share one bank-holiday list but differ in some rules. */
export type Nation = 'england' | 'wales';

export const NATIONS: readonly Nation[] = ['england', 'wales'];

export function assertNation(nation: unknown): asserts nation is Nation {
  if (nation !== 'england' && nation !== 'wales') {
    throw new TimescalesError('INVALID_NATION', `Expected nation 'england' or 'wales', got ${JSON.stringify(nation)}`);
  }
}
