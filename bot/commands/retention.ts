/** `tgpl retention [--dry-run]`: applies the retention periods now, or only counts what would go. */
import { localDateTime } from '../../intake/tickets/local-time.ts';
import { statusName } from '../../intake/tickets/staff-labels.ts';
import { CLOSED_TICKET_STATUSES, countsOf, type RetentionReport } from '../privacy/retention.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withData } from './data-access.ts';

export const retentionCommand: Command = {
  name: 'retention',
  help: `Cách dùng: tgpl retention [--dry-run] [--json]

Áp dụng thời hạn lưu giữ dữ liệu cá nhân (RETENTION_FILE, mặc định intake/parameters/retention.yaml):
xóa cuộc trò chuyện bỏ dở (kể cả bản nháp yêu cầu), tin nhắn đã gửi, tin nhắn nhận được mà không xử
lý được, mã tin nhắn đã nhận; ẩn danh các yêu cầu đã kết thúc quá hạn (xóa họ tên, năm sinh, số điện
thoại, địa chỉ, sự việc; giữ số liệu thống kê: diện, lĩnh vực, chi nhánh, ngày, kết quả, kênh).
Trợ lý tự làm việc này mỗi ngày khi đang chạy; lệnh này để làm ngay hoặc để xem trước.

Tùy chọn:
  --dry-run   chỉ đếm, không xóa gì
  --json      in kết quả dạng JSON
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values } = parseCommandArgs('retention', args, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } });
    const dryRun = values['dry-run'] === true;
    return withData(io, 'retention', async ({ retention, config }) => {
      const report = await retention.run({ dryRun });
      if (values.json) io.stdout.write(`${JSON.stringify({ at: report.at, dryRun, ...countsOf(report) })}\n`);
      else io.stdout.write(`${describeReport(report, config.timeZone)}\n`);
      return 0;
    });
  },
};

/** The report in a few lines: what went (or would go), with the period of each. */
export function describeReport(report: RetentionReport, timeZone: string): string {
  const p = report.policy;
  if (!p) return `Không có thời hạn lưu giữ nào áp dụng vào ${localDateTime(report.at, timeZone)} (xem RETENTION_FILE): không xóa gì.`;
  const verb = report.dryRun ? 'Sẽ xóa' : 'Đã xóa';
  const lines = [
    `${report.dryRun ? 'Xem trước (chưa xóa gì)' : 'Đã dọn'} lúc ${localDateTime(report.at, timeZone)}:`,
    `  ${verb} ${report.idleConversations} cuộc trò chuyện không nhắn quá ${p.idleConversations.days} ngày (kể cả bản nháp yêu cầu)`,
    `  ${verb} ${report.deliveredMessages} tin nhắn đã gửi quá ${p.deliveredMessages.days} ngày và ${report.parkedMessages} tin không gửi được`,
    `  ${verb} ${report.unhandledMessages} tin nhắn nhận được mà chưa xử lý được quá ${p.unhandledMessages.days} ngày`,
    `  ${verb} ${report.seenUpdates} mã tin nhắn đã nhận quá ${p.seenUpdates.days} ngày`,
    ...CLOSED_TICKET_STATUSES.map(
      (s) => `  ${report.dryRun ? 'Sẽ ẩn danh' : 'Đã ẩn danh'} ${report.anonymisedTickets[s]} yêu cầu "${statusName(s)}" kết thúc quá ${p.closedTickets[s].days} ngày`,
    ),
  ];
  return lines.join('\n');
}
