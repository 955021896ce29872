/**
 * The `tgpl` command. Each subcommand lives in bot/commands/. A user's mistake (a wrong argument
 * or setting) prints one line naming it and exits non-zero, without a stack trace.
 */
import { z } from 'zod';
import { ConfigError } from '../lib/config.ts';
import { KeyFileError } from '../lib/data-keys.ts';
import { UsageError } from '../lib/usage-error.ts';
import type { Command, Io } from './commands/command.ts';

/**
 * The subcommands, each loaded only when run: a process answering questions does not hold the
 * Telegram and Zalo clients, the spreadsheet writer… (about 70 MB).
 */
export const commands: Array<{ name: string; summary: string; load: () => Promise<Command> }> = [
  { name: 'start', summary: 'khởi động trợ lý trên các kênh đã cấu hình (mặc định: cửa sổ dòng lệnh)', load: async () => (await import('./commands/start.ts')).startCommand },
  { name: 'chat', summary: 'trò chuyện với trợ lý ngay trong cửa sổ dòng lệnh', load: async () => (await import('./commands/chat.ts')).chatCommand },
  { name: 'ask', summary: 'hỏi một câu về pháp luật, trả lời kèm điều luật được trích', load: async () => (await import('./commands/ask.ts')).askCommand },
  { name: 'check', summary: 'kiểm tra một người có thuộc diện được trợ giúp pháp lý không (Điều 7, theo ngày)', load: async () => (await import('./commands/check.ts')).checkCommand },
  { name: 'route', summary: 'tìm xã/phường, tỉnh và chi nhánh phụ trách từ một địa chỉ', load: async () => (await import('./commands/route.ts')).routeCommand },
  { name: 'tickets', summary: 'bàn làm việc của cán bộ: danh sách, chi tiết, giao, chuyển, trả lời, ghi chú, trạng thái', load: async () => (await import('./commands/tickets.ts')).ticketsCommand },
  { name: 'forms', summary: 'điền sẵn mẫu đơn (Mẫu 02, 04, 05, 08, 09) của một yêu cầu, ra tệp DOCX hoặc PDF', load: async () => (await import('./commands/forms.ts')).formsCommand },
  { name: 'report', summary: 'sổ thụ lý (Mẫu 01) và báo cáo 6 tháng/1 năm (Mẫu 12) ra tệp Excel', load: async () => (await import('./commands/report.ts')).reportCommand },
  { name: 'person', summary: 'dữ liệu của một người (theo số yêu cầu hoặc số điện thoại): xem, xuất, xóa theo đề nghị', load: async () => (await import('./commands/person.ts')).personCommand },
  { name: 'staff', summary: 'tài khoản bàn làm việc trên web của cán bộ: đặt mật khẩu, liên kết đăng nhập một lần', load: async () => (await import('./commands/staff.ts')).staffCommand },
  { name: 'audit', summary: 'nhật ký truy cập: ai đã xem, xuất hay xóa dữ liệu cá nhân của ai, khi nào', load: async () => (await import('./commands/audit.ts')).auditCommand },
  { name: 'retention', summary: 'dọn dữ liệu cá nhân quá thời hạn lưu giữ (--dry-run: chỉ in những gì sẽ xóa)', load: async () => (await import('./commands/retention.ts')).retentionCommand },
  { name: 'keys', summary: 'khóa mã hóa dữ liệu cá nhân: xem, đổi khóa (mã hóa lại toàn bộ), tạo khóa mới', load: async () => (await import('./commands/keys.ts')).keysCommand },
  { name: 'ingest', summary: 'lập chỉ mục văn bản (thư mục cấu hình và các đường dẫn thêm)', load: async () => (await import('./commands/ingest.ts')).ingestCommand },
  { name: 'model', summary: 'dựng mô hình nhúng (embedding) riêng từ các văn bản đã lập chỉ mục', load: async () => (await import('./commands/model.ts')).modelCommand },
  { name: 'eval', summary: 'đo chất lượng tìm kiếm trên bộ câu hỏi (Hit@1, Hit@5, MRR@5)', load: async () => (await import('./commands/eval.ts')).evalCommand },
  { name: 'nlu', summary: 'đo độ chính xác nhận biết ý định và lĩnh vực câu hỏi (trên phần ví dụ giữ lại)', load: async () => (await import('./commands/nlu.ts')).nluCommand },
  { name: 'bench', summary: 'đo thời gian lập chỉ mục, độ trễ trả lời và bộ nhớ', load: async () => (await import('./commands/bench.ts')).benchCommand },
  { name: 'migrate', summary: 'đưa cơ sở dữ liệu (SQLite hoặc PostgreSQL) lên lược đồ của phiên bản này', load: async () => (await import('./commands/migrate.ts')).migrateCommand },
  { name: 'backup', summary: 'sao lưu cơ sở dữ liệu vào một tệp mới (được cả khi trợ lý đang chạy)', load: async () => (await import('./commands/backup.ts')).backupCommand },
];

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Trợ lý trợ giúp pháp lý — tgpl

Cách dùng: tgpl <lệnh> [tùy chọn]

Lệnh:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Xem hướng dẫn từng lệnh: tgpl <lệnh> --help`;
}

/** Runs `tgpl` with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  try {
    if (!entry) throw new UsageError(`tgpl: không có lệnh "${name}". Xem: tgpl --help`);
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.help}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof KeyFileError) {
      io.stderr.write(`${err.message}\n`);
      return 78;
    }
    // PostgreSQL not reachable: one line naming the server (never the password), exit 69 (unavailable).
    // (By name: lib/postgres.ts and its client are loaded only when DATABASE_URL is used.)
    if (err instanceof Error && err.name === 'DatabaseUnavailableError') {
      io.stderr.write(`${err.message}\n`);
      return 69;
    }
    // A data file that does not fit its schema names the entry that is wrong, in one line.
    const issue = err instanceof z.ZodError ? err.issues[0] : undefined;
    const message = issue ? `dữ liệu sai ở ${issue.path.join('.')}: ${issue.message}` : err instanceof Error ? err.message.split('\n')[0] : String(err);
    io.stderr.write(`tgpl ${name}: lỗi: ${message}\n`);
    if (io.env.TGPL_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
