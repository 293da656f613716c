import { findUnstorableText } from './storable-text';

describe('findUnstorableText', () => {
  it('finds NUL and lone surrogates anywhere, in document order', () => {
    const value = { a: ['ok', 'x\u0000'], b: { c: '\ud800' }, d: '\ud83d\ude00', e: 'y\udfff' };
    expect(findUnstorableText(value, 'the event').map((e) => e.pointer)).toEqual(['/a/1', '/b/c', '/e']);
  });

  it('escapes pointers and stops at the cap', () => {
    expect(findUnstorableText({ 'a/b~': '\u0000' }, 'x')).toEqual([{ pointer: '/a~1b~0', message: 'a/b~ must not hold a NUL character (U+0000)' }]);
    expect(
      findUnstorableText(
        Array.from({ length: 50 }, () => '\u0000'),
        'x',
        5,
      ),
    ).toHaveLength(5);
  });

  it('walks a deeply nested value without exhausting the stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorableText(deep, 'x')).toHaveLength(1);
  });
});
