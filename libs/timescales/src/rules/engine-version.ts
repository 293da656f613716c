import { createHash } from 'node:crypto';
import { CARE_READING_VERSION } from '../care/care-periods';
import { DEFAULT_RULES } from './default-rules';

/**
 * Changes whenever the default rules or the reading of care change: stored deadlines and
 * projections made with another must be made again (alerting's re-evaluation, metrics' projections).
 */
export const RULES_ENGINE_VERSION = createHash('sha256').update(JSON.stringify(DEFAULT_RULES)).update(CARE_READING_VERSION).digest('hex').slice(0, 8);
