/** Time as the product sees it: injectable, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The calendar date ("YYYY-MM-DD") of `when` in `timeZone` (Vietnam by default). */
export function isoDateIn(when: Date, timeZone = 'Asia/Ho_Chi_Minh'): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    // Making a formatter costs far more than using one: one per time zone, kept.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(when);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A clock that stands still until moved; for tests and scripted runs. */
export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(when: Date): void {
    this.current = new Date(when);
  }
}
