import { loadEnv } from '@casewatch/service-kit';
import { num, port, str } from 'envalid';

export const ingestionEnvSpec = {
  PORT: port({ default: 3001 }),
  INGESTION_DB: str({ default: 'casewatch_ingestion' }),
  TENANTS_DIR: str({ default: '', desc: 'folder of <tenant>.json settings loaded at start' }),
  MAX_EVENTS_PER_REQUEST: num({ default: 10_000 }),
  MAX_BODY_BYTES: num({ default: 10 * 1024 * 1024 }),
  IMPORT_MAX_FILE_BYTES: num({ default: 2 * 1024 * 1024 * 1024, desc: 'largest file of an import upload' }),
  IMPORT_WAIT_MS: num({ default: 5000, desc: 'an import still running after this answers 202 with its progress URL' }),
};

export type IngestionConfig = ReturnType<typeof loadIngestionConfig>;

export function loadIngestionConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadEnv(ingestionEnvSpec, source);
}
