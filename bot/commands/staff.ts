/**
 * `tgpl staff`: the web desk's accounts (web/staff-accounts.ts). The accounts are the staff of the
 * branch directory; this sets a password, lists who has one, and sends a one-time sign-in link to a
 * member's own chat with the bot.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from '../../lib/usage-error.ts';
import { accountName, MIN_PASSWORD_LENGTH, memberOf, StaffAccounts } from '../../web/staff-accounts.ts';
import { texts } from '../../web/texts.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withData } from './data-access.ts';

export const staffCommand: Command = {
  name: 'staff',
  help: `Cách dùng: tgpl staff list | password TÊN | link TÊN

Tài khoản bàn làm việc trên web (/desk) của cán bộ trong danh bạ chi nhánh (DIRECTORY_FILE). TÊN là mã
cán bộ trong danh bạ (userId, ví dụ staff-bac-yen; "kênh:mã" nếu hai cán bộ trùng mã).

  list           các tài khoản, vai trò, chi nhánh và đã có mật khẩu chưa
  password TÊN   đặt mật khẩu (ít nhất ${MIN_PASSWORD_LENGTH} ký tự): gõ hai lần khi ở cửa sổ dòng lệnh, hoặc
                 dòng đầu của đầu vào (echo 'mật khẩu' | tgpl staff password TÊN). Chỉ lưu mã băm argon2id.
  link TÊN       gửi liên kết đăng nhập dùng một lần (WEB_LOGIN_LINK_MINUTES phút) vào tin nhắn riêng
                 của cán bộ với trợ lý (Telegram/Zalo theo danh bạ), gửi đi khi trợ lý đang chạy.

Tùy chọn:
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { positionals } = parseCommandArgs('staff', args, {}, true);
    const [action, name, ...extra] = positionals;
    if (!action || !['list', 'password', 'link'].includes(action) || extra.length > 0 || (action === 'list') === Boolean(name)) {
      throw new UsageError(texts.say('cli_usage'));
    }
    // The password is read before the database is opened (nothing is held while someone types).
    const password = action === 'password' ? await readPassword(io) : undefined;
    return withData(io, 'staff', async ({ db, intake, config }) => {
      const accounts = new StaffAccounts(db, intake.directory);
      await accounts.init();
      const { directory } = intake;
      if (action === 'list') {
        for (const member of directory.data.staff) {
          const account = accountName(directory, member);
          const place = member.role === 'centre' ? texts.say('role_centre') : (directory.target(member.branch ?? '')?.name ?? member.branch ?? '');
          const password = (await accounts.hasPassword(account)) ? texts.say('cli_has_password') : texts.say('cli_no_password');
          io.stdout.write(`${texts.say('cli_list_line', { account, name: member.name ?? '—', place, password })}\n`);
        }
        return 0;
      }
      const member = memberOf(directory, name!);
      if (!member) throw new UsageError(texts.say('cli_unknown', { name: name!, file: directory.file }));
      const account = accountName(directory, member);
      if (action === 'password') {
        await accounts.setPassword(account, password!, new Date());
        io.stdout.write(`${texts.say('cli_password_set', { account })}\n`);
        return 0;
      }
      const base = config.web.publicUrl ?? `http://${config.web.host}:${config.web.port}`;
      const token = await accounts.createLoginToken(account, new Date(), config.web.loginLinkMinutes);
      await intake.outbox.enqueue(
        { channel: member.channel, chatId: member.userId, text: texts.say('link_message', { minutes: config.web.loginLinkMinutes, url: `${base}/desk/link/${token}` }) },
        new Date(),
      );
      io.stdout.write(`${texts.say('cli_link_queued', { account, channel: member.channel })}\n`);
      return 0;
    });
  },
};

/** The new password: typed twice (not shown) at a terminal, else the first line of the input. */
async function readPassword(io: Io): Promise<string> {
  const interactive = Boolean(io.stdin.isTTY);
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) io.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: io.stdin, output: interactive ? output : undefined, terminal: interactive });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string | undefined> => {
    if (interactive) {
      io.stderr.write(prompt);
      muted = true;
    }
    const next = await lines.next();
    if (interactive) {
      muted = false;
      io.stderr.write('\n');
    }
    return next.done ? undefined : String(next.value);
  };
  try {
    const first = await ask(texts.say('cli_prompt_password'));
    if (first === undefined || first.trim() === '') throw new UsageError(texts.say('cli_password_missing'));
    if ([...first].length < MIN_PASSWORD_LENGTH) throw new UsageError(texts.say('cli_password_short', { min: MIN_PASSWORD_LENGTH }));
    if (interactive && (await ask(texts.say('cli_prompt_again'))) !== first) throw new UsageError(texts.say('cli_password_mismatch'));
    return first;
  } finally {
    rl.close();
  }
}
