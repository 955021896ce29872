/**
 * Dates as people type them, as "YYYY-MM-DD":
 * - `parseDateInput`: a whole answer that is a date: "25/12/2026", "25-12-2026", "25/12" (this year,
 *   or next if passed), "2026-12-25", and the spoken and relative forms "ngày mai", "mai", "mốt",
 *   "thứ 6 tuần sau", "cuối tháng", "25 tháng 12", "ngày 5 tháng sau" (with filler words around:
 *   "vào ngày mai ạ").
 * - `findDate`: a date inside a sentence: "ngày mai tòa xử", "tòa xử ngày 3/1".
 * The words are data (slots/date.yaml); the reading is in slots/date.ts.
 */
import { type DateFinding, findDates, onlyFillersAround, toIso } from './slots/date.ts';

/** A whole answer that is a date, or undefined. */
export function parseDateInput(text: string, today: string): string | undefined {
  const t = text.normalize('NFC').trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u.exec(t);
  if (iso) return toIso(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const vn = /^(?:ngay\s+|ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?$/iu.exec(t);
  if (vn) {
    const d = Number(vn[1]);
    const m = Number(vn[2]);
    if (vn[3]) return vn[3].length === 3 ? undefined : toIso(vn[3].length === 2 ? 2000 + Number(vn[3]) : Number(vn[3]), m, d);
    const thisYear = Number(today.slice(0, 4));
    const date = toIso(thisYear, m, d);
    return date !== undefined && date < today ? toIso(thisYear + 1, m, d) : (date ?? toIso(thisYear + 1, m, d));
  }
  const { words, dates } = findDates(t, today);
  // Only dates and filler words: "vào ngày mai ạ", "thứ 6 ngày 25/12".
  return dates.length > 0 && onlyFillersAround(words, dates) ? best(dates, today) : undefined;
}

/**
 * The date a sentence states ("ngày mai tòa xử" → tomorrow, "tòa xử ngày 3/1"), or undefined.
 * When it states several, one from today on is preferred to one already past, a date with a day
 * number ("25/12") to a relative one ("thứ 6"), and then the first.
 */
export function findDate(text: string, today: string): string | undefined {
  return best(findDates(text, today).dates, today);
}

function best(dates: readonly DateFinding[], today: string): string | undefined {
  const ranked = dates
    .map((d, order) => ({ ...d, order }))
    .sort((a, b) => Number(a.date < today) - Number(b.date < today) || Number(b.explicit) - Number(a.explicit) || a.order - b.order);
  return ranked[0]?.date;
}
