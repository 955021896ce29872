/**
 * Times as staff and citizens read them: in the configured time zone (TIME_ZONE, Vietnam by
 * default), written "dd/mm/yyyy HH:mm". Stored times stay ISO UTC.
 */
import { isoDateIn } from '../../lib/clock.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "21/11/2026 10:00" for an ISO time or a Date, in `timeZone`. */
export function localDateTime(when: string | Date, timeZone = DEFAULT_TIME_ZONE): string {
  const date = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(date.getTime())) return String(when);
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** "24/11/2026" for a calendar date "2026-11-24" (a deadline: no time zone involved). */
export function localDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}

/** The calendar year of `when` in `timeZone` (a ticket filed at 2026-12-31T18:00Z in Vietnam is 2027's). */
export function localYear(when: Date, timeZone = DEFAULT_TIME_ZONE): number {
  return Number(isoDateIn(when, timeZone).slice(0, 4));
}
