export { TimescalesError, type TimescalesErrorCode } from './errors';
export { NATIONS, type Nation } from './nation';
export { PRECOMPUTED_FIRST_YEAR, PRECOMPUTED_LAST_YEAR } from './civil-date';
export {
  type DateBounds,
  type LocalDate,
  addDays,
  addMonthsClamped,
  dayOfWeek,
  daysBetween,
  endOfLondonDay,
  financialYearBounds,
  financialYearOf,
  isLocalDate,
  londonDateOf,
  monthBounds,
  startOfLondonDay,
} from './london-date';
export { type BankHoliday, bankHolidayTitle, bankHolidays, isBankHoliday } from './bank-holidays';
export { CLOSURE_DAY_TITLE, type SkippedDay, WorkingDayCalendar, type WorkingDayCalendarOptions } from './working-day-calendar';
export { DEFAULT_WARN_BEFORE, type Due, LIMIT_UNITS, type Limit, type LimitUnit, computeDue, warnAt } from './limits';
export { type DueExplanationInput, describeLimit, explainDue } from './explain';
export * from './rules';
export * from './care/care-periods';
