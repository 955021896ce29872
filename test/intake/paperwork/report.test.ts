import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadEligibilityRules } from '../../../intake/eligibility/rules.ts';
import { periodReport } from '../../../intake/paperwork/paperwork.ts';
import { reportText } from '../../../intake/paperwork/report.ts';
import { reportWorkbook } from '../../../intake/paperwork/report-xlsx.ts';
import { SurveyStore } from '../../../intake/paperwork/survey-store.ts';
import { surveyQuestions } from '../../../intake/paperwork/survey.ts';
import type { TicketDraft } from '../../../intake/tickets/ticket.ts';
import { incoming, runTgpl, SAMPLE_DRAFT, tempDir, testApp, testConfig } from '../../helpers.ts';

const OPERATOR = { kind: 'operator', user: 'test' } as const;
const at = (iso: string) => new Date(`${iso}T03:00:00.000Z`);

/**
 * A seeded database with known counts (2025): a trafficking victim before 2025-07-01 (then điểm g
 * khoản 7, with the financial test) and one after (khoản 6a), a poor household's urgent family case
 * moved to another branch and still open, one refused with no group met; one request in 2024 and one
 * in 2026 outside the period.
 */
async function seeded(dir = tempDir()) {
  const app = await testApp(testConfig(dir));
  const desk = app.intake.desk;
  const file = async (when: string, draft: Partial<TicketDraft>, channel: string, chatId: string) => {
    app.clock.set(at(when));
    return desk.file({ ...SAMPLE_DRAFT, ...draft }, { channel, chatId, userId: chatId });
  };
  const step = async (when: string, work: () => Promise<unknown>) => {
    app.clock.set(at(when));
    await work();
  };
  const t1 = await file('2025-06-10', { facts: { traffickingVictim: true, household: 'near_poor' }, eligibility: 'eligible (7.7g)', fullName: 'Nguyễn Thị Một' }, 'zalo', 'z1');
  const t2 = await file('2025-07-10', { facts: { traffickingVictim: true }, eligibility: 'eligible (7.6a)', fullName: 'Trần Văn Hai' }, 'telegram', '222');
  const t3 = await file('2025-08-01', { facts: { household: 'poor' }, eligibility: 'eligible (7.2)', field: 'hon_nhan_gia_dinh', urgent: true, deadline: '2025-08-05', fullName: 'Lê Thị Ba', phone: '0911222333' }, 'console', 'c3');
  const t4 = await file('2025-09-01', { facts: {}, eligibility: 'more_info', fullName: 'Phạm Văn Bốn' }, 'zalo', 'z4');
  await file('2024-12-31', { fullName: 'Ngoài kỳ Một' }, 'zalo', 'z5');
  await file('2026-01-05', { fullName: 'Ngoài kỳ Hai' }, 'zalo', 'z6');
  await step('2025-06-12', () => desk.accept(OPERATOR, t1.number));
  await step('2025-06-20', () => desk.setStatus(OPERATOR, t1.number, 'done', ''));
  await step('2025-07-11', () => desk.accept(OPERATOR, t2.number));
  await step('2025-07-15', () => desk.setStatus(OPERATOR, t2.number, 'done', ''));
  await step('2025-08-02', () => desk.reroute(OPERATOR, t3.number, 'cn-phu-yen'));
  await step('2025-08-04', () => desk.accept(OPERATOR, t3.number));
  await step('2025-09-03', () => desk.reject(OPERATOR, t4.number, 'thiếu giấy tờ'));
  // The survey: the first person answers everything (1 each) with a comment, the second declines.
  const say = (channel: string, chatId: string, text: string) => app.assistant.handle(incoming(text, { channel, chatId, userId: chatId }));
  await say('zalo', 'z1', 'có');
  for (let i = 0; i < surveyQuestions().length; i++) await say('zalo', 'z1', '1');
  await say('zalo', 'z1', 'Cảm ơn chị cán bộ');
  await say('telegram', '222', 'không');
  const deps = { desk, tickets: app.intake.tickets, surveys: new SurveyStore(app.db, app.vault), directory: app.intake.directory, rules: loadEligibilityRules(), timeZone: app.config.timeZone };
  return { app, deps, tickets: { t1, t2, t3, t4 }, dir };
}

/** The row of a sheet whose first cell is `label` (after `after`, when given): its values B, C. */
function rowOf(sheet: ExcelJS.Worksheet, label: string, after?: string): [unknown, unknown] {
  let seen = after === undefined;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const first = sheet.getRow(r).getCell(1).value;
    if (!seen) {
      seen = first === after;
      continue;
    }
    if (first === label) return [sheet.getRow(r).getCell(2).value, sheet.getRow(r).getCell(3).value];
  }
  throw new Error(`no row "${label}"${after ? ` after "${after}"` : ''}`);
}

