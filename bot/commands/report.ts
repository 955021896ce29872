/**
 * `tgpl report --from DATE --to DATE [--branch ID] --xlsx FILE`: the case register (Mẫu 01) and the
 * 6-month / 1-year report tables (Mẫu 12) over the requests filed in the period, as an Excel file.
 * The register sheet holds personal data: it is written only for the centre's operator and each
 * ticket in it is recorded in the access log; --no-register writes the figures alone.
 */
import { resolve } from 'node:path';
import { UsageError } from '../../lib/usage-error.ts';
import { loadEligibilityRules } from '../../intake/eligibility/rules.ts';
import { PaperworkError, periodReport, writeNewPrivateFile } from '../../intake/paperwork/paperwork.ts';
import { reportText } from '../../intake/paperwork/report.ts';
import { reportWorkbook } from '../../intake/paperwork/report-xlsx.ts';
import { SurveyStore } from '../../intake/paperwork/survey-store.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withData } from './data-access.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

function checkDate(option: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`tgpl report: cần ${option} NGÀY (YYYY-MM-DD)`);
  const m = DATE.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== value) throw new UsageError(`tgpl report: ${option} "${value}" không phải ngày YYYY-MM-DD`);
  return value;
}

export const reportCommand: Command = {
  name: 'report',
  help: `Cách dùng: tgpl report --from NGÀY --to NGÀY [--branch CHI_NHÁNH] --xlsx TỆP [--no-register]

Lập báo cáo các yêu cầu nhận trong khoảng ngày (theo TIME_ZONE, tính cả hai đầu) ra tệp Excel mới:
  • trang "Báo cáo (Mẫu 12)": số yêu cầu và vụ việc theo diện người được trợ giúp (theo luật có hiệu lực
    vào ngày nhận từng yêu cầu), lĩnh vực, hình thức, nơi thụ lý, kênh, kết quả; thời gian giải quyết
    (trung vị); số vụ thụ lý ngay, số yêu cầu hướng dẫn sang tỉnh khác; ý kiến người được trợ giúp;
  • trang "Sổ thụ lý (Mẫu 01)": từng yêu cầu kèm thông tin cá nhân (mỗi lần xuất được ghi vào nhật ký
    truy cập). --no-register: chỉ số liệu, không có thông tin cá nhân.
Bố cục cần đối chiếu với mẫu chính thức trước khi gửi.

Tùy chọn:
  --from NGÀY      ngày đầu (YYYY-MM-DD)
  --to NGÀY        ngày cuối (YYYY-MM-DD)
  --branch ID      chỉ một chi nhánh (mã trong danh bạ; "centre" cho Trung tâm)
  --xlsx TỆP       tệp Excel mới để ghi
  --no-register    không ghi trang Sổ thụ lý (không có thông tin cá nhân)
  -h, --help       xem hướng dẫn này

Ví dụ: tgpl report --from 2026-01-01 --to 2026-06-30 --xlsx bao-cao-6-thang.xlsx`,
  async run(args: string[], io: Io): Promise<number> {
    const { values } = parseCommandArgs('report', args, {
      from: { type: 'string' },
      to: { type: 'string' },
      branch: { type: 'string' },
      xlsx: { type: 'string' },
      'no-register': { type: 'boolean' },
    });
    const from = checkDate('--from', values.from as string | undefined);
    const to = checkDate('--to', values.to as string | undefined);
    if (from > to) throw new UsageError(`tgpl report: --from ${from} sau --to ${to}`);
    const out = values.xlsx as string | undefined;
    if (!out) throw new UsageError('tgpl report: cần --xlsx TỆP (ví dụ --xlsx bao-cao.xlsx)');
    if (!/\.xlsx$/iu.test(out)) throw new UsageError(`tgpl report: "${out}" phải là tệp .xlsx`);
    const branch = values.branch as string | undefined;
    return withData(io, 'report', async ({ db, vault, intake, config, operator }) => {
      const deps = { desk: intake.desk, tickets: intake.tickets, surveys: new SurveyStore(db, vault), directory: intake.directory, rules: loadEligibilityRules(), timeZone: config.timeZone };
      try {
        const report = await periodReport(deps, operator, { from, to, branch }, values['no-register'] !== true);
        const scope = branch ? reportText.say('scope_branch', { branch: intake.directory.target(branch)!.name }) : reportText.say('scope_all');
        const path = resolve(out);
        writeNewPrivateFile(path, await reportWorkbook(report, scope));
        io.stdout.write(`Đã ghi báo cáo ${from} → ${to}: ${report.totals.requests} yêu cầu, ${report.totals.cases} vụ việc thụ lý, vào ${path}\n`);
        return 0;
      } catch (err) {
        if (err instanceof PaperworkError) throw new UsageError(`tgpl report: ${err.message}`);
        throw err;
      }
    });
  },
};
