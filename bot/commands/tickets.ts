/** `tgpl tickets`: the staff desk on the command line (acting as the centre's operator). */
import { UsageError } from '../../lib/usage-error.ts';
import { fieldLabel } from '../../intake/tickets/fields.ts';
import { localDate, localDateTime } from '../../intake/tickets/local-time.ts';
import {
  actionName,
  actorDisplay,
  eligibilityName,
  parseEligibility,
  parseStatus,
  statusName,
  statusNames,
  takeStatus,
} from '../../intake/tickets/staff-labels.ts';
import type { TicketFilter } from '../../intake/tickets/ticket-store.ts';
import type { Ticket } from '../../intake/tickets/ticket.ts';
import { takeTicketRef } from '../../intake/tickets/ticket-number.ts';
import { fold } from '../../lib/text.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withData } from './data-access.ts';

const ACTIONS = ['list', 'show', 'assign', 'route', 'reply', 'note', 'status', 'eligibility', 'remind'] as const;

function line(t: Ticket): string {
  // The commune, never the address typed (a list holds no personal data).
  const place = t.anonymisedAt ? '(đã ẩn danh)' : (t.communeName ?? '(chưa rõ xã)');
  return `${t.number}  ${statusName(t.status).padEnd(18)} ${t.urgent ? 'KHẨN ' : '     '}${t.branchId.padEnd(12)} ${fieldLabel(t.field)} — ${place}`;
}

