// England-and-Wales bank holidays: date-holidays (GB-ENG, GB-WLS; types public and bank) corrected
// by BANK_HOLIDAY_OVERRIDES. Each nation-year is computed once, on first use, and kept.
import Holidays from 'date-holidays';
import { BANK_HOLIDAY_OVERRIDES, type BankHolidayOverrides } from './bank-holidays-overrides';
import { assertInteger, dateOf, dayOf, isWeekendDay, yearOfDay } from './civil-date';
import { TimescalesError } from './errors';
import type { LocalDate } from './london-date';
import { NATIONS, assertNation, type Nation } from './nation';

export interface BankHoliday {
  readonly date: LocalDate;
  readonly title: string;
}

interface DayOverride {
  readonly day: number;
  readonly title: string;
}

interface NationOverrides {
  /** year → additions (or re-titles) in that year */
  readonly add: Map<number, DayOverride[]>;
  readonly remove: Set<number>;
}

function compileOverrides(source: BankHolidayOverrides): Record<Nation, NationOverrides> {
  const compiled = {} as Record<Nation, NationOverrides>;
  for (const nation of NATIONS) compiled[nation] = { add: new Map(), remove: new Set() };
  const dayOfEntry = (date: string): number => {
    try {
      return dayOf(date);
    } catch (cause) {
      const message = `Bank holiday override has a bad date ${JSON.stringify(date)}`;
      throw new TimescalesError('INVALID_OVERRIDES', message, { cause });
    }
  };
  for (const entry of source.add) {
    const day = dayOfEntry(entry.date);
    // A weekend day is never a working day: adding one would change nothing and hide a mistake.
    if (isWeekendDay(day)) {
      throw new TimescalesError('INVALID_OVERRIDES', `Bank holiday override adds ${entry.date}, a weekend day`);
    }
    for (const nation of entry.nations) {
      assertNation(nation);
      const year = yearOfDay(day);
      const list = compiled[nation].add.get(year) ?? [];
      list.push({ day, title: entry.title });
      compiled[nation].add.set(year, list);
    }
  }
  for (const entry of source.remove) {
    const day = dayOfEntry(entry.date);
    for (const nation of entry.nations) {
      assertNation(nation);
      compiled[nation].remove.add(day);
    }
  }
  return compiled;
}

const overrides = compileOverrides(BANK_HOLIDAY_OVERRIDES);

const STATES: Record<Nation, string> = { england: 'ENG', wales: 'WLS' };

interface NationCache {
  readonly source: Holidays;
  readonly years: Map<number, readonly BankHoliday[]>;
  /** day number → title, for every year loaded so far */
  readonly titles: Map<number, string>;
}

const caches = new Map<Nation, NationCache>();

function cacheFor(nation: Nation): NationCache {
  let cache = caches.get(nation);
  if (cache === undefined) {
    assertNation(nation);
    cache = {
      source: new Holidays('GB', STATES[nation], { types: ['public', 'bank'] }),
      years: new Map(),
      titles: new Map(),
    };
    caches.set(nation, cache);
  }
  return cache;
}

function loadYear(nation: Nation, cache: NationCache, year: number): readonly BankHoliday[] {
  const byDay = new Map<number, string>();
  for (const h of cache.source.getHolidays(year)) {
    if (h.type !== 'public' && h.type !== 'bank') continue;
    // `date` is the local (London) date, 'YYYY-MM-DD 00:00:00'; start/end are instants and not needed.
    const day = dayOf(h.date.slice(0, 10));
    // The package also lists the nominal day when it falls at a weekend (Boxing Day on Saturday
    // 2026-12-26) beside its substitute weekday. Not a day off and it skips nothing, so it is dropped:
    // what remains is exactly gov.uk's list.
    if (isWeekendDay(day) || overrides[nation].remove.has(day)) continue;
    byDay.set(day, h.name);
  }
  for (const o of overrides[nation].add.get(year) ?? []) byDay.set(o.day, o.title);
  const list = [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, title]) => Object.freeze({ date: dateOf(day), title }));
  for (const [day, title] of byDay) cache.titles.set(day, title);
  return Object.freeze(list);
}

function yearList(nation: Nation, year: number): readonly BankHoliday[] {
  const cache = cacheFor(nation);
  let list = cache.years.get(year);
  if (list === undefined) {
    list = loadYear(nation, cache, year);
    cache.years.set(year, list);
  }
  return list;
}

/** The weekday bank holidays of a nation in a year, in date order, as gov.uk lists them. */
export function bankHolidays(nation: Nation, year: number): readonly BankHoliday[] {
  assertInteger(year, 'year');
  return yearList(nation, year);
}

/** @internal The bank holiday's title on a day number, or undefined. */
export function bankHolidayTitleOnDay(nation: Nation, dayNumber: number): string | undefined {
  const cache = cacheFor(nation);
  const year = yearOfDay(dayNumber);
  if (!cache.years.has(year)) yearList(nation, year);
  return cache.titles.get(dayNumber);
}

/** Whether `date` is a bank holiday (a day off) in the nation. Weekend days never are. */
export function isBankHoliday(nation: Nation, date: LocalDate): boolean {
  return bankHolidayTitleOnDay(nation, dayOf(date)) !== undefined;
}

/** The title of the bank holiday on `date` (e.g. 'Boxing Day (substitute day)'), or undefined. */
export function bankHolidayTitle(nation: Nation, date: LocalDate): string | undefined {
  return bankHolidayTitleOnDay(nation, dayOf(date));
}
