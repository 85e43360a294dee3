/**
 * China's public holidays and make-up workdays (调休) as data (`holidays/cn-<year>.json`), checked when
 * loaded, and the standard business calendar built from them.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { z } from 'zod';

import { createBusinessCalendar, type BusinessCalendar, type WorkingPeriod } from './business-calendar';
import cn2025 from './holidays/cn-2025.json';
import cn2026 from './holidays/cn-2026.json';
import cn2027 from './holidays/cn-2027.json';

dayjs.extend(utc);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One holiday block of a State Council schedule: days off `from`..`to` (inclusive) and its 调休 days. */
export const holidayBlockSchema = z.object({
  id: z.string().min(1),
  name: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
  from: isoDate,
  to: isoDate,
  makeupWorkdays: z.array(isoDate),
});

/** One year's schedule. `provisional` years were not yet published and are derived from the law. */
export const holidayYearSchema = z
  .object({
    country: z.literal('CN'),
    year: z.number().int(),
    status: z.enum(['official', 'provisional']),
    source: z.object({
      title: z.string().min(1),
      reference: z.string().optional(),
      published: z.string().optional(),
      url: z.string().url().optional(),
      note: z.string().min(1),
    }),
    holidays: z.array(holidayBlockSchema),
  })
  .superRefine((data, ctx) => {
    data.holidays.forEach((block, i) => {
      if (block.to < block.from) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', i],
          message: `${block.id}: ends before it starts`,
        });
      }
      for (const day of block.makeupWorkdays) {
        const weekday = dayjs.utc(day).day();
        if (weekday !== 0 && weekday !== 6) {
          ctx.addIssue({
            code: 'custom',
            path: ['holidays', i, 'makeupWorkdays'],
            message: `${block.id}: make-up workday ${day} is not a Saturday or Sunday`,
          });
        }
      }
    });
  });

/** A year of holiday data as stored in `holidays/cn-<year>.json`. */
export type HolidayYear = z.infer<typeof holidayYearSchema>;

/** The holiday years shipped with gcflow, validated, in year order. */
export const CN_HOLIDAY_YEARS: readonly HolidayYear[] = [cn2025, cn2026, cn2027].map((raw) => {
  const parsed = holidayYearSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid holiday data for ${String(raw.year)}:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
});

/** The flat day lists a calendar needs: every day off, every make-up workday, the years covered. */
export function expandHolidayYears(years: readonly HolidayYear[]): {
  holidays: string[];
  makeupWorkdays: string[];
  coveredYears: number[];
  provisionalYears: number[];
} {
  const holidays: string[] = [];
  const makeupWorkdays: string[] = [];
  for (const year of years) {
    for (const block of year.holidays) {
      for (let day = dayjs.utc(block.from); !day.isAfter(dayjs.utc(block.to)); day = day.add(1, 'day')) {
        holidays.push(day.format('YYYY-MM-DD'));
      }
      makeupWorkdays.push(...block.makeupWorkdays);
    }
  }
  return {
    holidays,
    makeupWorkdays,
    coveredYears: years.map((y) => y.year),
    provisionalYears: years.filter((y) => y.status === 'provisional').map((y) => y.year),
  };
}

/** Office hours of the operator's staff: 09:00–12:00 and 13:30–18:00, 7.5 hours a workday. */
export const CN_STANDARD_WORKING_HOURS: readonly WorkingPeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];

/** Working time of one standard workday, the unit the default SLA policies count in. */
export const CN_STANDARD_WORKDAY_MS = 7.5 * 60 * 60 * 1000;

/**
 * The operator's business calendar: Asia/Shanghai, Saturday and Sunday off, China's holidays and 调休
 * for the shipped years. Working hours and zone may be overridden (e.g. for a support desk).
 */
export function createCnBusinessCalendar(
  options: { id?: string; workingHours?: readonly WorkingPeriod[]; timeZone?: string } = {},
): BusinessCalendar {
  return createBusinessCalendar({
    kind: 'business',
    id: options.id ?? 'cn-standard',
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    workingHours: [...(options.workingHours ?? CN_STANDARD_WORKING_HOURS)],
    weekendDays: [0, 6],
    ...expandHolidayYears(CN_HOLIDAY_YEARS),
  });
}
