import { readEventsBody } from './request-body';

const status = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return (err as { getStatus: () => number }).getStatus();
  }
};

describe('reading the three body forms of POST /v1/events', () => {
  it('takes one event, a batch array and NDJSON (blank lines skipped)', () => {
    expect(readEventsBody('application/cloudevents+json', { a: 1 }, 10)).toEqual([{ a: 1 }]);
    expect(readEventsBody('application/cloudevents-batch+json; charset=utf-8', [{ a: 1 }, { b: 2 }], 10)).toHaveLength(2);
    expect(readEventsBody('application/x-ndjson', '{"a":1}\n\n{"b":2}\n', 10)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(readEventsBody('application/json', [{ a: 1 }], 10)).toEqual([{ a: 1 }]);
  });

  it('refuses the wrong shape for the type, an empty request, too many events and other media types', () => {
    expect(status(() => readEventsBody('application/cloudevents+json', [{ a: 1 }], 10))).toBe(400);
    expect(status(() => readEventsBody('application/cloudevents-batch+json', { a: 1 }, 10))).toBe(400);
    expect(status(() => readEventsBody('application/cloudevents-batch+json', [], 10))).toBe(400);
    expect(status(() => readEventsBody('application/json', 'text', 10))).toBe(400);
    expect(status(() => readEventsBody('application/x-ndjson', '{}\n{}\n{}', 2))).toBe(413);
    expect(status(() => readEventsBody('text/csv', 'a,b', 10))).toBe(415);
    expect(status(() => readEventsBody(undefined, {}, 10))).toBe(415);
  });
});
