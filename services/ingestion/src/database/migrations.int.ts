import { pendingSchemaChanges } from '@casewatch/database';
import { postgresSettings } from '@casewatch/service-kit';
import { TEST_ENV } from '@casewatch/testing';
import { loadIngestionConfig } from '../config';
import { ingestionDataSourceOptions } from './data-source-options';

describe('ingestion migrations', () => {
  it('leave nothing for the entities to change (no drift)', async () => {
    const config = loadIngestionConfig(TEST_ENV);
    const changes = await pendingSchemaChanges(ingestionDataSourceOptions(postgresSettings(config, config.INGESTION_DB)));
    expect(changes).toEqual([]);
  });
});