export const ticketsCommand: Command = {
  name: 'tickets',
  help: `Cách dùng: tgpl tickets <việc> [tùy chọn] [--json]

  list [--status S] [--branch ID] [--urgent]   danh sách yêu cầu (S: trạng thái, hoặc diện khi gửi:
                                              thuộc diện, cần bổ sung, có thể không thuộc diện)
  list --phone SĐT                            các yêu cầu có số điện thoại này (của người cần giúp
                                              hoặc người gửi thay)
  show SỐ                                     chi tiết và lịch sử
  assign SỐ NGƯỜI                             giao cho cán bộ
  route SỐ CHI_NHÁNH                          chuyển đến chi nhánh (hoặc "centre")
  reply SỐ "nội dung"                         trả lời người dân (gửi qua kênh của họ)
  note SỐ "nội dung"                          ghi chú nội bộ
  status SỐ TRẠNG_THÁI ["ghi chú"]            đổi trạng thái
  eligibility SỐ yes|no ["ghi chú"]           đã kiểm tra giấy tờ chứng minh diện (hoặc co|khong)
  remind                                      nhắc và báo lên các yêu cầu chưa được nhận

SỐ: TG-2026-000003, tg2026-3, hoặc gọn 3 / 000003 (yêu cầu năm nay; không có thì yêu cầu mới nhất mang số đó).
Trạng thái (có dấu hay không dấu, hoặc mã tiếng Anh): ${statusNames()}.
Giờ in theo múi giờ TIME_ZONE (mặc định Asia/Ho_Chi_Minh), dạng dd/mm/yyyy HH:mm.
Lệnh chạy với quyền cán bộ Trung tâm. Mọi thay đổi được ghi vào lịch sử của yêu cầu; mỗi lần xem
thông tin cá nhân (show, list --phone, kết quả --json) được ghi vào nhật ký truy cập (tgpl audit).

Tùy chọn:
  --json      in kết quả dạng JSON
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      'tickets',
      args,
      { json: { type: 'boolean' }, status: { type: 'string' }, branch: { type: 'string' }, urgent: { type: 'boolean' }, phone: { type: 'string' } },
      true,
    );
    const action = positionals[0];
    if (!action || !(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(`tgpl tickets: cần một việc (${ACTIONS.join(', ')}). Xem: tgpl tickets --help`);
    }
    const statusText = values.status as string | undefined;
    const filter: TicketFilter = {};
    if (statusText) {
      filter.status = parseStatus(statusText);
      filter.eligibility = filter.status ? undefined : parseEligibility(statusText);
      if (!filter.status && !filter.eligibility) {
        throw new UsageError(`tgpl tickets: --status "${statusText}" không hợp lệ (cho phép: ${statusNames()})`);
      }
    }
    // A ticket number typed with spaces ("TG 2026 3") is one argument.
    const taken = action === 'list' || action === 'remind' ? undefined : takeTicketRef(positionals.slice(1));
    const rest = taken ? [taken.text, ...taken.rest] : positionals.slice(1);
    const out = (value: unknown, text: string) => io.stdout.write(values.json ? `${JSON.stringify(value)}\n` : `${text}\n`);
    return withData(io, `tickets ${action}`, async ({ intake, config, operator: actor }) => {
      const { desk, directory } = intake;
      const tz = config.timeZone;
      const need = (n: number, usage: string) => {
        if (rest.length < n) throw new UsageError(`tgpl tickets ${action}: thiếu thông tin. Cách dùng: tgpl tickets ${action} ${usage}`);
      };
      /** A ticket printed as JSON holds its personal data: the read is recorded first. */
      const outTicket = async (ticket: Ticket, text: string) => {
        if (values.json) await desk.recordAccess(actor, 'view', [ticket.number]);
        out(ticket, text);
      };
      switch (action) {
        case 'list': {
          const phone = values.phone as string | undefined;
          const wanted = { ...filter, branchId: values.branch as string | undefined, urgent: values.urgent ? true : undefined };
          // A search by phone is recorded for each ticket found (desk.findByPhone); a JSON list prints personal data.
          const list = phone
            ? (await desk.findByPhone(actor, phone)).filter((t) => matches(t, wanted))
            : await desk.list(actor, wanted);
          if (values.json && !phone) await desk.recordAccess(actor, 'list', list.map((t) => t.number));
          out(list, list.length ? list.map(line).join('\n') : 'Không có yêu cầu nào.');
          break;
        }
        case 'show': {
          need(1, 'SỐ');
          const { ticket, events } = await desk.show(actor, rest[0]!);
          const who = (channel: string, userId: string) => directory.staffMember(channel, userId)?.name;
          out({ ticket, events }, [
            `${line(ticket)}`,
            `Gửi lúc: ${localDateTime(ticket.createdAt, tz)}; trạng thái: ${statusName(ticket.status)}; diện (khi gửi): ${eligibilityName(ticket.eligibility)}; hạn: ${ticket.deadline ? localDate(ticket.deadline) : 'không'}`,
            ...(ticket.anonymisedAt
              ? [`Đã ẩn danh lúc ${localDateTime(ticket.anonymisedAt, tz)}: thông tin cá nhân đã xóa, chỉ còn số liệu thống kê.`]
              : [
                  `Người cần giúp: ${ticket.fullName}, sinh ${ticket.birthYear}, ĐT ${ticket.phone || 'không có'}, ${ticket.addressText}`,
                  ...(ticket.requester ? [`Người gửi thay: ${ticket.requester.name} (${ticket.requester.relation}), ĐT ${ticket.requester.phone || 'không có'}`] : []),
                  `Liên hệ: ${ticket.contact === 'call' ? 'gọi điện' : `nhắn tin (${ticket.channel})`}`,
                  `Sự việc: ${ticket.description}`,
                ]),
            ...events.map((e) => {
              const change = e.to && e.from !== e.to ? `${e.from ? ` ${statusName(e.from)}` : ''} → ${statusName(e.to)}` : '';
              return `  ${localDateTime(e.at, tz)} ${actorDisplay(e.actor, who)}: ${actionName(e.action)}${change}${e.note ? ` (${e.note})` : ''}`;
            }),
          ].join('\n'));
          break;
        }
        case 'assign':
          need(2, 'SỐ NGƯỜI');
          {
            const ticket = await desk.assign(actor, rest[0]!, rest.slice(1).join(' '));
            await outTicket(ticket, `Đã giao ${ticket.number} cho ${ticket.assignee}.`);
          }
          break;
        case 'route':
          need(2, 'SỐ CHI_NHÁNH');
          {
            const ticket = await desk.reroute(actor, rest[0]!, rest[1]!);
            await outTicket(ticket, `Đã chuyển ${ticket.number} đến ${directory.target(ticket.branchId)?.name ?? ticket.branchId}.`);
          }
          break;
        case 'reply':
          need(2, 'SỐ "nội dung"');
          {
            const ticket = await desk.reply(actor, rest[0]!, rest.slice(1).join(' '));
            await outTicket(ticket, `Đã gửi trả lời cho người dân (${ticket.number}).`);
          }
          break;
        case 'note':
          need(2, 'SỐ "nội dung"');
          {
            const ticket = await desk.note(actor, rest[0]!, rest.slice(1).join(' '));
            await outTicket(ticket, `Đã ghi chú vào ${ticket.number}.`);
          }
          break;
        case 'status': {
          need(2, 'SỐ TRẠNG_THÁI ["ghi chú"]');
          // "đang giúp" may come quoted (one argument) or not (two).
          const to = takeStatus(rest.slice(1).flatMap((a) => a.split(/\s+/u)).filter(Boolean));
          if (!to) throw new UsageError(`tgpl tickets status: "${rest.slice(1).join(' ')}" không hợp lệ (cho phép: ${statusNames()})`);
          const updated = await desk.setStatus(actor, rest[0]!, to.status, to.rest.join(' '));
          await outTicket(updated, `${updated.number} → ${statusName(updated.status)}`);
          break;
        }
        case 'eligibility': {
          need(2, 'SỐ yes|no ["ghi chú"]');
          const answer = fold(rest[1]!);
          const ok = answer === 'yes' || answer === 'co' ? true : answer === 'no' || answer === 'khong' ? false : undefined;
          if (ok === undefined) throw new UsageError('tgpl tickets eligibility: cần yes hoặc no (co hoặc khong)');
          const ticket = await desk.eligibilityChecked(actor, rest[0]!, ok, rest.slice(2).join(' '));
          await outTicket(ticket, `Đã ghi kết quả kiểm tra diện cho ${ticket.number}.`);
          break;
        }
        case 'remind': {
          const done = await desk.tick();
          out(done, `Đã nhắc: ${done.reminded.join(', ') || 'không có'}; đã báo lên Trung tâm: ${done.escalated.join(', ') || 'không có'}.`);
          break;
        }
      }
      return 0;
    });
  },
};

/** Whether a ticket found by phone also passes the list's other filters. */
function matches(t: Ticket, f: TicketFilter): boolean {
  if (f.status && t.status !== f.status) return false;
  if (f.branchId && t.branchId !== f.branchId) return false;
  if (f.urgent !== undefined && t.urgent !== f.urgent) return false;
  if (f.eligibility && !(t.eligibility === f.eligibility || t.eligibility.startsWith(`${f.eligibility} `))) return false;
  return true;
}
