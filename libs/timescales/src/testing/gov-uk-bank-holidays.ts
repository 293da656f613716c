// Test fixture: gov.uk's England-and-Wales bank holidays 2015–2030, typed out by hand (not from
// date-holidays), so the specs check the library against the real list. Weekend days are not
// listed: gov.uk lists the substitute weekday instead.
export const GOV_UK_BANK_HOLIDAYS: Readonly<Record<number, readonly (readonly [date: string, title: string])[]>> = {
  2015: [
    ['2015-01-01', "New Year's Day"], // Thu
    ['2015-04-03', 'Good Friday'], // Fri
    ['2015-04-06', 'Easter Monday'], // Mon
    ['2015-05-04', 'Early May bank holiday'], // Mon
    ['2015-05-25', 'Spring bank holiday'], // Mon
    ['2015-08-31', 'Summer bank holiday'], // Mon
    ['2015-12-25', 'Christmas Day'], // Fri
    ['2015-12-28', 'Boxing Day (substitute day)'], // Mon
  ],
  2016: [
    ['2016-01-01', "New Year's Day"], // Fri
    ['2016-03-25', 'Good Friday'], // Fri
    ['2016-03-28', 'Easter Monday'], // Mon
    ['2016-05-02', 'Early May bank holiday'], // Mon
    ['2016-05-30', 'Spring bank holiday'], // Mon
    ['2016-08-29', 'Summer bank holiday'], // Mon
    ['2016-12-26', 'Boxing Day'], // Mon
    ['2016-12-27', 'Christmas Day (substitute day)'], // Tue
  ],
  2017: [
    ['2017-01-02', "New Year's Day (substitute day)"], // Mon
    ['2017-04-14', 'Good Friday'], // Fri
    ['2017-04-17', 'Easter Monday'], // Mon
    ['2017-05-01', 'Early May bank holiday'], // Mon
    ['2017-05-29', 'Spring bank holiday'], // Mon
    ['2017-08-28', 'Summer bank holiday'], // Mon
    ['2017-12-25', 'Christmas Day'], // Mon
    ['2017-12-26', 'Boxing Day'], // Tue
  ],
  2018: [
    ['2018-01-01', "New Year's Day"], // Mon
    ['2018-03-30', 'Good Friday'], // Fri
    ['2018-04-02', 'Easter Monday'], // Mon
    ['2018-05-07', 'Early May bank holiday'], // Mon
    ['2018-05-28', 'Spring bank holiday'], // Mon
    ['2018-08-27', 'Summer bank holiday'], // Mon
    ['2018-12-25', 'Christmas Day'], // Tue
    ['2018-12-26', 'Boxing Day'], // Wed
  ],
  2019: [
    ['2019-01-01', "New Year's Day"], // Tue
    ['2019-04-19', 'Good Friday'], // Fri
    ['2019-04-22', 'Easter Monday'], // Mon
    ['2019-05-06', 'Early May bank holiday'], // Mon
    ['2019-05-27', 'Spring bank holiday'], // Mon
    ['2019-08-26', 'Summer bank holiday'], // Mon
    ['2019-12-25', 'Christmas Day'], // Wed
    ['2019-12-26', 'Boxing Day'], // Thu
  ],
  2020: [
    ['2020-01-01', "New Year's Day"], // Wed
    ['2020-04-10', 'Good Friday'], // Fri
    ['2020-04-13', 'Easter Monday'], // Mon
    ['2020-05-08', 'Early May bank holiday (VE day)'], // Fri
    ['2020-05-25', 'Spring bank holiday'], // Mon
    ['2020-08-31', 'Summer bank holiday'], // Mon
    ['2020-12-25', 'Christmas Day'], // Fri
    ['2020-12-28', 'Boxing Day (substitute day)'], // Mon
  ],
  2021: [
    ['2021-01-01', "New Year's Day"], // Fri
    ['2021-04-02', 'Good Friday'], // Fri
    ['2021-04-05', 'Easter Monday'], // Mon
    ['2021-05-03', 'Early May bank holiday'], // Mon
    ['2021-05-31', 'Spring bank holiday'], // Mon
    ['2021-08-30', 'Summer bank holiday'], // Mon
    ['2021-12-27', 'Christmas Day (substitute day)'], // Mon
    ['2021-12-28', 'Boxing Day (substitute day)'], // Tue
  ],
  2022: [
    ['2022-01-03', "New Year's Day (substitute day)"], // Mon
    ['2022-04-15', 'Good Friday'], // Fri
    ['2022-04-18', 'Easter Monday'], // Mon
    ['2022-05-02', 'Early May bank holiday'], // Mon
    ['2022-06-02', 'Spring bank holiday'], // Thu
    ['2022-06-03', 'Platinum Jubilee bank holiday'], // Fri
    ['2022-08-29', 'Summer bank holiday'], // Mon
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'], // Mon
    ['2022-12-26', 'Boxing Day'], // Mon
    ['2022-12-27', 'Christmas Day (substitute day)'], // Tue
  ],
  2023: [
    ['2023-01-02', "New Year's Day (substitute day)"], // Mon
    ['2023-04-07', 'Good Friday'], // Fri
    ['2023-04-10', 'Easter Monday'], // Mon
    ['2023-05-01', 'Early May bank holiday'], // Mon
    ['2023-05-08', 'Bank holiday for the coronation of King Charles III'], // Mon
    ['2023-05-29', 'Spring bank holiday'], // Mon
    ['2023-08-28', 'Summer bank holiday'], // Mon
    ['2023-12-25', 'Christmas Day'], // Mon
    ['2023-12-26', 'Boxing Day'], // Tue
  ],
  2024: [
    ['2024-01-01', "New Year's Day"], // Mon
    ['2024-03-29', 'Good Friday'], // Fri
    ['2024-04-01', 'Easter Monday'], // Mon
    ['2024-05-06', 'Early May bank holiday'], // Mon
    ['2024-05-27', 'Spring bank holiday'], // Mon
    ['2024-08-26', 'Summer bank holiday'], // Mon
    ['2024-12-25', 'Christmas Day'], // Wed
    ['2024-12-26', 'Boxing Day'], // Thu
  ],
  2025: [
    ['2025-01-01', "New Year's Day"], // Wed
    ['2025-04-18', 'Good Friday'], // Fri
    ['2025-04-21', 'Easter Monday'], // Mon
    ['2025-05-05', 'Early May bank holiday'], // Mon
    ['2025-05-26', 'Spring bank holiday'], // Mon
    ['2025-08-25', 'Summer bank holiday'], // Mon
    ['2025-12-25', 'Christmas Day'], // Thu
    ['2025-12-26', 'Boxing Day'], // Fri
  ],
  2026: [
    ['2026-01-01', "New Year's Day"], // Thu
    ['2026-04-03', 'Good Friday'], // Fri
    ['2026-04-06', 'Easter Monday'], // Mon
    ['2026-05-04', 'Early May bank holiday'], // Mon
    ['2026-05-25', 'Spring bank holiday'], // Mon
    ['2026-08-31', 'Summer bank holiday'], // Mon
    ['2026-12-25', 'Christmas Day'], // Fri
    ['2026-12-28', 'Boxing Day (substitute day)'], // Mon
  ],
  2027: [
    ['2027-01-01', "New Year's Day"], // Fri
    ['2027-03-26', 'Good Friday'], // Fri
    ['2027-03-29', 'Easter Monday'], // Mon
    ['2027-05-03', 'Early May bank holiday'], // Mon
    ['2027-05-31', 'Spring bank holiday'], // Mon
    ['2027-08-30', 'Summer bank holiday'], // Mon
    ['2027-12-27', 'Christmas Day (substitute day)'], // Mon
    ['2027-12-28', 'Boxing Day (substitute day)'], // Tue
  ],
  2028: [
    ['2028-01-03', "New Year's Day (substitute day)"], // Mon
    ['2028-04-14', 'Good Friday'], // Fri
    ['2028-04-17', 'Easter Monday'], // Mon
    ['2028-05-01', 'Early May bank holiday'], // Mon
    ['2028-05-29', 'Spring bank holiday'], // Mon
    ['2028-08-28', 'Summer bank holiday'], // Mon
    ['2028-12-25', 'Christmas Day'], // Mon
    ['2028-12-26', 'Boxing Day'], // Tue
  ],
  2029: [
    ['2029-01-01', "New Year's Day"], // Mon
    ['2029-03-30', 'Good Friday'], // Fri
    ['2029-04-02', 'Easter Monday'], // Mon
    ['2029-05-07', 'Early May bank holiday'], // Mon
    ['2029-05-28', 'Spring bank holiday'], // Mon
    ['2029-08-27', 'Summer bank holiday'], // Mon
    ['2029-12-25', 'Christmas Day'], // Tue
    ['2029-12-26', 'Boxing Day'], // Wed
  ],
  2030: [
    ['2030-01-01', "New Year's Day"], // Tue
    ['2030-04-19', 'Good Friday'], // Fri
    ['2030-04-22', 'Easter Monday'], // Mon
    ['2030-05-06', 'Early May bank holiday'], // Mon
    ['2030-05-27', 'Spring bank holiday'], // Mon
    ['2030-08-26', 'Summer bank holiday'], // Mon
    ['2030-12-25', 'Christmas Day'], // Wed
    ['2030-12-26', 'Boxing Day'], // Thu
  ],
};

export const GOV_UK_BANK_HOLIDAY_DATES: ReadonlySet<string> = new Set(Object.values(GOV_UK_BANK_HOLIDAYS).flatMap((days) => days.map(([date]) => date)));
