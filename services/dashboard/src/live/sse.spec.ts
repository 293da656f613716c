import { SseParser, type SseMessage } from './sse';

describe('SSE parser', () => {
  it('parses events split across chunks, with ids, comments and CRLF', () => {
    const got: SseMessage[] = [];
    const p = new SseParser((m) => got.push(m));
    p.push(': connected\n\nid: 7\nevent: met');
    p.push('ric\ndata: {"a":1}\r');
    p.push('\n\r\nevent: queue\ndata: {"b"\ndata: :2}\n\n');
    expect(got).toEqual([
      { event: 'metric', data: '{"a":1}', id: '7' },
      { event: 'queue', data: '{"b"\n:2}', id: '7' },
    ]);
  });
});
