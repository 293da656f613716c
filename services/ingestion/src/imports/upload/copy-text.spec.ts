import { storableText as storable } from '@casewatch/contracts';
import { copyField, copyJson } from './copy-text';

describe('COPY text fields', () => {
  it('escapes what the COPY text format treats specially', () => {
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('plain-123')).toBe('plain-123');
  });

  it('replaces what text and jsonb cannot hold, keeping valid pairs', () => {
    expect(storable('a\0b')).toBe('a\ufffdb');
    expect(storable('x\ud800y')).toBe('x\ufffdy');
    expect(storable('x\udc00')).toBe('x\ufffd');
    expect(storable('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
  });

  it('writes JSON whose backslashes survive COPY, and no escape jsonb refuses', () => {
    expect(copyJson({ a: 'q"b\\c' })).toBe('{"a":"q\\\\"b\\\\\\\\c"}');
    const out = copyJson({ a: 'n\0l', b: '\ud800', c: ['\udfff'] });
    expect(out).not.toMatch(/u0000|ud[89a-f]/i);
    expect(JSON.parse(out.replace(/\\\\/g, '\\'))).toEqual({ a: 'n\ufffdl', b: '\ufffd', c: ['\ufffd'] });
  });
});
