import { QueryFailedError } from 'typeorm';
import { isKeyConflict, unusableContent } from './unusable-content';

/** An error as node-postgres raises it: an Error with the SQLSTATE and PostgreSQL's fields. */
function pgError(code: string, message: string, detail?: string): Error {
  return Object.assign(new Error(message), { code, detail, severity: 'ERROR' });
}

describe('telling a write that can never succeed from one to retry', () => {
  it('sets aside data exceptions caused by the values: bad JSON, an unsupported escape, a date out of range', () => {
    expect(unusableContent(pgError('22P02', 'invalid input syntax for type json', 'Unicode low surrogate must follow a high surrogate.'))).toBe(
      'PostgreSQL 22P02: invalid input syntax for type json (Unicode low surrogate must follow a high surrogate.)',
    );
    expect(unusableContent(pgError('22P05', 'unsupported Unicode escape sequence'))).toMatch(/^PostgreSQL 22P05: /);
    expect(unusableContent(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))).toMatch(/^PostgreSQL 22021: /);
    expect(unusableContent(pgError('22008', 'date/time field value out of range'))).toMatch(/^PostgreSQL 22008: /);
    expect(unusableContent(pgError('54000', 'total size of jsonb object elements exceeds the maximum'))).toMatch(/^PostgreSQL 54000: /);
  });

  it('keeps the row values of an integrity error out of the reason', () => {
    expect(unusableContent(pgError('23502', 'null value in column "subject" violates not-null constraint', 'Failing row contains (C1, ...).'))).toBe(
      'PostgreSQL 23502: null value in column "subject" violates not-null constraint',
    );
  });

  it('reads the driver error inside TypeORM’s QueryFailedError', () => {
    const err = new QueryFailedError('INSERT …', [], pgError('22P05', 'unsupported Unicode escape sequence'));
    expect(unusableContent(err)).toMatch(/^PostgreSQL 22P05: unsupported Unicode escape sequence/);
  });

  it.each([
    ['40001', 'could not serialize access due to concurrent update'],
    ['40P01', 'deadlock detected'],
    ['57014', 'canceling statement due to statement timeout'],
    ['57P01', 'terminating connection due to administrator command'],
    ['08006', 'connection failure'],
    ['53100', 'could not extend file: No space left on device'],
    ['55P03', 'could not obtain lock'],
    ['23505', 'duplicate key value violates unique constraint'],
    ['42P01', 'relation "case_events" does not exist'],
  ])('retries %s (%s): the moment, not the values', (code, message) => {
    expect(unusableContent(pgError(code, message))).toBeUndefined();
    expect(unusableContent(new QueryFailedError('…', [], pgError(code, message)))).toBeUndefined();
  });

  it('retries what is not PostgreSQL’s: a lost connection, a timeout, a bug', () => {
    expect(unusableContent(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(unusableContent(new Error('Connection terminated unexpectedly'))).toBeUndefined();
    expect(unusableContent(new Error('timeout exceeded when trying to connect'))).toBeUndefined();
    expect(unusableContent(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
    expect(unusableContent(undefined)).toBeUndefined();
  });

  it('tells a key conflict (a row stored already) from every other failure', () => {
    expect(isKeyConflict(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(true);
    expect(isKeyConflict(new QueryFailedError('…', [], pgError('23505', 'duplicate key')))).toBe(true);
    expect(isKeyConflict(pgError('40P01', 'deadlock detected'))).toBe(false);
    expect(isKeyConflict(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isKeyConflict(undefined)).toBe(false);
  });
});
