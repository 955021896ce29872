/**
 * Ticket numbers as people type them: "TG-2026-000003", "tg2026-3", "tg 2026 3", "000003" or just
 * "3". A number without its year means the current local year's ticket (or, when there is none,
 * the newest ticket with that number: see TicketStore.find).
 */
import { fold } from '../../lib/text.ts';

/** A typed ticket reference: the sequence number, and the year when it was given. */
export interface TicketRef {
  year?: number;
  seq: number;
}

const MIN_YEAR = 2018;
const MAX_YEAR = 2100;

/** "TG-2026-000003": the stored form of a ticket number. */
export function formatTicketNumber(year: number, seq: number): string {
  return `TG-${year}-${String(seq).padStart(6, '0')}`;
}

/** The year and sequence of a stored number ("TG-2026-000003" → 2026, 3), or undefined. */
export function splitTicketNumber(number: string): { year: number; seq: number } | undefined {
  const m = /^TG-(\d{4})-(\d+)$/u.exec(number);
  return m ? { year: Number(m[1]), seq: Number(m[2]) } : undefined;
}

/**
 * Reads a whole string as a ticket reference, forgiving case, spaces, dashes and leading zeros;
 * undefined when it is not one.
 */
export function parseTicketRef(text: string): TicketRef | undefined {
  const folded = fold(text);
  const full = /^tg ?(\d{4}) ?(\d{1,7})$/u.exec(folded) ?? /^(\d{4}) (\d{1,7})$/u.exec(folded);
  if (full) {
    const year = Number(full[1]);
    const seq = Number(full[2]);
    if (year < MIN_YEAR || year > MAX_YEAR || seq === 0) return undefined;
    return { year, seq };
  }
  const short = /^(tg ?)?(\d{1,7})$/u.exec(folded);
  if (!short || Number(short[2]) === 0) return undefined;
  // "TG-2026" is a year without its number, not ticket 2026.
  if (short[1] && /^\d{4}$/u.test(short[2]!) && Number(short[2]) >= MIN_YEAR && Number(short[2]) <= MAX_YEAR) return undefined;
  return { seq: Number(short[2]) };
}

/** A ticket reference written as staff and citizens would show it: "TG-2026-000003", or "3". */
export function describeRef(ref: TicketRef): string {
  return ref.year ? formatTicketNumber(ref.year, ref.seq) : String(ref.seq);
}

/**
 * Takes a ticket reference from the start of a list of words (a command's arguments): "3",
 * "TG-2026-3", or "TG 2026 3" typed with spaces. Returns the reference and the words after it.
 */
export function takeTicketRef(words: readonly string[]): { ref: TicketRef; text: string; rest: string[] } | undefined {
  for (const size of [3, 2, 1]) {
    if (words.length < size) continue;
    const text = words.slice(0, size).join(' ');
    const ref = parseTicketRef(text);
    // "3 lý do" must not be read as a year and a number: more than one word needs a year.
    if (ref && (size === 1 || ref.year !== undefined)) return { ref, text, rest: words.slice(size) };
  }
  return undefined;
}

/** A full ticket number ("TG-2026-000003", "tg2026-3", "TG 2026 3") somewhere inside a message. */
export function findTicketNumber(text: string): TicketRef | undefined {
  const m = /(?:^|[^\p{L}\p{N}])tg[\s\-_.]*(\d{4})[\s\-_./]*(\d{1,7})(?![\p{N}])/iu.exec(text);
  if (!m) return undefined;
  return parseTicketRef(`tg ${m[1]} ${m[2]}`);
}
