import { createEventValidator, EXAMPLE_EVENTS, type EventValidator } from '@casewatch/contracts';
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

  it('sets aside text PostgreSQL cannot store (U+0000, a lone surrogate), but not the text backslash-u-0000 nor a surrogate pair', () => {
    const contact = EXAMPLE_EVENTS['csc.contact.received'];
    const withNul = JSON.stringify({ ...contact, data: { contactId: 'K\u00001' } });
    const withText = JSON.stringify({ ...contact, id: 'b', data: { contactId: 'K\\u00001' } });
    const lone = JSON.stringify({ ...contact, id: 'c', data: { contactId: 'K\ud800' } });
    const pair = JSON.stringify({ ...contact, id: 'd', data: { contactId: 'K1' } }).replace('"K1"', '"K\\ud83d\\ude00"');
    const { rows, rejected } = toEventRows([message(withNul, '1'), message(withText, '2'), message(lone, '3'), message(pair, '4')], validate);
    expect(rejected.map((r) => [r.message.offset, r.reason.split(':')[0]])).toEqual([
      ['1', '/data/contactId'],
      ['3', '/data/contactId'],
    ]);
    expect(rows.map((r) => [r.offset, (r.event.data as { contactId: string }).contactId])).toEqual([
      ['2', 'K\\u00001'],
      ['4', 'K\u{1f600}'],
    ]);
  });

  it('sets aside a message whose reading throws, with the reason, and keeps the others', () => {
    const contact = EXAMPLE_EVENTS['csc.contact.received'];
    const throwing: EventValidator = (input, now) => {
      if ((input as { id: string }).id === 'bad') throw new RangeError('Invalid time value');
      return validate(input, now);
    };
    const { rows, rejected } = toEventRows([message(JSON.stringify({ ...contact, id: 'bad' }), '1'), message(JSON.stringify(contact), '2')], throwing);
    expect(rejected.map((r) => [r.message.offset, r.reason])).toEqual([['1', 'the event cannot be read: Invalid time value']]);
    expect(rows.map((r) => r.offset)).toEqual(['2']);
  });
});
