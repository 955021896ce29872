/** `tgpl audit`: who read or erased which person's data, and when (intake/tickets/access-log.ts). */
import { UsageError } from '../../lib/usage-error.ts';
import { localDateTime, localYear } from '../../intake/tickets/local-time.ts';
import { accessActionName, actorDisplay } from '../../intake/tickets/staff-labels.ts';
import { formatTicketNumber, parseTicketRef } from '../../intake/tickets/ticket-number.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withData } from './data-access.ts';

export const auditCommand: Command = {
  name: 'audit',
  help: `Cách dùng: tgpl audit [--ticket SỐ] [--since NGÀY] [--limit N] [--json]

In nhật ký truy cập dữ liệu cá nhân, cũ trước mới sau: thời điểm (giờ địa phương), người làm (cán bộ
theo danh bạ, "cán bộ (dòng lệnh) TÊN_MÁY" cho lệnh tgpl, "người dân (kênh)" khi người dân tự làm),
việc (xem chi tiết, tìm theo số điện thoại, xem/xuất/xóa dữ liệu của một người, người dân rút lại
đồng ý…), số yêu cầu và kênh. Nhật ký không chứa thông tin cá nhân.

Tùy chọn:
  --ticket SỐ    chỉ yêu cầu này (TG-2026-000003, hoặc gọn 3 cho năm nay)
  --since NGÀY   từ ngày này (YYYY-MM-DD, theo TIME_ZONE)
  --limit N      N dòng mới nhất (mặc định 1000)
  --json         in dạng JSON, mỗi dòng một mục
  -h, --help     xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values } = parseCommandArgs('audit', args, { ticket: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
    const since = values.since as string | undefined;
    if (since !== undefined && !/^\d{4}-\d{2}-\d{2}$/u.test(since)) throw new UsageError(`tgpl audit: --since "${since}" không phải ngày YYYY-MM-DD`);
    const limitText = values.limit as string | undefined;
    const limit = limitText === undefined ? undefined : Number(limitText);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`tgpl audit: --limit "${limitText}" phải là số nguyên dương`);
    const ticketText = values.ticket as string | undefined;
    const ref = ticketText === undefined ? undefined : parseTicketRef(ticketText);
    if (ticketText !== undefined && !ref) throw new UsageError(`tgpl audit: --ticket "${ticketText}" không phải số yêu cầu (ví dụ TG-2026-000003, hoặc 3)`);
    return withData(io, 'audit', async ({ intake, config }) => {
      const tz = config.timeZone;
      const year = localYear(new Date(), tz);
      const entries = await intake.access.list({
        ticketNumber: ref ? formatTicketNumber(ref.year ?? year, ref.seq) : undefined,
        since: since ? startOfDay(since, tz) : undefined,
        limit,
      });
      if (values.json) {
        for (const e of entries) io.stdout.write(`${JSON.stringify(e)}\n`);
        return 0;
      }
      if (entries.length === 0) {
        io.stdout.write('Nhật ký trống: chưa có ai xem hay xóa dữ liệu cá nhân (theo điều kiện đã chọn).\n');
        return 0;
      }
      const who = (channel: string, userId: string) => intake.directory.staffMember(channel, userId)?.name;
      for (const e of entries) {
        io.stdout.write(`${localDateTime(e.at, tz)}  ${actorDisplay(e.actor, who)}  ${accessActionName(e.action)}  ${e.ticketNumber ?? '—'}  (${e.via})\n`);
      }
      return 0;
    });
  },
};

/** Midnight of a local date ("2026-11-21" in Asia/Ho_Chi_Minh) as an instant. */
export function startOfDay(date: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(utcMidnight))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const offset = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - utcMidnight;
  return new Date(utcMidnight - offset);
}
