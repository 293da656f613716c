import { uniqueId, waitFor } from '@casewatch/testing';
import { startBuiltService, stop, waitReady, type RunningService } from '../support/services';

describe('the three built services, as npm start runs them', () => {
  const services: RunningService[] = [];

  beforeAll(async () => {
    // Logging at info, as npm start runs them (tests default to warn), so the lifecycle lines show.
    const env = { LOG_LEVEL: 'info' };
    services.push(startBuiltService('ingestion', 13001, env), startBuiltService('metrics', 13002, env), startBuiltService('alerting', 13003, env));
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

  it('carries an event from ingestion to a live figure and a deadline', async () => {
    const [ingestion, metrics, alerting] = services;
    const headers = { authorization: 'Bearer dev-admin', 'content-type': 'application/json' };
    const tenant = uniqueId('flow');
    await fetch(`${ingestion.url}/v1/tenants/${tenant}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ name: 'Flow', nation: 'england', population0to17: 1000 }),
    });
    const contact = {
      specversion: '1.0',
      id: uniqueId('c'),
      source: 'urn:la:999:lcs',
      type: 'csc.contact.received',
      time: new Date(Date.now() - 60_000).toISOString(),
      subject: 'C555',
      tenant,
      data: { contactId: 'K555' },
    };
    expect((await fetch(`${ingestion.url}/v1/events`, { method: 'POST', headers, body: JSON.stringify(contact) })).status).toBe(202);
    const figure = await waitFor(
      async () => {
        const res = await fetch(`${metrics.url}/v1/tenants/${tenant}/metrics/contacts.received`, { headers });
        const body = res.ok ? ((await res.json()) as { value: number }) : undefined;
        return body?.value === 1 ? body : undefined;
      },
      { timeoutMs: 30_000, what: 'the figure' },
    );
    expect(figure).toMatchObject({ metricId: 'contacts.received', value: 1 });
    const deadlines = await waitFor(
      async () => {
        const res = await fetch(`${alerting.url}/v1/tenants/${tenant}/deadlines?rule=contact-decision`, { headers });
        const body = res.ok ? ((await res.json()) as { items: { subject: string }[] }) : undefined;
        return body?.items.length === 1 ? body.items : undefined;
      },
      { timeoutMs: 30_000, what: 'the deadline' },
    );
    expect(deadlines[0]).toMatchObject({ subject: 'C555', rule: 'contact-decision' });
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
