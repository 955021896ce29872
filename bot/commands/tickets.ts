/** `tgpl tickets`: the staff desk on the command line (acting as the centre's operator). */
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { systemClock } from '../../lib/clock.ts';
import { openIntake } from '../../intake/intake-services.ts';
import { PermissionError, statusLabels, type Actor } from '../../intake/tickets/desk.ts';
import { fieldLabel } from '../../intake/tickets/fields.ts';
import { TicketError } from '../../intake/tickets/ticket-store.ts';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from '../../intake/tickets/ticket.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';

const ACTIONS = ['list', 'show', 'assign', 'route', 'reply', 'note', 'status', 'eligibility', 'remind'] as const;

function line(t: Ticket): string {
  return `${t.number}  ${t.status.padEnd(12)} ${t.urgent ? 'KHẨN ' : '     '}${t.branchId.padEnd(12)} ${fieldLabel(t.field)} — ${t.communeName ?? t.addressText}`;
}

export const ticketsCommand: Command = {
  name: 'tickets',
  summary: 'bàn làm việc của cán bộ: danh sách, chi tiết, giao, chuyển, trả lời, ghi chú, trạng thái',
  help: `Cách dùng: tgpl tickets <việc> [tùy chọn] [--json]

  list [--status S] [--branch ID] [--urgent]   danh sách yêu cầu
  show SỐ                                     chi tiết và lịch sử
  assign SỐ NGƯỜI                             giao cho cán bộ
  route SỐ CHI_NHÁNH                          chuyển đến chi nhánh (hoặc "centre")
  reply SỐ "nội dung"                         trả lời người dân (gửi qua kênh của họ)
  note SỐ "nội dung"                          ghi chú nội bộ
  status SỐ TRẠNG_THÁI ["ghi chú"]            đổi trạng thái (${TICKET_STATUSES.join(', ')})
  eligibility SỐ yes|no ["ghi chú"]           đã kiểm tra giấy tờ chứng minh diện
  remind                                      nhắc và báo lên các yêu cầu chưa được nhận

Lệnh chạy với quyền cán bộ Trung tâm. Mọi thay đổi được ghi vào lịch sử của yêu cầu.

Tùy chọn:
  --json      in kết quả dạng JSON
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      'tickets',
      args,
      { json: { type: 'boolean' }, status: { type: 'string' }, branch: { type: 'string' }, urgent: { type: 'boolean' } },
      true,
    );
    const [action, ...rest] = positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(`tgpl tickets: cần một việc (${ACTIONS.join(', ')}). Xem: tgpl tickets --help`);
    }
    const status = values.status as string | undefined;
    if (status && !(TICKET_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`tgpl tickets: --status "${status}" không hợp lệ (cho phép: ${TICKET_STATUSES.join(', ')})`);
    }
    loadDotEnv();
    const config = loadConfig(io.env);
    createLogger({ level: config.logLevel, file: config.logFile });
    const db = await SqliteDatabase.open(config.databasePath);
    const out = (value: unknown, text: string) => io.stdout.write(values.json ? `${JSON.stringify(value)}\n` : `${text}\n`);
    try {
      const { desk } = await openIntake(db, config, systemClock);
      const actor: Actor = { kind: 'operator' };
      const need = (n: number, usage: string) => {
        if (rest.length < n) throw new UsageError(`tgpl tickets ${action}: thiếu thông tin. Cách dùng: tgpl tickets ${action} ${usage}`);
      };
      switch (action) {
        case 'list': {
          const list = await desk.list(actor, { status: status as TicketStatus | undefined, branchId: values.branch as string | undefined, urgent: values.urgent ? true : undefined });
          out(list, list.length ? list.map(line).join('\n') : 'Không có yêu cầu nào.');
          break;
        }
        case 'show': {
          need(1, 'SỐ');
          const { ticket, events } = await desk.show(actor, rest[0]!);
          out({ ticket, events }, [
            `${line(ticket)}`,
            `Trạng thái: ${statusLabels.say(ticket.status)}; diện: ${ticket.eligibility}; hạn: ${ticket.deadline ?? 'không'}`,
            `Người cần giúp: ${ticket.fullName}, sinh ${ticket.birthYear}, ĐT ${ticket.phone}, ${ticket.addressText}`,
            `Sự việc: ${ticket.description}`,
            ...events.map((e) => `  ${e.at} ${e.actor} ${e.action} ${e.from ?? ''}→${e.to ?? ''} ${e.note}`),
          ].join('\n'));
          break;
        }
        case 'assign':
          need(2, 'SỐ NGƯỜI');
          out(await desk.assign(actor, rest[0]!, rest[1]!), `Đã giao ${rest[0]} cho ${rest[1]}.`);
          break;
        case 'route':
          need(2, 'SỐ CHI_NHÁNH');
          out(await desk.reroute(actor, rest[0]!, rest[1]!), `Đã chuyển ${rest[0]} đến ${rest[1]}.`);
          break;
        case 'reply':
          need(2, 'SỐ "nội dung"');
          out(await desk.reply(actor, rest[0]!, rest.slice(1).join(' ')), `Đã gửi trả lời cho người dân (${rest[0]}).`);
          break;
        case 'note':
          need(2, 'SỐ "nội dung"');
          out(await desk.note(actor, rest[0]!, rest.slice(1).join(' ')), `Đã ghi chú vào ${rest[0]}.`);
          break;
        case 'status': {
          need(2, 'SỐ TRẠNG_THÁI ["ghi chú"]');
          const to = rest[1]!;
          if (!(TICKET_STATUSES as readonly string[]).includes(to)) throw new UsageError(`tgpl tickets status: "${to}" không hợp lệ (cho phép: ${TICKET_STATUSES.join(', ')})`);
          const updated = await desk.setStatus(actor, rest[0]!, to as TicketStatus, rest.slice(2).join(' '));
          out(updated, `${updated.number} → ${updated.status}`);
          break;
        }
        case 'eligibility': {
          need(2, 'SỐ yes|no ["ghi chú"]');
          if (rest[1] !== 'yes' && rest[1] !== 'no') throw new UsageError('tgpl tickets eligibility: cần yes hoặc no');
          out(await desk.eligibilityChecked(actor, rest[0]!, rest[1] === 'yes', rest.slice(2).join(' ')), `Đã ghi kết quả kiểm tra diện cho ${rest[0]}.`);
          break;
        }
        case 'remind': {
          const done = await desk.tick();
          out(done, `Đã nhắc: ${done.reminded.join(', ') || 'không có'}; đã báo lên Trung tâm: ${done.escalated.join(', ') || 'không có'}.`);
          break;
        }
      }
      return 0;
    } catch (err) {
      if (err instanceof TicketError || err instanceof PermissionError) throw new UsageError(`tgpl tickets ${action}: ${err.message}`);
      throw err;
    } finally {
      await db.close();
    }
  },
};
