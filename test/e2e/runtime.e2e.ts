import { startBuiltService, stop, waitReady, type RunningService } from '../support/services';

// A service started as `npm start` and the e2e tests start it (process.execPath) runs Node 24: its
// Prometheus metrics name the Node version of the process that serves them.
describe('the Node a built service runs on', () => {
  let ingestion: RunningService;

  beforeAll(async () => {
    ingestion = startBuiltService('ingestion', 13051);
    await waitReady(ingestion);
  }, 60_000);

  afterAll(async () => {
    await stop(ingestion);
  });

  it('is Node 24', async () => {
    const metrics = await (await fetch(`${ingestion.url}/metrics`)).text();
    const info = /^nodejs_version_info\{([^}]*)\}/m.exec(metrics)?.[1];
    expect(info).toContain('major="24"');
  });
});
