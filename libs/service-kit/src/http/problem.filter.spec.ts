import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ProblemException } from './problem';
import { toProblem } from './problem.filter';

describe('errors as RFC 9457 problems', () => {
  it('keeps a ProblemException with its field errors', () => {
    const problem = toProblem(new ProblemException(400, 'bad events', [{ index: 2, pointer: '/time', message: 'time is bad' }]));
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'bad events',
      errors: [{ index: 2, pointer: '/time', message: 'time is bad' }],
    });
  });

  it("turns Nest's exceptions and Fastify's client errors into problems", () => {
    expect(toProblem(new NotFoundException('tenant x not found'))).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'tenant x not found',
    });
    expect(toProblem(new BadRequestException(['a', 'b'])).detail).toBe('a; b');
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(toProblem(tooLarge)).toMatchObject({ status: 413, title: 'Content Too Large' });
  });

  it('never leaks an unexpected error to the caller', () => {
    expect(toProblem(new Error('connection string postgres://secret'))).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'internal error',
    });
  });

  it('answers 503 when a dependency is away (PostgreSQL restarting, a refused connection), 500 otherwise', () => {
    const shutdown = Object.assign(new Error('QueryFailedError'), {
      driverError: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    });
    expect(toProblem(shutdown)).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(toProblem(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })).status).toBe(503);
    expect(toProblem(new Error('Connection terminated unexpectedly')).status).toBe(503);
    expect(toProblem(Object.assign(new Error('syntax error'), { code: '42601' })).status).toBe(500);
    expect(toProblem(new TypeError('x is undefined')).status).toBe(500);
  });
});
