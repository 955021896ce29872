/**
 * The centre's forms (Thông tư 12/2018/TT-BTP Điều 13) filled from a ticket. Each form's headings and
 * fields are data (forms/mau-NN.yaml, with their source and date); a field names the ticket value it
 * shows, and a field the intake did not collect is left blank for handwriting — nothing is invented.
 * The official .doc layouts are not in the corpus: the YAML files say so (`verify: true`) and must be
 * checked against the official templates before use.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadForm as loadRequestForm } from '../request/form.ts';
import type { EligibilityRules } from '../eligibility/rules.ts';
import { fieldLabel } from '../tickets/fields.ts';
import { localDate } from '../tickets/local-time.ts';
import { FINAL_STATUSES, type Ticket, type TicketEvent } from '../tickets/ticket.ts';
import { filedDate, requestGroups } from './request-groups.ts';

/** The values a form field may show: what the intake and the desk hold about a ticket. */
export const FORM_VALUES = [
  'requester.name', 'requester.relation', 'requester.phone',
  'person.name', 'person.birthYear', 'person.address', 'person.phone', 'person.groups',
  'matter.field', 'matter.description', 'matter.criminalRole', 'matter.deadline',
  'ticket.number', 'ticket.filedDate', 'ticket.provider', 'ticket.closingNote',
  'referral.centre', 'referral.province',
] as const;
export type FormValue = (typeof FORM_VALUES)[number];

const fieldSchema = z.strictObject({ label: z.string(), value: z.enum(FORM_VALUES).optional(), long: z.boolean().optional() });
const formSchema = z.strictObject({
  id: z.string(),
  code: z.string(),
  source: z.string(),
  date: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  verify: z.boolean(),
  issuer: z.string().optional(),
  title: z.string(),
  addressee: z.string(),
  sections: z.array(z.strictObject({ heading: z.string(), fields: z.array(fieldSchema).min(1) })).min(1),
  footer: z.array(z.string()).default([]),
  signature: z.strictObject({ place: z.string(), left: z.string().optional(), right: z.string(), note: z.string() }),
});
export type FormSpec = z.infer<typeof formSchema>;

export const FORM_IDS = ['02', '04', '05', '08', '09'] as const;
export type FormId = (typeof FORM_IDS)[number];

const cache = new Map<FormId, FormSpec>();

/** The form's data (forms/mau-NN.yaml), checked. */
export function formSpec(id: FormId): FormSpec {
  let spec = cache.get(id);
  if (!spec) {
    const file = new URL(`./forms/mau-${id}.yaml`, import.meta.url);
    spec = formSchema.parse(parse(readFileSync(file, 'utf8')));
    if (spec.id !== id) throw new Error(`${file.pathname}: id "${spec.id}" is not "${id}"`);
    cache.set(id, spec);
  }
  return spec;
}

/** The national heading every form carries. */
export const NATIONAL_HEADING = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] as const;

/** A form filled for one ticket: every line with its value, or null where it is left blank. */
export interface FilledForm {
  id: FormId;
  code: string;
  title: string;
  issuer?: string;
  addressee: string;
  sections: Array<{ heading: string; fields: Array<{ label: string; value: string | null; long: boolean }> }>;
  footer: string[];
  signature: FormSpec['signature'];
  /** The form's layout still needs checking against the official template. */
  verify: boolean;
  source: string;
}

/** Which forms a ticket's state calls for, and why the others do not apply (for a one-line refusal). */
export function formsFor(ticket: Ticket): FormId[] {
  const out: FormId[] = ['02'];
  if (ticket.status === 'accepted' || ticket.status === 'in_progress') out.push('04');
  if (!FINAL_STATUSES.includes(ticket.status) || ticket.status === 'withdrawn') out.push('05');
  if (ticket.status === 'rejected' || ticket.status === 'not_eligible') out.push('08');
  if (ticket.referral) out.push('09');
  return out;
}

export interface FillContext {
  rules: EligibilityRules;
  timeZone: string;
  /** The centre (or branch) the form is addressed to / issued by. */
  centreName: string;
  recipientName: string;
  /** The ticket's history (for the reason of a refusal). */
  events?: TicketEvent[];
  /** A staff id → their name (the assignee as provider). */
  staffName?: (id: string) => string | undefined;
  /** How the channel is named ("Zalo", "Telegram"…). */
  channelName?: (channel: string) => string;
}

const ROLE_LABELS = new Map(
  (loadRequestForm().find((f) => f.id === 'criminalRole')?.choices ?? []).map((c) => [c.id, c.label] as const),
);

