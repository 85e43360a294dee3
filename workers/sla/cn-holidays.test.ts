import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

import {
  CN_HOLIDAY_YEARS,
  createCnBusinessCalendar,
  expandHolidayYears,
  holidayYearSchema,
} from './cn-holidays';

dayjs.extend(utc);

const isWeekend = (date: string): boolean => [0, 6].includes(dayjs.utc(date).day());

describe('China holiday data', () => {
  it('ships 2025 and 2026 as official and 2027 as provisional with a source note', () => {
    expect(CN_HOLIDAY_YEARS.map((y) => [y.year, y.status])).toEqual([
      [2025, 'official'],
      [2026, 'official'],
      [2027, 'provisional'],
    ]);
    expect(CN_HOLIDAY_YEARS[2]?.source.note).toMatch(/was not available when this file was written/);
  });

  it.each(CN_HOLIDAY_YEARS.map((y) => [y.year, y] as const))(
    'given %i, then every block lies in its year and no make-up workday is a day off',
    (year, data) => {
      const { holidays, makeupWorkdays } = expandHolidayYears([data]);
      for (const day of [...holidays, ...makeupWorkdays]) expect(day.slice(0, 4)).toBe(String(year));
      for (const day of makeupWorkdays) expect(holidays).not.toContain(day);
      expect(data.holidays.map((b) => b.id)).toEqual(
        expect.arrayContaining(['new-year', 'spring-festival', 'qingming', 'labour-day', 'dragon-boat']),
      );
    },
  );

  // Since the 2024 revision of the holiday law there are 13 statutory days a year; a statutory day on a
  // weekend is made up on a workday, and each 调休 Saturday or Sunday pays back a weekday off.
  it.each(CN_HOLIDAY_YEARS.map((y) => [y.year, y] as const))(
    'given %i, then weekdays off minus make-up workdays equal the 13 statutory days',
    (_, data) => {
      const { holidays, makeupWorkdays } = expandHolidayYears([data]);
      const weekdaysOff = holidays.filter((d) => !isWeekend(d)).length;
      expect(weekdaysOff - makeupWorkdays.length).toBe(13);
    },
  );

  it('given the published schedules, then the long holidays have their announced lengths', () => {
    const length = (year: number, id: string): number => {
      const block = CN_HOLIDAY_YEARS.find((y) => y.year === year)?.holidays.find((b) => b.id === id);
      return block ? dayjs.utc(block.to).diff(dayjs.utc(block.from), 'day') + 1 : 0;
    };
    expect(length(2025, 'spring-festival')).toBe(8);
    expect(length(2025, 'national-day-mid-autumn')).toBe(8);
    expect(length(2026, 'spring-festival')).toBe(9);
    expect(length(2026, 'national-day')).toBe(7);
  });

  it('rejects a make-up workday that is not on a weekend', () => {
    const bad = {
      ...CN_HOLIDAY_YEARS[0],
      holidays: [
        {
          id: 'x',
          name: { zh: '测试', en: 'test' },
          from: '2025-01-01',
          to: '2025-01-01',
          makeupWorkdays: ['2025-01-02'],
        },
      ],
    };
    expect(holidayYearSchema.safeParse(bad).success).toBe(false);
  });

  it('builds the standard calendar in Asia/Shanghai covering the shipped years', () => {
    const calendar = createCnBusinessCalendar();
    expect(calendar.id).toBe('cn-standard');
    expect(calendar.timeZone).toBe('Asia/Shanghai');
    expect([...calendar.coveredYears]).toEqual([2025, 2026, 2027]);
    expect([...calendar.provisionalYears]).toEqual([2027]);
  });
});
