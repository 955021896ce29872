/** `tgpl start` (what `npm start` runs): starts every configured channel. */
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { createApp } from '../app.ts';
import { configuredChannels, startChannels } from '../run-channels.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { DEFAULT_CONSOLE_USER, runConsole } from './chat.ts';

export const startCommand: Command = {
  name: 'start',
  help: `Cách dùng: tgpl start

Khởi động trợ lý trên mọi kênh đã cấu hình: Telegram (TELEGRAM_BOT_TOKEN), Zalo (ZALO_ENABLED=true).
Khi chưa cấu hình kênh nào, trợ lý mở cuộc trò chuyện ngay trong cửa sổ dòng lệnh (CONSOLE_CHANNEL).
Trạng thái lưu trong tệp SQLite dưới data/. Cấu hình đọc từ biến môi trường hoặc tệp .env
(xem .env.example). Dừng bằng Ctrl+C: tin nhắn đang xử lý được trả lời xong rồi mới dừng.

Tùy chọn:
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    parseCommandArgs('start', args, {});
    loadDotEnv();
    const config = loadConfig(io.env);
    const app = await createApp(config);
    const print = (line: string) => io.stderr.write(`${line}\n`);
    const channels = configuredChannels(app, print);
    const running = await startChannels(app, channels, print);
    const useConsole = config.consoleChannel === 'on' || (config.consoleChannel === 'auto' && channels.length === 0);
    try {
      if (useConsole) {
        await runConsole(app, io, DEFAULT_CONSOLE_USER);
      } else {
        if (running.started.length === 0) {
          print('Không có kênh nào chạy được. Xem lại cấu hình (.env.example).');
          return 1;
        }
        print(`Trợ lý đang chạy trên: ${running.started.map((c) => c.name).join(', ')}. Ctrl+C để dừng.`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
      }
    } finally {
      await running.stop();
      await app.close();
    }
    return running.failed.length > 0 && running.started.length === 0 && !useConsole ? 1 : 0;
  },
};
