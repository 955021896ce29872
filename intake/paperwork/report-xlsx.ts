/**
 * The report as an Excel workbook (exceljs): the report sheet (Mẫu 12 tables, figures only) and,
 * when the register was asked for, the register sheet (Mẫu 01 columns, with personal data). A count
 * the assistant cannot know (the form of aid) is an empty cell, never a zero.
 */
import ExcelJS from 'exceljs';
import { localDate } from '../tickets/local-time.ts';
import { reportText as t, type Report } from './report.ts';

type Cell = string | number | null;

export async function reportWorkbook(report: Report, scope: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Trợ lý trợ giúp pháp lý';
  const period = { from: localDate(report.from), to: localDate(report.to) };

  const sheet = wb.addWorksheet(t.say('report_sheet'));
  sheet.columns = [{ width: 70 }, { width: 16 }, { width: 18 }];
  const add = (cells: Cell[], bold = false) => {
    const row = sheet.addRow(cells.map((c) => (c === null ? null : c)));
    if (bold) row.font = { bold: true };
    return row;
  };
  add([t.say('report_title', period)], true);
  add([scope]);
  add([t.say('unchecked')]).font = { italic: true };
  /** A blank row, the heading of a table and its column names. */
  const section = (heading: Parameters<typeof t.say>[0], ...columns: Array<Parameters<typeof t.say>[0]>) => {
    add([]);
    add([t.say(heading)], true);
    add(columns.map((c) => t.say(c)), true);
  };
  section('summary_heading', 'col_item', 'col_count');
  const totals = report.totals;
  for (const [key, value] of [
    ['total_requests', totals.requests], ['total_cases', totals.cases], ['total_done', totals.done], ['total_rejected', totals.rejected],
    ['total_withdrawn', totals.withdrawn], ['total_open', totals.open], ['total_urgent', totals.urgent], ['total_referrals', totals.referrals],
  ] as const) add([t.say(key), value]);
  const table = (heading: Parameters<typeof t.say>[0], rows: Array<{ label: string; requests: number | null; cases: number | null }>) => {
    section(heading, 'col_item', 'col_requests', 'col_cases');
    for (const r of rows) add([r.label, r.requests, r.cases]);
  };
  table('group_heading', report.byGroup);
  table('field_heading', report.byField);
  table('form_heading', report.byForm);
  table('branch_heading', report.byBranch);
  table('channel_heading', report.byChannel);
  table('outcome_heading', report.byOutcome);
  section('time_heading', 'col_item', 'col_median_days', 'col_n');
  for (const r of report.times) add([r.label, r.medianDays, r.n]);
  section('survey_heading', 'col_item', 'col_count');
  const s = report.survey;
  for (const [key, value] of [
    ['survey_asked', s.asked], ['survey_done', s.done], ['survey_ended', s.ended], ['survey_declined', s.declined],
    ['survey_unanswered', s.unanswered], ['survey_comments', s.comments],
  ] as const) add([t.say(key), value]);
  for (const q of s.questions) {
    add([q.label, t.say('col_count')], true);
    for (const a of q.answers) add([`   ${a.label}`, a.count]);
  }

  if (report.register) {
    const reg = wb.addWorksheet(t.say('register_sheet'));
    reg.addRow([t.say('register_title', period)]).font = { bold: true };
    reg.addRow([scope]);
    reg.addRow([t.say('unchecked')]).font = { italic: true };
    const headers = [
      'col_index', 'col_number', 'col_filed', 'col_accepted', 'col_name', 'col_birth_year', 'col_address', 'col_phone', 'col_requester',
      'col_group', 'col_field', 'col_form', 'col_provider', 'col_branch', 'col_channel', 'col_urgent', 'col_status', 'col_closed',
    ] as const;
    reg.addRow(headers.map((h) => t.say(h))).font = { bold: true };
    report.register.forEach((r, i) => {
      reg.addRow([
        i + 1, r.number, r.filed, r.accepted, r.name, r.birthYear, r.address, r.phone, r.requester, r.groups, r.field, r.form, r.provider,
        r.branch, r.channel, r.urgent ? t.say('yes') : null, r.status, r.closed,
      ]);
    });
    reg.columns.forEach((c, i) => (c.width = [6, 18, 14, 14, 24, 10, 36, 14, 24, 40, 22, 18, 22, 22, 14, 10, 18, 14][i]));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
