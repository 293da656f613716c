import { loadEnv } from '@casewatch/service-kit';
import { num, port, str } from 'envalid';

export const ingestionEnvSpec = {
  PORT: port({ default: 3001 }),
  INGESTION_DB: str({ default: 'casewatch_ingestion' }),
  TENANTS_DIR: str({ default: '', desc: 'folder of <tenant>.json settings loaded at start' }),
  MAX_EVENTS_PER_REQUEST: num({ default: 10_000 }),
  MAX_BODY_BYTES: num({ default: 10 * 1024 * 1024 }),
};

export type IngestionConfig = ReturnType<typeof loadIngestionConfig>;

export function loadIngestionConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadEnv(ingestionEnvSpec, source);
}
