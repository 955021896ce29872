/**
 * `tgpl person show|export|delete`: a person's rights over their data for someone who calls the
 * hotline or comes to the centre (bot/privacy/personal-data.ts), found by a ticket number or a phone
 * number. Every use is recorded in the access log (tgpl audit).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../lib/usage-error.ts';
import { maskPhone } from '../../intake/request/phone.ts';
import { fieldLabel } from '../../intake/tickets/fields.ts';
import { localDateTime } from '../../intake/tickets/local-time.ts';
import { statusName } from '../../intake/tickets/staff-labels.ts';
import { takeTicketRef } from '../../intake/tickets/ticket-number.ts';
import type { Person, PersonSummary } from '../privacy/personal-data.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withData, type CommandData } from './data-access.ts';

const ACTIONS = ['show', 'export', 'delete'] as const;

export const personCommand: Command = {
  name: 'person',
  help: `Cách dùng: tgpl person <việc> (SỐ | --phone SĐT) [tùy chọn]

  show SỐ | --phone SĐT            những gì đang giữ về người này (yêu cầu, cuộc trò chuyện, tin nhắn)
  export SỐ | --phone SĐT          xuất toàn bộ dạng JSON (ra màn hình, hoặc --out TỆP mới, quyền 0600)
  delete SỐ | --phone SĐT --yes    xóa theo đề nghị của người dân: xóa cuộc trò chuyện và tin nhắn,
                                   ẩn danh các yêu cầu đã kết thúc; yêu cầu đang xử lý được giữ lại
                                   (thêm --withdraw khi người dân rút lại đồng ý: rút các yêu cầu đó
                                   rồi xóa luôn). Không có --yes thì chỉ in những gì sẽ xóa.

Người được tìm: các yêu cầu có số điện thoại đó (của người cần giúp hoặc người gửi thay), hoặc yêu cầu
mang số đó, cùng các cuộc trò chuyện đã gửi các yêu cầu ấy và các yêu cầu khác gửi từ đó.
SỐ: TG-2026-000003, tg2026-3, hoặc gọn 3. Mọi lần dùng được ghi vào nhật ký truy cập (tgpl audit).
Trước khi xuất hay xóa cho người gọi điện, hãy xác minh đúng là người đó.

Tùy chọn:
  --phone SĐT   tìm theo số điện thoại
  --json        in kết quả dạng JSON (show, delete)
  --out TỆP     (export) ghi vào tệp mới thay vì màn hình
  --yes         (delete) xóa thật
  --withdraw    (delete) người dân rút lại đồng ý: rút cả yêu cầu đang xử lý
  -h, --help    xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      'person',
      args,
      { phone: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, yes: { type: 'boolean' }, withdraw: { type: 'boolean' } },
      true,
    );
    const action = positionals[0];
    if (!action || !(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(`tgpl person: cần một việc (${ACTIONS.join(', ')}). Xem: tgpl person --help`);
    }
    const phone = (values.phone as string | undefined)?.trim();
    const ref = takeTicketRef(positionals.slice(1));
    if (!phone === !ref) throw new UsageError(`tgpl person ${action}: cần một số yêu cầu hoặc --phone SĐT (một trong hai)`);
    if (values.out && action !== 'export') throw new UsageError(`tgpl person ${action}: --out chỉ dùng với export`);
    return withData(io, `person ${action}`, async (data) => {
      const { personal } = data;
      const person = phone ? await personal.byPhone(data.operator, phone) : await personal.byTicket(data.operator, ref!.text);
      if (person.tickets.length === 0 && person.chats.length === 0) {
        io.stdout.write(values.json ? `${JSON.stringify({ tickets: [], conversations: [] })}\n` : 'Không tìm thấy dữ liệu nào của người này.\n');
        return 0;
      }
      if (action === 'export') {
        const exported = await personal.export(person, data.operator);
        const text = `${JSON.stringify(exported, null, 2)}\n`;
        if (values.out) {
          const file = writeNewPrivateFile(values.out as string, text);
          io.stdout.write(`Đã xuất dữ liệu (${exported.tickets.length} yêu cầu, ${exported.conversations.length} cuộc trò chuyện, ${exported.messages.length} tin nhắn) vào ${file} (quyền 0600).\n`);
        } else {
          io.stdout.write(text);
        }
        return 0;
      }
      if (action === 'show' || !values.yes) {
        const summary = await personal.describe(person, data.operator);
        if (values.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
        else io.stdout.write(`${describe(summary, person, data)}\n`);
        if (action === 'delete') {
          const open = summary.tickets.filter((t) => t.open).map((t) => t.ticket.number);
          io.stdout.write(
            values.withdraw
              ? `Chưa xóa gì. Chạy lại với --yes để rút ${open.length ? `các yêu cầu ${open.join(', ')} và ` : ''}xóa toàn bộ.\n`
              : `Chưa xóa gì. Chạy lại với --yes để xóa${open.length ? ` (giữ lại yêu cầu đang xử lý: ${open.join(', ')}; thêm --withdraw nếu người dân rút lại đồng ý)` : ''}.\n`,
          );
        }
        return 0;
      }
      const result = await personal.erase(person, data.operator, { withdrawConsent: values.withdraw === true });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        const lines = [
          `Đã xóa: ${result.conversations} cuộc trò chuyện, ${result.messages} tin nhắn đã gửi.`,
          `Đã ẩn danh (giữ số liệu thống kê): ${result.anonymised.join(', ') || 'không có'}.`,
        ];
        if (result.withdrawn.length) lines.push(`Đã rút (người dân rút lại đồng ý): ${result.withdrawn.join(', ')}.`);
        if (result.keptOpen.length) lines.push(`Giữ lại vì đang xử lý: ${result.keptOpen.join(', ')}.`);
        if (result.keptOpenHandoff) lines.push('Giữ lại cuộc trao đổi với cán bộ đang mở đến khi kết thúc.');
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      return 0;
    });
  },
};

/** What is held about a person, for the operator (the phone shown masked, the story by its length). */
function describe(summary: PersonSummary, person: Person, { config }: CommandData): string {
  const tz = config.timeZone;
  const lines: string[] = [];
  for (const { ticket: t, open } of summary.tickets) {
    lines.push(
      `${t.number}  ${statusName(t.status)}${open ? ' (đang xử lý)' : ''}  gửi ${localDateTime(t.createdAt, tz)} qua ${t.channel}  ${fieldLabel(t.field)}`,
      `  ${t.fullName}, sinh ${t.birthYear}, ĐT ${t.phone ? maskPhone(t.phone) : 'không có'}, ${t.communeName ?? 'chưa rõ xã'}; sự việc ${t.description.length} ký tự${t.requester ? `; người gửi thay: ${t.requester.name} (${t.requester.relation})` : ''}`,
    );
  }
  for (const c of summary.conversations) {
    lines.push(`Cuộc trò chuyện ${c.channel}:${c.chatId}, nhắn lần cuối ${localDateTime(c.updatedAt, tz)}${c.draftFields.length ? `; bản nháp có: ${c.draftFields.join(', ')}` : ''}`);
  }
  if (summary.messages.delivered + summary.messages.waiting > 0) {
    lines.push(`Tin nhắn với người này hoặc về người này: ${summary.messages.delivered} đã gửi, ${summary.messages.waiting} đang chờ gửi.`);
  }
  if (summary.openHandoff) lines.push('Đang có cuộc trao đổi với cán bộ (gặp cán bộ).');
  if (lines.length === 0) lines.push(`Không còn dữ liệu cá nhân nào (${person.chats.length} cuộc trò chuyện đã xóa hoặc chưa có).`);
  return lines.join('\n');
}

/** Writes a new file readable by its owner only; an existing file is never overwritten. */
function writeNewPrivateFile(path: string, text: string): string {
  const file = resolve(path);
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`tgpl person export: không tạo được "${file}": ${code === 'EEXIST' ? 'tệp đã có, hãy chọn tên mới (file exists)' : code ?? (err as Error).message}`);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return file;
}
