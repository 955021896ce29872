/**
 * Ticket statuses, eligibility results and history actions as staff see and type them
 * (staff-labels.vi.yaml): Vietnamese names shown everywhere staff look, and Vietnamese (with or
 * without diacritics) or the English code accepted wherever a status is typed.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { fold } from '../../lib/text.ts';
import type { EligibilityStatus } from '../eligibility/check.ts';
import { ACCESS_ACTIONS, type AccessAction } from './access-log.ts';
import { TICKET_STATUSES, type TicketStatus } from './ticket.ts';

const ELIGIBILITY = ['eligible', 'more_info', 'ineligible'] as const satisfies readonly EligibilityStatus[];

const named = z.strictObject({ label: z.string().min(1), words: z.array(z.string()).default([]) });
const schema = z.strictObject({
  statuses: z.strictObject(Object.fromEntries(TICKET_STATUSES.map((s) => [s, named])) as Record<TicketStatus, typeof named>),
  eligibility: z.strictObject(Object.fromEntries(ELIGIBILITY.map((s) => [s, named])) as Record<EligibilityStatus, typeof named>),
  actions: z.record(z.string(), z.string()),
  actors: z.strictObject({ system: z.string(), cli: z.string(), citizen: z.string() }),
  access: z.strictObject(Object.fromEntries(ACCESS_ACTIONS.map((a) => [a, z.string().min(1)])) as Record<AccessAction, z.ZodString>),
});

const FILE = new URL('./staff-labels.vi.yaml', import.meta.url);
const data = schema.parse(parse(readFileSync(FILE, 'utf8')));

function phraseTable<K extends string>(table: Record<K, { label: string; words: string[] }>): Map<string, K> {
  const phrases = new Map<string, K>();
  for (const [code, entry] of Object.entries(table) as Array<[K, { label: string; words: string[] }]>) {
    for (const phrase of [code, entry.label, ...entry.words]) {
      const key = fold(phrase);
      const other = phrases.get(key);
      if (other !== undefined && other !== code) throw new Error(`${FILE.pathname}: "${phrase}" names both ${other} and ${code}`);
      phrases.set(key, code);
    }
  }
  return phrases;
}

const statusPhrases = phraseTable(data.statuses);
const eligibilityPhrases = phraseTable(data.eligibility);
const LONGEST = Math.max(...[...statusPhrases.keys(), ...eligibilityPhrases.keys()].map((p) => p.split(' ').length));

/** "đã nhận" for "accepted". */
export function statusName(status: TicketStatus): string {
  return data.statuses[status].label;
}

/** Every status as staff see them: "mới, đã phân loại, …". */
export function statusNames(): string {
  return TICKET_STATUSES.map(statusName).join(', ');
}

/** The status a whole phrase names ("xong", "dang giup", "in_progress", "Đã Nhận"), if any. */
export function parseStatus(text: string): TicketStatus | undefined {
  return statusPhrases.get(fold(text));
}

/** The eligibility result a whole phrase names ("cần bổ sung", "more_info"), if any. */
export function parseEligibility(text: string): EligibilityStatus | undefined {
  return eligibilityPhrases.get(fold(text));
}

/**
 * A status named by the first words of a command ("/trangthai SỐ đang giúp đã gọi điện"): the
 * longest phrase that names one, and the words after it (the note).
 */
export function takeStatus(words: readonly string[]): { status: TicketStatus; rest: string[] } | undefined {
  for (let size = Math.min(LONGEST, words.length); size >= 1; size--) {
    const status = parseStatus(words.slice(0, size).join(' '));
    if (status) return { status, rest: words.slice(size) };
  }
  return undefined;
}

/**
 * The eligibility result stored on a ticket ("eligible (7.7c, 7.1)", "more_info") as staff read it:
 * "thuộc diện (7.7c, 7.1)", "cần bổ sung".
 */
export function eligibilityName(stored: string): string {
  const m = /^(eligible|more_info|ineligible)\b(.*)$/u.exec(stored.trim());
  if (!m) return stored;
  return `${data.eligibility[m[1] as EligibilityStatus].label}${m[2]}`;
}

/** An access-log action ("view", "person_export") as staff read it. */
export function accessActionName(action: string): string {
  return (data.access as Record<string, string>)[action] ?? action;
}

/** A history action ("status", "eligibility_ok") as staff read it. */
export function actionName(action: string): string {
  return data.actions[action] ?? action;
}

/**
 * Who did something, as staff read it: "hệ thống", "người dân (zalo)", "cán bộ (dòng lệnh)", or the
 * staff member's name from the directory (`nameOf`), else their channel id.
 */
export function actorDisplay(actor: string, nameOf?: (channel: string, userId: string) => string | undefined): string {
  if (actor === 'system') return data.actors.system;
  if (actor === 'cli') return data.actors.cli;
  const [channel, ...rest] = actor.split(':');
  const id = rest.join(':');
  if (channel === 'citizen') return `${data.actors.citizen} (${id})`;
  if (channel === 'cli') return `${data.actors.cli} ${id}`;
  return (id && nameOf?.(channel!, id)) || actor;
}
