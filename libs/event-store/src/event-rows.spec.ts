import { createEventValidator, EXAMPLE_EVENTS } from '@casewatch/contracts';
import type { KafkaMessage } from 'kafkajs';
import { toEventRows } from './event-rows';

const message = (value: string, offset: string): KafkaMessage =>
  ({ key: Buffer.from('k'), value: Buffer.from(value), offset, timestamp: '1763900000000', attributes: 0, headers: {} }) as KafkaMessage;

describe('turning consumed messages into event rows', () => {
  const validate = createEventValidator();

  it('keeps valid events with their London practice date and recorded time, and sets aside the rest with a reason', () => {
    const visit = { ...EXAMPLE_EVENTS['csc.visit.completed'], time: '2026-07-01', recordedtime: '2026-07-02T08:00:00Z' };
    const { rows, rejected } = toEventRows(
      [message(JSON.stringify(visit), '7'), message('{oops', '8'), message(JSON.stringify({ ...visit, subject: 'Jane Smith' }), '9')],
      validate,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ offset: '7', practiceDate: '2026-07-01', practiceAt: Date.parse('2026-06-30T23:00:00Z') });
    expect(rows[0].recordedAt).toBe(Date.parse('2026-07-02T08:00:00Z'));
    expect(rejected.map((r) => [r.message.offset, r.reason.split(':')[0]])).toEqual([
      ['8', 'value is not JSON'],
      ['9', '/subject'],
    ]);
  });

  it('takes the broker timestamp as recorded time when the event has none, and accepts old practice dates', () => {
    const { recordedtime: _r, ...noRecorded } = { ...EXAMPLE_EVENTS['csc.contact.received'], recordedtime: 'x' };
    const { rows } = toEventRows([message(JSON.stringify({ ...noRecorded, time: '2016-01-04T09:00:00Z' }), '1')], validate);
    expect(rows[0].recordedAt).toBe(1763900000000);
    expect(rows[0].practiceDate).toBe('2016-01-04');
  });

  it('sets aside a string holding U+0000 (Postgres cannot store it), but not the text backslash-u-0000', () => {
    const contact = EXAMPLE_EVENTS['csc.contact.received'];
    const withNul = { ...contact, data: { contactId: 'K\u00001' } };
    const withText = { ...contact, id: 'other', data: { contactId: 'K\\u00001' } };
    const { rows, rejected } = toEventRows([message(JSON.stringify(withNul), '1'), message(JSON.stringify(withText), '2')], validate);
    expect(rejected.map((r) => [r.message.offset, r.reason])).toEqual([['1', 'a string holds the character U+0000, which cannot be stored']]);
    expect(rows.map((r) => r.offset)).toEqual(['2']);
  });
});
