import type { RegionMetric } from '@casewatch/contracts';
import { NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CasewatchApi } from '../api/api-client';
import { Access } from '../auth/access';
import type { SessionCookies } from '../auth/session';
import type { DashboardUser } from '../auth/user';
import type { DashboardConfig } from '../config';
import type { Pages } from '../render/page';
import { createViews } from '../render/views';
import { REGION_CSV_HEADER, regionCsvRows } from './region-csv';
import { RegionPageController } from './region-page.controller';

const ANSWER: RegionMetric = {
  metricId: 'assessments.within-45wd',
  title: 'Assessments completed within 45 working days',
  unit: 'percent',
  polarity: 'high',
  period: '2026-10',
  region: 'yorkshire',
  mean: 81,
  median: 81,
  quartilePoints: [81, 81, 81],
  asOf: '2026-11-20T09:00:00.000Z',
  items: [
    { tenant: 'york', name: 'York', value: 81, rank: 1, quartile: 'A' },
    { tenant: 'hull', name: '=Hull', value: 81, rank: 1, quartile: 'A' },
    { tenant: 'kirklees', name: 'Kirklees', value: null, rank: null, quartile: null },
  ],
};

describe('the region page as CSV', () => {
  it('has the summary rows the page shows, then a council a row with raw rank and value', () => {
    expect(regionCsvRows(ANSWER, '20 Nov 2026, 09:00')).toEqual([
      ['summary', null, '', '', 'Indicator', null, '', 'Assessments completed within 45 working days (assessments.within-45wd)'],
      ['summary', null, '', '', 'Region', null, '', 'yorkshire'],
      ['summary', null, '', '', 'Period', null, '', 'October 2026'],
      ['summary', null, '', '', 'Good performance', null, '', 'Higher is better'],
      ['summary', null, '', '', 'Councils sharing', 3, '', '3 (1 without a figure)'],
      ['summary', null, '', '', 'Mean of the councils', 81, '', '81.0%'],
      ['summary', null, '', '', 'Median', 81, '', '81.0%'],
      ['summary', null, '', '', 'Quartile band', null, 'A', 'A: 81% or more'],
      ['summary', null, '', '', 'Quartile band', null, 'B', 'B: none (its two quartile points are equal)'],
      ['summary', null, '', '', 'Quartile band', null, 'C', 'C: none (its two quartile points are equal)'],
      ['summary', null, '', '', 'Quartile band', null, 'D', 'D: below 81%'],
      ['summary', null, '', '', 'Figures as at', null, '', '20 Nov 2026, 09:00'],
      ['council', 1, 'yes', 'york', 'York', 81, 'A', 'A (best quarter)'],
      ['council', 1, 'yes', 'hull', '=Hull', 81, 'A', 'A (best quarter)'],
      ['council', null, '', 'kirklees', 'Kirklees', null, '', 'No band'],
    ]);
  });
});

describe('GET /regions/{region}/metrics/{metricId}?format=csv', () => {
  const request = (user: DashboardUser) => {
    const api = { regionMetric: jest.fn(async () => ANSWER) };
    const pages = { send: jest.fn(async () => undefined) };
    const access = new Access({ production: true } as DashboardConfig, { read: () => user } as unknown as SessionCookies);
    const controller = new RegionPageController(access, api as unknown as CasewatchApi, pages as unknown as Pages);
    const sent: { headers: Record<string, string>; body?: string } = { headers: {} };
    const reply = {
      header(name: string, value: string) {
        sent.headers[name] = value;
        return reply;
      },
      async send(body: string) {
        sent.body = body;
      },
    };
    const get = (format?: string) =>
      controller.page(
        'yorkshire',
        ANSWER.metricId,
        { period: '2026-10', format },
        { url: '/regions/yorkshire' } as FastifyRequest,
        reply as unknown as FastifyReply,
      );
    return { api, pages, sent, get };
  };
  const analyst: DashboardUser = { name: 'R', access: { 'region:yorkshire': ['read'] } };

  it('downloads the table for a user who may read the region, escaping what a spreadsheet would run', async () => {
    const { api, sent, get } = request(analyst);
    await get('csv');
    expect(api.regionMetric).toHaveBeenCalledWith('yorkshire', ANSWER.metricId, { period: '2026-10' });
    expect(sent.headers).toEqual({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="casewatch-region-yorkshire-assessments.within-45wd-2026-10.csv"',
      'cache-control': 'no-store',
    });
    const lines = (sent.body ?? '').trimEnd().split('\r\n');
    expect(lines[0]).toBe(REGION_CSV_HEADER.join(','));
    expect(lines).toHaveLength(1 + 12 + ANSWER.items.length);
    expect(lines.slice(-3)).toEqual([
      'council,1,yes,york,York,81,A,A (best quarter)',
      "council,1,yes,hull,'=Hull,81,A,A (best quarter)",
      'council,,,kirklees,Kirklees,,,No band',
    ]);
  });

  it('is no page for a user without the region, even one who reads a council in it', async () => {
    const others: DashboardUser[] = [
      { name: 'L', access: { york: ['read', 'manage'] } },
      { name: 'N', access: { 'region:north-east': ['read'] } },
    ];
    for (const user of others) {
      const { api, sent, get } = request(user);
      await expect(get('csv')).rejects.toBeInstanceOf(NotFoundException);
      expect(api.regionMetric).not.toHaveBeenCalled();
      expect(sent.body).toBeUndefined();
    }
  });

  it('links the download from the page, with its period', async () => {
    const { pages, get } = request(analyst);
    await get();
    const ctx = (pages.send.mock.calls[0] as unknown[])[2] as Record<string, unknown>;
    expect(ctx).toMatchObject({ csvHref: `/regions/yorkshire/metrics/${ANSWER.metricId}?period=2026-10&format=csv` });
    const html = createViews().render('region.njk', ctx);
    expect(html).toContain(
      `<a class="govuk-link" href="/regions/yorkshire/metrics/${ANSWER.metricId}?period=2026-10&amp;format=csv" download="casewatch-region-yorkshire-assessments.within-45wd-2026-10.csv">Download this table as CSV</a>`,
    );
  });
});
