/**
 * The case register (Mẫu số 01-TP-TGPL) and the 6-month / 1-year report tables (Mẫu số 12-TP-TGPL)
 * over the requests filed in a period (local dates, inclusive), for the whole centre or one branch:
 * requests and cases (accepted at some point) by eligibility group as in force on each request's date
 * (request-groups.ts: the existing rules, dated data), field, form of aid, branch, channel and outcome;
 * handling times (medians: filed → accepted → done); urgent cases; referrals to other provinces; the
 * satisfaction survey. Figures only: the register rows (personal data) are made only when asked for.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { EligibilityRules } from '../eligibility/rules.ts';
import { REQUEST_FIELDS } from '../tickets/fields.ts';
import { localDate } from '../tickets/local-time.ts';
import { statusName } from '../tickets/staff-labels.ts';
import { TICKET_STATUSES, type Ticket, type TicketEvent } from '../tickets/ticket.ts';
import { clauseCitation } from './forms.ts';
import { allGroupPeriods, filedDate, periodKey, requestGroups } from './request-groups.ts';
import { surveyQuestions } from './survey.ts';
import type { Survey } from './survey-store.ts';
import { isoDateIn } from '../../lib/clock.ts';
import { loadMessages } from '../../lib/messages.ts';

export const reportText = loadMessages(new URL('./report.vi.yaml', import.meta.url), [
  'register_sheet', 'register_title', 'report_sheet', 'report_title', 'scope_all', 'scope_branch', 'unchecked',
  'col_index', 'col_number', 'col_filed', 'col_accepted', 'col_name', 'col_birth_year', 'col_address', 'col_phone', 'col_requester',
  'col_group', 'col_field', 'col_form', 'col_provider', 'col_branch', 'col_channel', 'col_urgent', 'col_status', 'col_closed', 'yes',
  'summary_heading', 'total_requests', 'total_cases', 'total_done', 'total_rejected', 'total_withdrawn', 'total_open', 'total_urgent',
  'total_referrals', 'col_item', 'col_requests', 'col_cases', 'col_count', 'group_heading', 'group_label', 'period_open', 'period_closed',
  'group_none', 'field_heading', 'form_heading', 'form_not_recorded', 'form_litigation', 'form_advice', 'form_representation',
  'branch_heading', 'channel_heading', 'outcome_heading', 'time_heading', 'time_filed_accepted', 'time_accepted_done', 'time_filed_done',
  'col_median_days', 'col_n', 'survey_heading', 'survey_asked', 'survey_done', 'survey_ended', 'survey_declined', 'survey_unanswered',
  'survey_comments', 'col_answer',
]);

const channelNames = parse(readFileSync(new URL('./channel-names.vi.yaml', import.meta.url), 'utf8')) as Record<string, string>;
export const channelName = (channel: string): string => channelNames[channel] ?? channel;

/** One ticket with what the report needs of its history and survey. */
export interface ReportTicket {
  ticket: Ticket;
  events: TicketEvent[];
  survey?: Survey;
}

export interface ReportOptions {
  from: string;
  to: string;
  /** A branch id ("centre" for the centre's own), or undefined for all. */
  branch?: string;
  timeZone: string;
  rules: EligibilityRules;
  /** Branch id → name. */
  branchName: (id: string) => string;
  /** Staff id ("zalo:z-an") → name (the provider column). */
  staffName?: (id: string) => string | undefined;
}

/** A table row: its label and counts. */
export interface Row {
  label: string;
  requests: number;
  cases: number;
}

export interface RegisterRow {
  number: string;
  filed: string;
  accepted: string | null;
  name: string | null;
  birthYear: number | null;
  address: string | null;
  phone: string | null;
  requester: string | null;
  groups: string | null;
  field: string;
  /** Form of aid: not collected by the assistant (left blank). */
  form: null;
  provider: string | null;
  branch: string;
  channel: string;
  urgent: boolean;
  status: string;
  closed: string | null;
}

