/**
 * Working days (Monday–Friday) between two dates, for the "under 5 working days" rule of
 * TT 12/2018/TT-BTP Điều 6 (accept immediately). Public holidays are not known here, so a
 * deadline near a holiday may be counted as one day later than it is: staff see the date too.
 */
import { z } from 'zod';

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  const day = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (day < end) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

export const urgentRuleSchema = z.object({ workingDaysUnder: z.number().int().positive() });
