// Corrections to `date-holidays`, checked against gov.uk. Data only; bank-holidays.ts applies it.
// This is a .ts module, not .json, because the build (`swc … -d dist`) does not copy JSON files:
// a JSON import would be missing from dist/ and crash the services at start-up.
//
// - `remove` drops a date the package lists (e.g. a bank holiday that was moved).
// - `add` adds a weekday bank holiday, or re-titles one the package already lists (the override wins).
// A new one-off (a coronation, a state funeral) is one `add` line here, plus its row in the
// expected table of bank-holidays.spec.ts.
import type { Nation } from './nation';

export interface BankHolidayOverrides {
  readonly add: readonly { readonly date: string; readonly title: string; readonly nations: readonly Nation[] }[];
  readonly remove: readonly { readonly date: string; readonly reason: string; readonly nations: readonly Nation[] }[];
}

const EW: readonly Nation[] = ['england', 'wales'];

export const BANK_HOLIDAY_OVERRIDES: BankHolidayOverrides = {
  add: [
    // One-offs date-holidays 3.37 lacks.
    { date: '1995-05-08', title: 'Early May bank holiday (VE day)', nations: EW },
    { date: '1999-12-31', title: 'Millennium bank holiday', nations: EW },
    { date: '2002-06-03', title: 'Golden Jubilee bank holiday', nations: EW },
    { date: '2002-06-04', title: 'Spring bank holiday', nations: EW },
    { date: '2011-04-29', title: 'Royal wedding bank holiday', nations: EW },
    { date: '2012-06-04', title: 'Spring bank holiday', nations: EW },
    // Re-titles: the package has these days under other names; these are gov.uk's.
    { date: '2012-06-05', title: "Queen's Diamond Jubilee", nations: EW },
    { date: '2022-06-03', title: 'Platinum Jubilee bank holiday', nations: EW },
    { date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II', nations: EW },
    { date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III', nations: EW },
  ],
  remove: [
    { date: '1995-05-01', reason: 'Early May bank holiday moved to 8 May for VE day', nations: EW },
    { date: '2002-05-27', reason: 'Spring bank holiday moved to 4 June for the Golden Jubilee', nations: EW },
    { date: '2012-05-28', reason: 'Spring bank holiday moved to 4 June for the Diamond Jubilee', nations: EW },
  ],
};