export interface Report {
  from: string;
  to: string;
  branch: string | null;
  totals: { requests: number; cases: number; done: number; rejected: number; withdrawn: number; open: number; urgent: number; referrals: number };
  byGroup: Row[];
  byField: Row[];
  /** Form of aid: the assistant does not record it, so the three forms are null (left blank). */
  byForm: Array<{ label: string; requests: number | null; cases: number | null }>;
  byBranch: Row[];
  byChannel: Row[];
  byOutcome: Row[];
  times: Array<{ label: string; medianDays: number | null; n: number }>;
  survey: {
    asked: number;
    done: number;
    ended: number;
    declined: number;
    unanswered: number;
    comments: number;
    questions: Array<{ label: string; answers: Array<{ label: string; count: number }> }>;
  };
  /** The register rows (Mẫu 01), with personal data: only when asked for. */
  register?: RegisterRow[];
}

/** When a ticket was first accepted (thụ lý), from its history. */
export function acceptedAt(events: TicketEvent[]): string | null {
  return events.find((e) => e.to === 'accepted' && (e.action === 'status' || e.action === 'route'))?.at ?? null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** Whether a ticket belongs to the period (filed on a local date within it) and the branch asked for. */
export function inReport(ticket: Ticket, options: Pick<ReportOptions, 'from' | 'to' | 'branch' | 'timeZone'>): boolean {
  const date = filedDate(ticket, options.timeZone);
  return date >= options.from && date <= options.to && (options.branch === undefined || ticket.branchId === options.branch);
}

/** The report over `items` (already limited to the period and branch by `inReport`). */
export function buildReport(items: ReportTicket[], options: ReportOptions, withRegister: boolean): Report {
  const t = reportText;
  const isCase = (i: ReportTicket) => acceptedAt(i.events) !== null;
  const count = (rows: Map<string, Row>, key: string, label: string, item: ReportTicket) => {
    const row = rows.get(key) ?? { label, requests: 0, cases: 0 };
    row.requests += 1;
    if (isCase(item)) row.cases += 1;
    rows.set(key, row);
  };

  // Eligibility groups: every period of every group, in the law's order, then "not determined".
  const groupRows = new Map<string, Row>();
  for (const g of allGroupPeriods(options.rules)) {
    const period = g.until ? t.say('period_closed', { from: localDate(g.from), until: localDate(g.until) }) : t.say('period_open', { from: localDate(g.from) });
    groupRows.set(periodKey(g), { label: t.say('group_label', { label: g.label, citation: clauseCitation(g.clause), period }), requests: 0, cases: 0 });
  }
  const noGroup: Row = { label: t.say('group_none'), requests: 0, cases: 0 };
  const fieldRows = new Map<string, Row>(REQUEST_FIELDS.map((f) => [f.id, { label: f.label, requests: 0, cases: 0 }]));
  const branchRows = new Map<string, Row>();
  const channelRows = new Map<string, Row>();
  const outcomeRows = new Map<string, Row>(TICKET_STATUSES.map((s) => [s, { label: statusName(s), requests: 0, cases: 0 }]));
  const toAccept: number[] = [];
  const toDone: number[] = [];
  const filedToDone: number[] = [];
  const totals = { requests: 0, cases: 0, done: 0, rejected: 0, withdrawn: 0, open: 0, urgent: 0, referrals: 0 };

  for (const item of items) {
    const { ticket } = item;
    totals.requests += 1;
    if (isCase(item)) totals.cases += 1;
    if (ticket.status === 'done') totals.done += 1;
    else if (ticket.status === 'rejected' || ticket.status === 'not_eligible') totals.rejected += 1;
    else if (ticket.status === 'withdrawn') totals.withdrawn += 1;
    else totals.open += 1;
    if (ticket.urgent) totals.urgent += 1;
    if (ticket.referral) totals.referrals += 1;

    const groups = requestGroups(options.rules, ticket, options.timeZone);
    if (groups.length === 0) {
      noGroup.requests += 1;
      if (isCase(item)) noGroup.cases += 1;
    }
    for (const g of groups) {
      const row = groupRows.get(periodKey(g))!;
      row.requests += 1;
      if (isCase(item)) row.cases += 1;
    }
    count(fieldRows, ticket.field, ticket.field, item);
    count(branchRows, ticket.branchId, options.branchName(ticket.branchId), item);
    count(channelRows, ticket.channel, channelName(ticket.channel), item);
    count(outcomeRows, ticket.status, statusName(ticket.status), item);

    const accepted = acceptedAt(item.events);
    const done = ticket.status === 'done' ? ticket.closedAt : null;
    if (accepted) toAccept.push(days(ticket.createdAt, accepted));
    if (accepted && done) toDone.push(days(accepted, done));
    if (done) filedToDone.push(days(ticket.createdAt, done));
  }

  const asked = items.map((i) => i.survey).filter((s): s is Survey => s !== undefined);
  const questions = surveyQuestions().map((q) => ({
    label: q.report,
    answers: q.answers.map((label, i) => ({ label, count: asked.filter((s) => s.answers[q.id] === i + 1).length })),
  }));
  const notRecorded = totals.cases;
  const report: Report = {
    from: options.from,
    to: options.to,
    branch: options.branch ?? null,
    totals,
    byGroup: [...groupRows.values(), noGroup],
    byField: [...fieldRows.values()],
    // The assistant does not record the form of aid: the three forms are left blank, every case counted as not recorded.
    byForm: [
      { label: t.say('form_litigation'), requests: null, cases: null },
      { label: t.say('form_advice'), requests: null, cases: null },
      { label: t.say('form_representation'), requests: null, cases: null },
      { label: t.say('form_not_recorded'), requests: totals.requests, cases: notRecorded },
    ],
    byBranch: [...branchRows.values()].sort((a, b) => a.label.localeCompare(b.label, 'vi')),
    byChannel: [...channelRows.values()].sort((a, b) => a.label.localeCompare(b.label, 'vi')),
    byOutcome: [...outcomeRows.values()],
    times: [
      { label: t.say('time_filed_accepted'), medianDays: median(toAccept), n: toAccept.length },
      { label: t.say('time_accepted_done'), medianDays: median(toDone), n: toDone.length },
      { label: t.say('time_filed_done'), medianDays: median(filedToDone), n: filedToDone.length },
    ],
    survey: {
      asked: asked.length,
      done: asked.filter((s) => s.status === 'done').length,
      ended: asked.filter((s) => s.status === 'ended').length,
      declined: asked.filter((s) => s.status === 'declined').length,
      unanswered: asked.filter((s) => s.status === 'asked' || s.status === 'answering').length,
      comments: asked.filter((s) => s.comment !== '').length,
      questions,
    },
  };
  if (withRegister) report.register = items.map((i) => registerRow(i, options));
  return report;
}

function registerRow(item: ReportTicket, options: ReportOptions): RegisterRow {
  const { ticket } = item;
  const tz = options.timeZone;
  const text = (s: string | null | undefined) => (s && s.trim() !== '' ? s.trim() : null);
  const accepted = acceptedAt(item.events);
  const groups = requestGroups(options.rules, ticket, tz);
  return {
    number: ticket.number,
    filed: localDate(filedDate(ticket, tz)),
    accepted: accepted ? localDate(isoDateIn(new Date(accepted), tz)) : null,
    name: text(ticket.fullName),
    birthYear: ticket.birthYear > 0 ? ticket.birthYear : null,
    address: text(ticket.addressText),
    phone: text(ticket.phone),
    requester: ticket.forWhom === 'other' && ticket.requester ? `${ticket.requester.name} (${ticket.requester.relation})` : null,
    groups: groups.length ? groups.map((g) => `${g.label} (${clauseCitation(g.clause)})`).join('; ') : null,
    field: REQUEST_FIELDS.find((f) => f.id === ticket.field)?.label ?? ticket.field,
    form: null,
    provider: ticket.assignee ? (options.staffName?.(ticket.assignee) ?? ticket.assignee) : null,
    branch: options.branchName(ticket.branchId),
    channel: channelName(ticket.channel),
    urgent: ticket.urgent,
    status: statusName(ticket.status),
    closed: ticket.closedAt ? localDate(isoDateIn(new Date(ticket.closedAt), tz)) : null,
  };
}
