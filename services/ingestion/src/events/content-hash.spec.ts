import { canonicalJson, contentHash } from './content-hash';

describe('contentHash', () => {
  const event = {
    specversion: '1.0',
    id: 'ev-1',
    source: 'urn:la:999:test',
    type: 'csc.visit.completed',
    time: '2026-11-02T09:00:00Z',
    subject: 'C1',
    tenant: 't1',
    data: { visitId: 'V1', kind: 'cp', seen: true },
  };

  it('is the same for the same content in another key order, at any depth', () => {
    const reordered = {
      data: { seen: true, kind: 'cp', visitId: 'V1' },
      tenant: 't1',
      subject: 'C1',
      time: event.time,
      type: event.type,
      source: event.source,
      id: 'ev-1',
      specversion: '1.0',
    };
    expect(contentHash(reordered)).toBe(contentHash(event));
  });

  it('leaves out recordedtime, which ingestion stamps', () => {
    expect(contentHash({ ...event, recordedtime: '2026-11-02T10:00:00Z' })).toBe(contentHash(event));
  });

  it('differs when anything else differs', () => {
    const hashes = new Set([
      contentHash(event),
      contentHash({ ...event, data: { ...event.data, seen: false } }),
      contentHash({ ...event, time: '2026-11-02T09:00:01Z' }),
      contentHash({ ...event, supersedes: 'ev-0' }),
    ]);
    expect(hashes.size).toBe(4);
  });

  it('writes canonical JSON: sorted keys, arrays in their order, no undefined fields', () => {
    expect(canonicalJson({ b: [3, { y: 1, x: 'é' }], a: null, c: undefined })).toBe('{"a":null,"b":[3,{"x":"é","y":1}]}');
  });
});
