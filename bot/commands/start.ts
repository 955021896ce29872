/** `tgpl start` (what `npm start` runs): starts every configured channel. */
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { createApp } from '../app.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { DEFAULT_CONSOLE_USER, runConsole } from './chat.ts';

export const startCommand: Command = {
  name: 'start',
  summary: 'khởi động trợ lý trên các kênh đã cấu hình (mặc định: cửa sổ dòng lệnh)',
  help: `Cách dùng: tgpl start

Khởi động trợ lý. Khi chưa cấu hình kênh nào, trợ lý mở cuộc trò chuyện ngay trong
cửa sổ dòng lệnh, lưu trạng thái trong tệp SQLite dưới data/.
Cấu hình đọc từ biến môi trường hoặc tệp .env (xem .env.example).

Tùy chọn:
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values } = parseCommandArgs('start', args, {});
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return 0;
    }
    loadDotEnv();
    const config = loadConfig(io.env);
    const app = await createApp(config);
    try {
      // Reminders and escalations for routed tickets not accepted in time.
      const timer = setInterval(() => {
        void app.intake.desk.tick().then(() => app.dispatcher.drain()).catch((err: Error) => app.logger.error({ err: err.message }, 'reminder tick failed'));
      }, 60_000);
      timer.unref();
      try {
        if (config.consoleChannel !== 'off') await runConsole(app, io, DEFAULT_CONSOLE_USER);
      } finally {
        clearInterval(timer);
      }
    } finally {
      await app.close();
    }
    return 0;
  },
};
