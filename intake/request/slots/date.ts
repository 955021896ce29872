/**
 * Dates inside what people type, as "YYYY-MM-DD": "25/12", "25-12-2026", "ngày 3/1", "25 tháng 12",
 * "ngày hai mươi lăm tháng mười hai", "ngày 5 tháng sau", "mùng 5", "hôm nay", "ngày mai", "mai",
 * "ngày kia", "mốt" (Southern: the day after tomorrow), "thứ 6 tuần sau", "thứ sáu tuần này",
 * "thứ 2", "chủ nhật", "t6 tuần sau", "tuần sau" (its Monday), "cuối tuần" (Saturday),
 * "cuối tháng" (its last day), "đầu tháng sau", with or without diacritics. Words are data
 * (date.yaml). Use `findDate` / `parseDateInput` from intake/request/date-input.ts.
 *
 * Conventions: a day and month without a year is this year's, or next year's once passed ("3/1" in
 * November is next January); "ngày 5" alone is this month's 5th, or next month's once passed; a
 * weekday alone is its next one after today ("thứ 2" said on a Monday is the next Monday); "tuần
 * sau" alone is next week's Monday.
 */
import { z } from 'zod';
import { parseNumberWords } from './vietnamese-number.ts';
import { PhraseList, type Token, type Words, gapAfter, gapBefore, loadData, onlyPhrasesAround, tokenize } from './words.ts';

const phrases = z.array(z.string().min(1)).min(1);
const byDigit = z.record(z.string().regex(/^[1-7]$/u), phrases);
const schema = z.object({
  relativeDays: z.array(z.object({ days: z.number().int(), phrases })),
  onlyWholeAnswer: z.array(z.string()),
  weekdays: byDigit,
  weekdayAbbreviations: byDigit,
  week: phrases,
  month: phrases,
  year: phrases,
  qualifiers: z.array(z.object({ offset: z.number().int(), phrases })),
  weekPoints: z.array(z.object({ weekday: z.number().int().min(1).max(7), phrases })),
  monthPoints: z.array(z.object({ day: z.union([z.literal('last'), z.number().int().min(1).max(28)]), phrases })),
  dayPrefixes: phrases,
  notDayAfter: phrases,
  fractionAfter: phrases,
  answerFillers: phrases,
  durationAfter: phrases,
  ordinalBefore: phrases,
  notDates: phrases,
});

const data = loadData(new URL('./date.yaml', import.meta.url), schema);
const RELATIVE = new PhraseList(data.relativeDays.flatMap((r) => r.phrases.map((p) => [p, r.days] as const)));
const ONLY_WHOLE = new Set(data.onlyWholeAnswer.map((p) => p.normalize('NFC').toLowerCase()));
const WEEKDAYS = new PhraseList(Object.entries(data.weekdays).flatMap(([d, ps]) => ps.map((p) => [p, Number(d)] as const)));
const WEEKDAY_ABBREVIATIONS = new PhraseList(
  Object.entries(data.weekdayAbbreviations).flatMap(([d, ps]) => ps.map((p) => [p, Number(d)] as const)),
);
const WEEK = PhraseList.of(data.week);
const MONTH = PhraseList.of(data.month);
const YEAR = PhraseList.of(data.year);
const QUALIFIERS = new PhraseList(data.qualifiers.flatMap((q) => q.phrases.map((p) => [p, q.offset] as const)));
const WEEK_POINTS = new PhraseList(data.weekPoints.flatMap((w) => w.phrases.map((p) => [p, w.weekday] as const)));
const MONTH_POINTS = new PhraseList(data.monthPoints.flatMap((m) => m.phrases.map((p) => [p, m.day] as const)));
const DAY_PREFIXES = PhraseList.of(data.dayPrefixes);
const NOT_DAY_AFTER = PhraseList.of(data.notDayAfter);
const FRACTION_AFTER = PhraseList.of(data.fractionAfter);
const ANSWER_FILLERS = PhraseList.of(data.answerFillers);
const DURATION_AFTER = PhraseList.of(data.durationAfter);
const ORDINAL_BEFORE = PhraseList.of(data.ordinalBefore);
const NOT_DATES = PhraseList.of(data.notDates);

/** A date found in a message, with the tokens it spans. */
export interface DateFinding {
  date: string;
  start: number;
  end: number;
  /** Said with a day number ("25/12", "ngày 5 tháng sau"), not only relatively ("mai", "thứ 6"). */
  explicit: boolean;
}

