import { HttpException } from '@nestjs/common';
import { afterKey, KEY, keyShape, pageOf, readPage, type ListSpec } from './page-cursor';

const spec: ListSpec = { route: 'queue:q', tenant: 't1', params: ['state'], isKey: keyShape(KEY.number, KEY.text) };
const rows = [5, 1, 3, 2, 4].map((n) => ({ n, id: `i${n}` }));
const keyOf = (r: { n: number; id: string }): [number, string] => [r.n, r.id];
const status = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (err) {
    return err instanceof HttpException ? err.getStatus() : 'threw';
  }
};

describe('page cursors', () => {
  it('follows a list to its end: each item once, in key order, no cursor on the last page', () => {
    const seen: number[] = [];
    let raw: Record<string, unknown> = { state: 'open', limit: '2' };
    for (;;) {
      const req = readPage(raw, spec);
      expect(req.query).toEqual({ state: 'open' });
      const page = pageOf(afterKey(rows, req, keyOf), req, spec, keyOf);
      seen.push(...page.items.map((r) => r.n));
      if (!page.nextCursor) break;
      raw = { cursor: page.nextCursor };
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('defaults to 1,000 and keeps the first limit unless another is given', () => {
    expect(readPage({}, spec).limit).toBe(1000);
    const first = readPage({ limit: '1' }, spec);
    const { nextCursor } = pageOf(afterKey(rows, first, keyOf), first, spec, keyOf);
    expect(readPage({ cursor: nextCursor }, spec)).toMatchObject({ limit: 1, after: [1, 'i1'] });
    expect(readPage({ cursor: nextCursor, limit: '3', state: undefined }, spec).limit).toBe(3);
  });

  it('refuses altered cursors, other lists and tenants, and a query that differs from the cursor', () => {
    const req = readPage({ limit: '1' }, spec);
    const cursor = pageOf(afterKey(rows, req, keyOf), req, spec, keyOf).nextCursor as string;
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const reencode = (b: unknown) => Buffer.from(JSON.stringify(b)).toString('base64url');
    for (const bad of [`${cursor}A`, cursor.slice(1), reencode({ ...body, k: [0, 'i0'] }), reencode({ ...body, l: 20000 }), 'x'.repeat(5000), '{}', '']) {
      expect(status(() => readPage({ cursor: bad }, spec))).toBe(400);
    }
    expect(status(() => readPage({ cursor }, { ...spec, tenant: 't2' }))).toBe(400);
    expect(status(() => readPage({ cursor }, { ...spec, route: 'queue:r' }))).toBe(400);
    expect(status(() => readPage({ cursor, state: 'met' }, spec))).toBe(400);
    expect(status(() => readPage({ cursor: [cursor, cursor] }, spec))).toBe(400);
  });

  it('checks timestamps in keys before they reach SQL', () => {
    expect(KEY.timestamp('2026-10-15T22:59:59.999000Z')).toBe(true);
    for (const bad of ['2026-02-30T00:00:00.000000Z', '2026-10-15T24:00:00.000000Z', '2026-10-15T22:59:59Z', 5]) expect(KEY.timestamp(bad)).toBe(false);
    expect(KEY.text('a\u0000')).toBe(false);
  });
});
