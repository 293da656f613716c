import { Logger } from '@nestjs/common';
import { QueryErrorLogger } from './query-error-logger';

describe('QueryErrorLogger', () => {
  it('logs the error and the statement, never the parameters', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const err = Object.assign(new Error('invalid input syntax for type json'), { code: '22P02' });
    new QueryErrorLogger().logQueryError(err, 'INSERT INTO case_events (data)\n  VALUES ($1)', ['{"name":"secret child"}']);
    expect(error).toHaveBeenCalledTimes(1);
    const line = String(error.mock.calls[0][0]);
    expect(line).toContain('22P02');
    expect(line).toContain('INSERT INTO case_events (data) VALUES ($1)');
    expect(line).not.toContain('secret child');
    error.mockRestore();
  });
});
