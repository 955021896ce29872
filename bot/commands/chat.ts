/** `tgpl chat`: talk to the assistant in this terminal, or script a conversation through stdin. */
import { join } from 'node:path';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { createApp, type App } from '../app.ts';
import { ConsoleChannel } from '../channels/console.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';

export const DEFAULT_CONSOLE_USER = 'local';

export const chatCommand: Command = {
  name: 'chat',
  help: `Cách dùng: tgpl chat [--user ID]

Trò chuyện với trợ lý trong cửa sổ dòng lệnh. Trạng thái được lưu trong tệp SQLite,
nên lần sau mở lại sẽ tiếp tục đúng chỗ.
Khi đầu vào không phải bàn phím (ví dụ: printf 'kiem tra\\n' | tgpl chat), mỗi dòng là một
tin nhắn và các câu trả lời được in ra.

Tùy chọn:
  --user ID   đóng vai người dùng có mã ID (mặc định: ${DEFAULT_CONSOLE_USER})
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values } = parseCommandArgs('chat', args, { user: { type: 'string' } });
    const user = (values.user as string | undefined) ?? DEFAULT_CONSOLE_USER;
    if (!/^[\p{L}\p{N}_.@:-]{1,64}$/u.test(user)) {
      throw new UsageError(`tgpl chat: --user "${user}" không hợp lệ (1–64 chữ, số hoặc _ . @ : -)`);
    }
    loadDotEnv();
    const app = await createApp(loadConfig(io.env));
    try {
      await runConsole(app, io, user);
    } finally {
      await app.close();
    }
    return 0;
  },
};

/** Runs the console channel until its input ends, sending what waits for this user after each turn. */
export async function runConsole(app: App, io: Io, user: string): Promise<void> {
  const channel = new ConsoleChannel(app.assistant, {
    input: io.stdin,
    output: io.stdout,
    userId: user,
    interactive: Boolean(io.stdin.isTTY),
    filesDir: join(app.config.dataDir, 'files'),
    afterTurn: async () => {
      await app.sender.wake();
      await app.sender.idle();
    },
  });
  app.sender.register(channel);
  await channel.start();
  await channel.finished;
  await app.sender.stop();
}
