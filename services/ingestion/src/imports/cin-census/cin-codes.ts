// Code lists and value checks for the CIN census (DfE schema, union of the collection years we
// know), kept to what the events carry. Lists change by year, so a list here only gates values
// that the catalogue pins down (or that DfE has never varied).
import { CP_CATEGORIES, PSEUDONYMOUS_ID_PATTERN } from '@casewatch/contracts';

/** ReferralSource: 1A–1D individuals, 2A/2B education, 3A–3F health, 4 housing, 5A–5D LA, 6 police… */
export const REFERRAL_SOURCES: ReadonlySet<string> = new Set([
  '1A',
  '1B',
  '1C',
  '1D',
  '2A',
  '2B',
  '3A',
  '3B',
  '3C',
  '3D',
  '3E',
  '3F',
  '4',
  '5A',
  '5B',
  '5C',
  '5D',
  '6',
  '7',
  '8',
  '9',
  '10',
]);

export const PRIMARY_NEEDS: ReadonlySet<string> = new Set(['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9']);

/** RC1–RC9 (RC9 added after the 2022 schema), as csc.referral.closed accepts. */
export const CLOSURE_REASONS: ReadonlySet<string> = new Set(['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9']);

export const ABUSE_CATEGORIES: ReadonlySet<string> = new Set(CP_CATEGORIES);

/**
 * Assessment factors change most years (19A retired for 19B/19C, 24A added…), so any code of the
 * shape the catalogue accepts passes: a number 1–99 with an optional letter.
 */
export const FACTOR_PATTERN = /^[0-9]{1,2}[A-Z]?$/;

export const SUBJECT_PATTERN = new RegExp(PSEUDONYMOUS_ID_PATTERN);

// xs:date: YYYY-MM-DD with an optional zone, which a practice date ignores.
const XS_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;
const EARLIEST_YEAR = 1900;

/** The calendar date a CIN `xs:date` states, or undefined when it is not a real date. */
export function parseCinDate(text: string): string | undefined {
  const match = XS_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < EARLIEST_YEAR) return undefined;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

// Only values shaped like dates or short codes are repeated in messages: a field holding a name
// by mistake must not reach the report or the logs.
const SAFE_TO_ECHO = [/^[0-9T:+\-/. Z]{1,25}$/, /^[A-Z0-9]{1,4}$/];

/** The field with its value quoted for a message, or the field alone when the value could be personal data. */
export function fieldWithValue(field: string, value: string): string {
  return SAFE_TO_ECHO.some((pattern) => pattern.test(value)) ? `${field} ${JSON.stringify(value)}` : field;
}