/** A ticket's value for a form field, or null when the intake did not collect it. */
export function formValue(value: FormValue, ticket: Ticket, ctx: FillContext): string | null {
  const text = (s: string | null | undefined) => (s === null || s === undefined || s.trim() === '' ? null : s.trim());
  const self = ticket.forWhom === 'self';
  switch (value) {
    case 'requester.name':
      return self ? text(ticket.fullName) : text(ticket.requester?.name);
    case 'requester.relation':
      return self ? 'Là người được trợ giúp pháp lý' : text(ticket.requester?.relation);
    case 'requester.phone':
      return self ? text(ticket.phone) : text(ticket.requester?.phone);
    case 'person.name':
      return text(ticket.fullName);
    case 'person.birthYear':
      return ticket.birthYear > 0 ? String(ticket.birthYear) : null;
    case 'person.address':
      return text(ticket.addressText);
    case 'person.phone':
      return text(ticket.phone);
    case 'person.groups': {
      const groups = requestGroups(ctx.rules, ticket, ctx.timeZone);
      return groups.length ? groups.map((g) => `${g.label} (${clauseCitation(g.clause)})`).join('; ') : null;
    }
    case 'matter.field':
      return text(fieldLabel(ticket.field));
    case 'matter.description':
      return text(ticket.description);
    case 'matter.criminalRole':
      return ticket.criminalRole ? (ROLE_LABELS.get(ticket.criminalRole) ?? null) : null;
    case 'matter.deadline':
      return ticket.deadline ? localDate(ticket.deadline) : null;
    case 'ticket.number':
      return ticket.number;
    case 'ticket.filedDate':
      return localDate(filedDate(ticket, ctx.timeZone));
    case 'ticket.provider':
      return ticket.assignee ? (ctx.staffName?.(ticket.assignee) ?? null) : null;
    case 'ticket.closingNote': {
      const closing = [...(ctx.events ?? [])].reverse().find((e) => e.action === 'status' && (e.to === 'rejected' || e.to === 'not_eligible'));
      return text(closing?.note);
    }
    case 'referral.centre':
      return text(ticket.referral?.centre);
    case 'referral.province':
      return text(ticket.referral?.provinceName);
  }
}

/** "7.2" → "khoản 2 Điều 7", "7.6a" → "khoản 6a Điều 7", "7.7c" → "điểm c khoản 7 Điều 7", "7.7dd" → "điểm đ …". */
export function clauseCitation(clause: string): string {
  const m = /^7\.(\d+)(dd|đ|[a-z])?$/u.exec(clause);
  if (!m) return `Điều ${clause}`;
  const letter = m[2] === 'dd' ? 'đ' : (m[2] ?? '');
  return m[1] === '7' && letter ? `điểm ${letter} khoản 7 Điều 7` : `khoản ${m[1]}${letter} Điều 7`;
}

/** Fills placeholders of a form's fixed texts ("Kính gửi: {recipient}"). */
function fixed(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/gu, (whole, name: string) => vars[name] ?? whole);
}

/** The form filled for `ticket`. */
export function fillForm(id: FormId, ticket: Ticket, ctx: FillContext): FilledForm {
  const spec = formSpec(id);
  const vars = {
    recipient: ctx.recipientName,
    centre: ctx.centreName,
    personName: ticket.fullName || '....................',
    number: ticket.number,
    filedDate: localDate(filedDate(ticket, ctx.timeZone)),
    channel: ctx.channelName?.(ticket.channel) ?? ticket.channel,
  };
  return {
    id,
    code: spec.code,
    title: spec.title,
    issuer: spec.issuer ? fixed(spec.issuer, vars) : undefined,
    addressee: fixed(spec.addressee, vars),
    sections: spec.sections.map((s) => ({
      heading: s.heading,
      fields: s.fields.map((f) => ({ label: f.label, value: f.value ? formValue(f.value, ticket, ctx) : null, long: f.long === true })),
    })),
    footer: spec.footer.map((line) => fixed(line, vars)),
    signature: spec.signature,
    verify: spec.verify,
    source: spec.source,
  };
}

/** The form's lines as plain text, in reading order (what the DOCX and PDF show; used by tests). */
export function formLines(form: FilledForm, blank = '.'.repeat(40)): string[] {
  const lines: string[] = [...NATIONAL_HEADING];
  if (form.issuer) lines.push(form.issuer);
  lines.push(form.code, form.title, form.addressee);
  for (const s of form.sections) {
    lines.push(s.heading);
    for (const f of s.fields) lines.push(`${f.label}: ${f.value ?? blank}`);
  }
  lines.push(...form.footer, form.signature.place);
  if (form.signature.left) lines.push(form.signature.left);
  lines.push(form.signature.right, form.signature.note);
  return lines;
}
