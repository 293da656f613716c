import { Type } from '@sinclair/typebox';

// Reusable field schemas. A `description` is written to complete "<field> must be …": the
// validator turns it into the error message, so docs and errors say the same thing.

/** Pseudonymous ids: the child (`subject`), teams and workers. */
export const PSEUDONYMOUS_ID_PATTERN = '^[A-Za-z0-9._-]{1,64}$';
export const TENANT_ID_PATTERN = '^[a-z0-9-]{2,40}$';

// RFC 3339 proper: ajv-formats' `date-time` also accepts offsets like +01 or +0100.
const RFC3339_DATE_TIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$';

export const Subject = Type.String({
  pattern: PSEUDONYMOUS_ID_PATTERN,
  description: 'a pseudonymous id (letters, digits, . _ -; 1–64 characters), never a name, NHS number or UPN',
});

export const TenantId = Type.String({
  pattern: TENANT_ID_PATTERN,
  description: 'a tenant id of 2–40 lowercase letters, digits or -',
});

export const TeamId = Type.String({
  pattern: PSEUDONYMOUS_ID_PATTERN,
  description: 'a team id (letters, digits, . _ -; 1–64 characters)',
});

export const WorkerId = Type.String({
  pattern: PSEUDONYMOUS_ID_PATTERN,
  description: 'a worker id (letters, digits, . _ -; 1–64 characters)',
});

/** Event ids and the source system's record ids (referralId, periodId…). */
export const RecordId = Type.String({
  minLength: 1,
  maxLength: 128,
  description: 'a non-empty id of at most 128 characters',
});

export const DateTime = Type.String({
  format: 'date-time',
  pattern: RFC3339_DATE_TIME_PATTERN,
  description: 'an RFC 3339 date-time with offset',
});

export const CalendarDate = Type.String({ format: 'date', description: 'a date YYYY-MM-DD' });

const PRACTICE_TIME = 'an RFC 3339 date-time with offset, or a date YYYY-MM-DD';

/** When something happened in practice: a date-time with offset, or a London date. */
export const PracticeTime = Type.Union(
  [
    Type.String({ format: 'date-time', pattern: RFC3339_DATE_TIME_PATTERN, description: PRACTICE_TIME }),
    Type.String({ format: 'date', description: PRACTICE_TIME }),
  ],
  { description: PRACTICE_TIME },
);

/** A code from a DfE list we do not pin down (lists change by collection year). */
export function Code(description: string) {
  return Type.String({ pattern: '^[A-Z0-9]{1,8}$', description: `${description} (1–8 uppercase letters or digits)` });
}