describe('report and register (Mẫu 12, Mẫu 01)', () => {
  it('counts a seeded period cell by cell, each request in the group in force on its date', async () => {
    const { deps, app } = await seeded();
    const report = await periodReport(deps, OPERATOR, { from: '2025-01-01', to: '2025-12-31' }, true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportWorkbook(report, 'toàn Trung tâm')) as never);
    const sheet = wb.getWorksheet(reportText.say('report_sheet'))!;
    const t = (k: Parameters<typeof reportText.say>[0]) => reportText.say(k);
    expect(rowOf(sheet, t('total_requests'))[0]).toBe(4);
    expect(rowOf(sheet, t('total_cases'))[0]).toBe(3);
    expect(rowOf(sheet, t('total_done'))[0]).toBe(2);
    expect(rowOf(sheet, t('total_rejected'))[0]).toBe(1);
    expect(rowOf(sheet, t('total_open'))[0]).toBe(1);
    expect(rowOf(sheet, t('total_urgent'))[0]).toBe(1);
    expect(rowOf(sheet, t('total_referrals'))[0]).toBe(0);
    // Groups: the label names the clause and the period of its wording.
    const group = (clause: string) => report.byGroup.find((r) => r.label.includes(clause))!.label;
    expect(rowOf(sheet, group('điểm g khoản 7'))).toEqual([1, 1]);
    expect(rowOf(sheet, group('khoản 6a Điều 7'))).toEqual([1, 1]);
    expect(group('điểm g khoản 7')).toContain('đến 30/06/2025');
    expect(group('khoản 6a Điều 7')).toContain('từ 01/07/2025');
    expect(rowOf(sheet, group('khoản 2 Điều 7'))).toEqual([1, 1]);
    expect(rowOf(sheet, t('group_none'))).toEqual([1, 0]);
    expect(rowOf(sheet, group('khoản 1 Điều 7'))).toEqual([0, 0]);
    // Fields, form of aid (not recorded: blank, never zero), branches, channels, outcomes.
    expect(rowOf(sheet, 'Đất đai', t('field_heading'))).toEqual([3, 2]);
    expect(rowOf(sheet, 'Hôn nhân – gia đình', t('field_heading'))).toEqual([1, 1]);
    expect(rowOf(sheet, t('form_litigation'))).toEqual([null, null]);
    expect(rowOf(sheet, t('form_not_recorded'))).toEqual([4, 3]);
    expect(rowOf(sheet, 'Chi nhánh Bắc Yên (mẫu)', t('branch_heading'))).toEqual([3, 2]);
    expect(rowOf(sheet, 'Chi nhánh Phù Yên (mẫu)', t('branch_heading'))).toEqual([1, 1]);
    expect(rowOf(sheet, 'Zalo', t('channel_heading'))).toEqual([2, 1]);
    expect(rowOf(sheet, 'Telegram', t('channel_heading'))).toEqual([1, 1]);
    expect(rowOf(sheet, 'xong', t('outcome_heading'))).toEqual([2, 2]);
    // Handling times in days: accepted after 2, 1, 3 days; done 8 and 4 days after; 10 and 5 after filing.
    expect(rowOf(sheet, t('time_filed_accepted'))).toEqual([2, 3]);
    expect(rowOf(sheet, t('time_accepted_done'))).toEqual([6, 2]);
    expect(rowOf(sheet, t('time_filed_done'))).toEqual([7.5, 2]);
    // Satisfaction.
    expect(rowOf(sheet, t('survey_asked'))[0]).toBe(2);
    expect(rowOf(sheet, t('survey_done'))[0]).toBe(1);
    expect(rowOf(sheet, t('survey_declined'))[0]).toBe(1);
    expect(rowOf(sheet, t('survey_comments'))[0]).toBe(1);
    const last = surveyQuestions().at(-1)!;
    expect(rowOf(sheet, `   ${last.answers[0]}`, last.report)[0]).toBe(1);
    expect(rowOf(sheet, `   ${last.answers[2]}`, last.report)[0]).toBe(0);
    // No personal data on the report sheet.
    const reportCells = JSON.stringify(sheet.getSheetValues());
    for (const name of ['Nguyễn Thị Một', 'Lê Thị Ba', '0911222333', 'Cảm ơn chị cán bộ']) expect(reportCells).not.toContain(name);
    // The register: one row per request of the period, in filing order, with its personal data.
    const reg = wb.getWorksheet(reportText.say('register_sheet'))!;
    const header = reg.getRow(4).values as unknown[];
    expect(header.slice(1, 4)).toEqual([t('col_index'), t('col_number'), t('col_filed')]);
    expect(reg.rowCount).toBe(8);
    const third = reg.getRow(7).values as unknown[];
    expect(third[2]).toBe('TG-2025-000003');
    expect(third[3]).toBe('01/08/2025');
    expect(third[4]).toBe('04/08/2025');
    expect(third[5]).toBe('Lê Thị Ba');
    expect(third[8]).toBe('0911222333');
    expect(third[10]).toBe('Người thuộc hộ nghèo (khoản 2 Điều 7)');
    expect(third[12]).toBeUndefined(); // form of aid: not collected
    expect(third[14]).toBe('Chi nhánh Phù Yên (mẫu)');
    expect(third[16]).toBe(t('yes'));
    expect(JSON.stringify(reg.getSheetValues())).not.toContain('Ngoài kỳ');
    // The register's reads are in the access log, one per ticket.
    const logged = await app.intake.access.list({});
    expect(logged.filter((e) => e.action === 'register').map((e) => e.ticketNumber).sort()).toEqual(['TG-2025-000001', 'TG-2025-000002', 'TG-2025-000003', 'TG-2025-000004']);
  });

  it('limits to a branch, and writes no register when not asked for', async () => {
    const { deps, app } = await seeded();
    const report = await periodReport(deps, OPERATOR, { from: '2025-01-01', to: '2025-12-31', branch: 'cn-phu-yen' }, false);
    expect(report.totals.requests).toBe(1);
    expect(report.register).toBeUndefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportWorkbook(report, 'x')) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([reportText.say('report_sheet')]);
    expect((await app.intake.access.list({})).filter((e) => e.action === 'register')).toHaveLength(0);
    const half = await periodReport(deps, OPERATOR, { from: '2025-01-01', to: '2025-06-30' }, false);
    expect(half.totals.requests).toBe(1);
  });

  it('tgpl report and tgpl forms write new owner-only files; bad input is one Vietnamese line', async () => {
    const dir = tempDir();
    const { app, tickets } = await seeded(dir);
    await app.close();
    const xlsx = join(dir, 'bao-cao.xlsx');
    const ok = await runTgpl(['report', '--from', '2025-01-01', '--to', '2025-12-31', '--xlsx', xlsx], { DATA_DIR: dir });
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('4 yêu cầu');
    expect(statSync(xlsx).mode & 0o777).toBe(0o600);
    const again = await runTgpl(['report', '--from', '2025-01-01', '--to', '2025-12-31', '--xlsx', xlsx], { DATA_DIR: dir });
    expect(again.code).toBe(2);
    expect(again.err.trim().split('\n')).toHaveLength(1);
    expect(again.err).toContain('tệp đã có');
    for (const args of [
      ['report', '--from', '2025-02-30', '--to', '2025-12-31', '--xlsx', join(dir, 'a.xlsx')],
      ['report', '--from', '2025-12-31', '--to', '2025-01-01', '--xlsx', join(dir, 'a.xlsx')],
      ['report', '--from', '2025-01-01', '--to', '2025-12-31'],
      ['report', '--from', '2025-01-01', '--to', '2025-12-31', '--branch', 'khong-co', '--xlsx', join(dir, 'a.xlsx')],
      ['forms', tickets.t4.number, '--form', '04', '--out', join(dir, 'a.pdf')],
      ['forms', tickets.t4.number, '--out', join(dir, 'a.txt')],
      ['forms', 'TG-2025-000999', '--out', join(dir, 'a.pdf')],
      ['forms', tickets.t4.number, '--form', '07', '--out', join(dir, 'a.pdf')],
    ]) {
      const bad = await runTgpl(args, { DATA_DIR: dir });
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(bad.err).not.toMatch(/at .*\.ts:\d+/u);
    }
    expect(existsSync(join(dir, 'a.xlsx')) || existsSync(join(dir, 'a.pdf'))).toBe(false);
    const pdf = join(dir, 'don.pdf');
    const form = await runTgpl(['forms', tickets.t3.number, '--form', '02', '--out', pdf], { DATA_DIR: dir });
    expect(form.code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const refusal = await runTgpl(['forms', tickets.t4.number, '--form', '08', '--out', join(dir, 'tu-choi.docx')], { DATA_DIR: dir });
    expect(refusal.code).toBe(0);
    const audit = await runTgpl(['audit', '--json'], { DATA_DIR: dir });
    const actions = audit.out.trim().split('\n').map((l) => JSON.parse(l) as { action: string; ticketNumber: string });
    expect(actions.filter((a) => a.action === 'form').map((a) => a.ticketNumber)).toEqual([tickets.t3.number, tickets.t4.number]);
  });
});
