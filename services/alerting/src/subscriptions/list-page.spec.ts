import { encodeCursor, readPageRequest, timeOrderedId } from './list-page';

describe('list pages', () => {
  it('reads limit (1–10,000, default 1,000) and refuses anything else', () => {
    expect(readPageRequest({}, 'x')).toEqual({ ok: true, value: { limit: 1000, after: null } });
    expect(readPageRequest({ limit: '10000' }, 'x')).toEqual({ ok: true, value: { limit: 10000, after: null } });
    for (const limit of ['0', '10001', '1.5', '-1', 'ten', '', ['5', '6']]) {
      expect(readPageRequest({ limit }, 'x')).toMatchObject({ ok: false, pointer: '/limit' });
    }
  });

  it('takes the query from the cursor, which only its own list accepts', () => {
    const cursor = encodeCursor('subscriptions:a', 7, 'id-7');
    expect(readPageRequest({ cursor }, 'subscriptions:a')).toEqual({ ok: true, value: { limit: 7, after: 'id-7' } });
    expect(readPageRequest({ cursor, limit: '3' }, 'subscriptions:a')).toEqual({ ok: true, value: { limit: 3, after: 'id-7' } });
    for (const bad of [cursor, 'not-a-cursor', '\u0000', [cursor, cursor]]) {
      expect(readPageRequest({ cursor: bad }, 'subscriptions:b')).toMatchObject({ ok: false, pointer: '/cursor' });
    }
  });

  it('makes ids that sort in the order they were made', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => timeOrderedId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
