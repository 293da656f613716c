import { HttpException, HttpStatus } from '@nestjs/common';

export interface ProblemFieldError {
  index?: number;
  pointer: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: ProblemFieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export function problemOf(status: number, detail: string): ProblemDocument {
  return { type: 'about:blank', title: problemTitle(status), status, detail };
}

/** An RFC 9457 problem with field-level errors (`index` for an event's place in a batch). */
export class ProblemException extends HttpException {
  constructor(status: HttpStatus, detail: string, errors?: ProblemFieldError[], type = 'about:blank') {
    const body: ProblemDocument = { type, title: problemTitle(status), status, detail };
    if (errors && errors.length > 0) body.errors = errors;
    super(body, status);
  }
}
