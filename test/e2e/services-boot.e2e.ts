import { uniqueId } from '@casewatch/testing';
import { startBuiltService, stop, waitReady, type RunningService } from '../support/services';

describe('the three built services, as npm start runs them', () => {
  const services: RunningService[] = [];

  beforeAll(async () => {
    services.push(startBuiltService('ingestion', 13001), startBuiltService('metrics', 13002), startBuiltService('alerting', 13003));
    await Promise.all(services.map(waitReady));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(services.map(stop));
  });

  it('each serves live, ready, Prometheus metrics and OpenAPI docs', async () => {
    for (const s of services) {
      expect((await fetch(`${s.url}/health/live`)).status).toBe(200);
      const ready = (await (await fetch(`${s.url}/health/ready`)).json()) as { details: unknown };
      expect(ready.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, kafka: { status: 'up' } });
      const metrics = await fetch(`${s.url}/metrics`);
      expect(await metrics.text()).toContain(`service="${s.name}"`);
      expect((await fetch(`${s.url}/docs`)).status).toBe(200);
    }
  });

  it('ingestion accepts a first event over HTTP, as the README shows', async () => {
    const ingestion = services[0];
    const headers = { authorization: 'Bearer dev-admin', 'content-type': 'application/json' };
    const tenant = uniqueId('e2e');
    const put = await fetch(`${ingestion.url}/v1/tenants/${tenant}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ name: 'E2E', nation: 'wales', population0to17: 1000 }),
    });
    expect(put.status).toBe(201);
    const res = await fetch(`${ingestion.url}/v1/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        specversion: '1.0',
        id: uniqueId('lcs'),
        source: 'urn:la:999:lcs',
        type: 'csc.referral.received',
        time: '2026-11-20',
        subject: 'C1029384',
        tenant,
        data: { referralId: 'R-1', source: '3A' },
      }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it('stops cleanly on SIGTERM', async () => {
    const codes = await Promise.all(services.map(stop));
    expect(codes).toEqual([0, 0, 0]);
    for (const s of services) expect(s.output()).toContain('stopped');
  });
});