// ── calendar ────────────────────────────────────────────────────────────────────────────────

interface Day {
  y: number;
  m: number;
  d: number;
}

export function toIso(y: number, m: number, d: number): string | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1900 || y > 2200) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

function parseToday(today: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(today);
  if (!m || toIso(Number(m[1]), Number(m[2]), Number(m[3])) === undefined) throw new Error(`today must be YYYY-MM-DD, got "${today}"`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function addDays(day: Day, n: number): string {
  return new Date(Date.UTC(day.y, day.m - 1, day.d + n)).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
function weekdayOf(day: Day): number {
  return ((new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay() + 6) % 7) + 1;
}

function addMonths(y: number, m: number, n: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + n;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

function lastDayOf(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A day and month without a year: this year's, or next year's once passed. */
function nextDayMonth(today: Day, d: number, m: number, todayIso: string): string | undefined {
  const iso = toIso(today.y, m, d);
  if (iso === undefined) return toIso(today.y + 1, m, d); // 29/2 of a leap year to come
  return iso < todayIso ? toIso(today.y + 1, m, d) : iso;
}

function fullYear(digits: string): number {
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────

/** A day (1–31) or a month (1–12) at token `i`: digits, or words ("hai mươi lăm", "mười hai"). */
function smallNumberAt(words: Words, i: number, max: number, allowWords: boolean): { value: number; end: number } | undefined {
  const t = words.tokens[i];
  if (!t) return undefined;
  if (t.kind === 'number') {
    if (t.text.length > 2) return undefined;
    const value = Number(t.text);
    return value >= 1 && value <= max ? { value, end: i + 1 } : undefined;
  }
  if (!allowWords) return undefined;
  const n = parseNumberWords(words.tokens, i);
  return n && n.value >= 1 && n.value <= max ? { value: n.value, end: n.end } : undefined;
}

const SEPARATOR = /^\s*([/.\-])\s*$/u;

/** "25/12", "25-12-2026", "25.12.26", "2026-12-25" at token `i`. */
function numericAt(words: Words, i: number, today: Day, todayIso: string): DateFinding | undefined {
  const ts = words.tokens;
  const a = ts[i];
  const b = ts[i + 1];
  if (a?.kind !== 'number' || b?.kind !== 'number') return undefined;
  const prev = ts[i - 1];
  if (prev?.kind === 'number' && /[/.\-:,]\s*$/u.test(gapBefore(words, i))) return undefined;
  if (/[+#]\s*$|\p{L}-$/u.test(words.text.slice(0, a.start))) return undefined; // "+84", "TG-2026-…"
  const sep1 = SEPARATOR.exec(gapBefore(words, i + 1))?.[1];
  if (!sep1) return undefined;
  const c = ts[i + 2];
  const sep2 = c?.kind === 'number' ? SEPARATOR.exec(gapBefore(words, i + 2))?.[1] : undefined;
  const withYear = sep2 === sep1;
  const end = withYear ? i + 3 : i + 2;
  const last = ts[end - 1]!;
  const after = ts[end];
  if (after?.kind === 'number' && /^\s*[/.\-:,]/u.test(gapAfter(words, end - 1))) return undefined; // "098.765.4321"
  if (/^[\p{L}\p{N}]/u.test(words.text.slice(last.end))) return undefined;
  // ISO: 2026-12-25.
  if (a.text.length === 4) {
    if (!withYear || sep1 !== '-') return undefined;
    const iso = toIso(Number(a.text), Number(b.text), Number(c!.text));
    return iso ? { date: iso, start: i, end, explicit: true } : undefined;
  }
  if (a.text.length > 2 || b.text.length > 2) return undefined;
  const prefixed = DAY_PREFIXES.endingAt(words, i) !== undefined;
  if (withYear) {
    if (c!.text.length !== 2 && c!.text.length !== 4) return undefined;
    const iso = toIso(fullYear(c!.text), Number(b.text), Number(a.text));
    return iso ? { date: iso, start: prefixed ? i - 1 : i, end, explicit: true } : undefined;
  }
  // Without a year: "2.5 triệu" and "1/2 số tiền" are not dates; "." only after "ngày".
  if (sep1 === '.' && !prefixed) return undefined;
  if (!prefixed && FRACTION_AFTER.at(words, end)) return undefined;
  const iso = nextDayMonth(today, Number(a.text), Number(b.text), todayIso);
  return iso ? { date: iso, start: prefixed ? i - 1 : i, end, explicit: true } : undefined;
}

/** "tháng" + a number or a qualifier after token `i`: the month meant. */
interface MonthRef {
  y: number;
  m: number;
  end: number;
  /** "tháng sau" (qualified), "tháng 12" (named, year not said), "tháng 12 năm 2026" (dated). */
  kind: 'qualified' | 'named' | 'dated';
}

function monthAfter(words: Words, i: number, today: Day): MonthRef | undefined {
  const month = MONTH.at(words, i);
  if (!month) return undefined;
  const q = QUALIFIERS.at(words, month.end);
  if (q) {
    const { y, m } = addMonths(today.y, today.m, q.matches[0]!.value);
    return { y, m, end: q.end, kind: 'qualified' };
  }
  const n = smallNumberAt(words, month.end, 12, true);
  if (!n) return undefined;
  // "năm 2026", "năm 26".
  const yearWord = YEAR.at(words, n.end);
  const yt = yearWord ? words.tokens[yearWord.end] : undefined;
  if (yearWord && yt?.kind === 'number' && (yt.text.length === 4 || yt.text.length === 2)) {
    return { y: fullYear(yt.text), m: n.value, end: yearWord.end + 1, kind: 'dated' };
  }
  const yt2 = words.tokens[n.end];
  if (yt2?.kind === 'number' && yt2.text.length === 4 && SEPARATOR.test(gapBefore(words, n.end))) {
    return { y: Number(yt2.text), m: n.value, end: n.end + 1, kind: 'dated' };
  }
  return { y: today.y, m: n.value, end: n.end, kind: 'named' };
}

/** "ngày 25 tháng 12", "25 tháng 12 năm 2026", "ngày 5 tháng sau", "mùng 5", "ngày 5" at token `i`. */
function spokenAt(words: Words, i: number, today: Day, todayIso: string): DateFinding | undefined {
  const prefix = DAY_PREFIXES.at(words, i);
  const j = prefix ? prefix.end : i;
  const day = smallNumberAt(words, j, 31, prefix !== undefined);
  if (!day) return undefined;
  if (words.tokens[j]?.kind === 'number' && SEPARATOR.test(gapAfter(words, j)) && words.tokens[j + 1]?.kind === 'number') return undefined;
  const month = monthAfter(words, day.end, today);
  if (month) {
    // Without "ngày": "3 tháng sau" is "three months later", "2 tháng 3 ngày" a duration.
    if (!prefix && (month.kind === 'qualified' || DURATION_AFTER.at(words, month.end))) return undefined;
    const iso = month.kind === 'named' ? nextDayMonth(today, day.value, month.m, todayIso) : toIso(month.y, month.m, day.value);
    return iso ? { date: iso, start: i, end: month.end, explicit: true } : undefined;
  }
  // "ngày 5" / "mùng 5" alone: this month's, or next month's once passed.
  if (!prefix || NOT_DAY_AFTER.at(words, day.end)) return undefined;
  if (words.tokens[day.end]?.kind === 'number') return undefined;
  let { y, m } = today;
  if (day.value < today.d) ({ y, m } = addMonths(y, m, 1));
  const iso = toIso(y, m, day.value);
  return iso ? { date: iso, start: i, end: day.end, explicit: true } : undefined;
}

/** "thứ 6", "thứ sáu tuần sau", "t6 tuần này", "chủ nhật", "cuối tuần", "tuần sau" at token `i`. */
function weekAt(words: Words, i: number, today: Day): DateFinding | undefined {
  if (ORDINAL_BEFORE.endingAt(words, i)) return undefined; // "lần thứ 2"
  const full = WEEKDAYS.at(words, i);
  const abbreviation = full ? undefined : WEEKDAY_ABBREVIATIONS.at(words, i);
  const point = full || abbreviation ? undefined : WEEK_POINTS.at(words, i);
  const weekday = (full ?? abbreviation)?.matches[0]!.value;
  const todayWeekday = weekdayOf(today);
  const monday = -(todayWeekday - 1);
  if (weekday !== undefined) {
    const end = (full ?? abbreviation)!.end;
    const week = WEEK.at(words, end);
    const q = QUALIFIERS.at(words, week ? week.end : end);
    if (week && q) {
      const offset = monday + 7 * q.matches[0]!.value + (weekday - 1);
      return { date: addDays(today, offset), start: i, end: q.end, explicit: false };
    }
    if (abbreviation && !q && !onlyFillersAround(words, [{ start: i, end }])) return undefined;
    // Alone, or "thứ 6 này" / "thứ 6 tới": the next one ("này" may be today).
    const sameDayOk = q?.matches[0]!.value === 0;
    let ahead = (weekday - todayWeekday + 7) % 7;
    if (ahead === 0 && !sameDayOk) ahead = 7;
    return { date: addDays(today, ahead), start: i, end: q ? q.end : end, explicit: false };
  }
  const atWeek = point ? point.end : i;
  const week = WEEK.at(words, atWeek);
  if (!week) return undefined;
  const q = QUALIFIERS.at(words, week.end);
  if (!point && !q) return undefined; // "tuần" alone
  const weeks = q ? q.matches[0]!.value : 0;
  const day = point ? point.matches[0]!.value : 1;
  let offset = monday + 7 * weeks + (day - 1);
  if (!point && weeks === 0) offset = 0; // "tuần này": from today
  return { date: addDays(today, offset), start: i, end: q ? q.end : week.end, explicit: false };
}

/** "cuối tháng", "đầu tháng sau", "giữa tháng 12", "cuối tháng này" at token `i`. */
function monthPointAt(words: Words, i: number, today: Day, todayIso: string): DateFinding | undefined {
  const point = MONTH_POINTS.at(words, i);
  if (!point) return undefined;
  const month = MONTH.at(words, point.end);
  if (!month) return undefined;
  const target: MonthRef = monthAfter(words, point.end, today) ?? { y: today.y, m: today.m, end: month.end, kind: 'qualified' };
  const dayOf = point.matches[0]!.value;
  const day = (y: number) => (dayOf === 'last' ? lastDayOf(y, target.m) : dayOf);
  let iso = toIso(target.y, target.m, day(target.y));
  // "cuối tháng 2" said in November: next year's.
  if (iso && target.kind === 'named' && iso < todayIso) iso = toIso(target.y + 1, target.m, day(target.y + 1));
  return iso ? { date: iso, start: i, end: target.end, explicit: false } : undefined;
}

/** "mai", "ngày mai", "hôm nay", "ngày kia", "mốt" at token `i`. */
function relativeAt(words: Words, i: number, today: Day): DateFinding | undefined {
  const r = RELATIVE.at(words, i);
  if (!r) return undefined;
  const span = words.tokens.slice(i, r.end);
  const typed = span.map((t) => t.lower).join(' ');
  if (ONLY_WHOLE.has(typed) && !onlyFillersAround(words, [{ start: i, end: r.end }])) return undefined;
  const first = span[0]!;
  // "Mai" in the middle of a sentence is a name; "bảy mươi mốt" is a number.
  if (r.end - i === 1 && i > 0 && /^\p{Lu}/u.test(first.text) && !/[.!?]\s*$/u.test(gapBefore(words, i))) return undefined;
  if (partOfNumber(words.tokens, i)) return undefined;
  return { date: addDays(today, r.matches[0]!.value), start: i, end: r.end, explicit: false };
}

function partOfNumber(ts: readonly Token[], i: number): boolean {
  for (let j = Math.max(0, i - 3); j < i; j++) {
    const n = parseNumberWords(ts, j);
    if (n && n.end > i && n.compound) return true;
  }
  return false;
}

/** Every date the message states, in the order they start. */
export function findDates(input: string, todayIso: string): { words: Words; dates: DateFinding[] } {
  const today = parseToday(todayIso);
  const words = tokenize(input);
  const dates: DateFinding[] = [];
  for (let i = 0; i < words.tokens.length; ) {
    const not = NOT_DATES.at(words, i);
    if (not && !(ONLY_WHOLE.has(words.tokens.slice(i, not.end).map((t) => t.lower).join(' ')) && onlyFillersAround(words, [{ start: i, end: not.end }]))) {
      i = not.end;
      continue;
    }
    const found =
      numericAt(words, i, today, todayIso) ??
      spokenAt(words, i, today, todayIso) ??
      monthPointAt(words, i, today, todayIso) ??
      weekAt(words, i, today) ??
      relativeAt(words, i, today);
    if (found) {
      dates.push(found);
      i = found.end;
    } else i++;
  }
  return { words, dates };
}

/** Whether every token outside the given spans is a filler word ("vào", "ạ", "khoảng" …). */
export function onlyFillersAround(words: Words, spans: readonly { start: number; end: number }[]): boolean {
  return onlyPhrasesAround(words, spans, ANSWER_FILLERS);
}
