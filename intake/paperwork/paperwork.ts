/**
 * The paperwork put together over the stores: a ticket's form as a file, and the report's figures.
 * Personal data is read through the stores (opened from their sealed columns) and every read for a
 * file is recorded in the access log first (desk.recordAccess), by whoever asked.
 */
import { PaperworkError } from './files.ts';
import type { EligibilityRules } from '../eligibility/rules.ts';
import type { BranchDirectory } from '../routing/directory.ts';
import type { Actor, Desk } from '../tickets/desk.ts';
import type { TicketStore } from '../tickets/ticket-store.ts';
import type { Ticket } from '../tickets/ticket.ts';
import { fillForm, formsFor, type FormId } from './forms.ts';
import { formDocument, formFileName, MIME_TYPES, type DocumentFormat } from './form-documents.ts';
import { buildReport, channelName, inReport, type Report, type ReportOptions, type ReportTicket } from './report.ts';
import type { SurveyStore } from './survey-store.ts';

export { PaperworkError, writeNewPrivateFile } from './files.ts';

export interface PaperworkDeps {
  desk: Desk;
  tickets: TicketStore;
  surveys: SurveyStore;
  directory: BranchDirectory;
  rules: EligibilityRules;
  timeZone: string;
}

/** A generated file: its bytes, name and type. */
export interface GeneratedFile {
  data: Buffer;
  filename: `${string}.${string}`;
  mimeType: string;
}

/** A staff member's name from the directory ("zalo:z-an" → "Chị An"). */
function staffNameIn(directory: BranchDirectory) {
  return (id: string) => {
    const [channel, ...rest] = id.split(':');
    return directory.staffMember(channel ?? '', rest.join(':'))?.name;
  };
}

function branchNameIn(directory: BranchDirectory) {
  return (id: string) => directory.target(id)?.name ?? id;
}

/** Fills a ticket's form and writes it as DOCX or PDF; the read of the person's data is recorded first. */
export async function ticketForm(deps: Omit<PaperworkDeps, 'surveys'>, actor: Actor, ticket: Ticket, id: FormId, format: DocumentFormat): Promise<GeneratedFile> {
  if (ticket.anonymisedAt) throw new PaperworkError(`Yêu cầu ${ticket.number} đã được ẩn danh: không còn thông tin để điền mẫu`);
  const allowed = formsFor(ticket);
  if (!allowed.includes(id)) {
    throw new PaperworkError(`Mẫu ${id} không dùng cho yêu cầu ${ticket.number} ở tình trạng hiện tại (dùng được: ${allowed.map((f) => `Mẫu ${f}`).join(', ')})`);
  }
  const { directory } = deps;
  const target = directory.target(ticket.branchId) ?? directory.centre;
  const events = id === '08' ? await deps.tickets.events(ticket.number) : undefined;
  await deps.desk.recordAccess(actor, 'form', [ticket.number]);
  const form = fillForm(id, ticket, {
    rules: deps.rules,
    timeZone: deps.timeZone,
    centreName: directory.centre.name,
    recipientName: target.name,
    events,
    staffName: staffNameIn(directory),
    channelName,
  });
  return { data: await formDocument(form, format), filename: formFileName(ticket.number, id, format), mimeType: MIME_TYPES[format] };
}

/**
 * The report over the tickets filed in the period (and branch): figures always; the register rows
 * (personal data) only with `register`, the read of each ticket in it recorded first.
 */
export async function periodReport(
  deps: PaperworkDeps,
  actor: Actor,
  period: { from: string; to: string; branch?: string },
  register: boolean,
): Promise<Report> {
  const { directory } = deps;
  if (period.branch !== undefined && !directory.target(period.branch)) throw new PaperworkError(`Không có chi nhánh "${period.branch}"`);
  const options: ReportOptions = {
    ...period,
    timeZone: deps.timeZone,
    rules: deps.rules,
    branchName: branchNameIn(directory),
    staffName: staffNameIn(directory),
  };
  const visible = await deps.desk.list(actor);
  const tickets = visible.filter((t) => inReport(t, options)).sort((a, b) => a.id - b.id);
  const surveys = new Map((await deps.surveys.forTickets(tickets.map((t) => t.id))).map((s) => [s.ticketId, s]));
  const items: ReportTicket[] = [];
  for (const ticket of tickets) items.push({ ticket, events: await deps.tickets.events(ticket.number), survey: surveys.get(ticket.id) });
  if (register) await deps.desk.recordAccess(actor, 'register', tickets.map((t) => t.number));
  return buildReport(items, options, register);
}
