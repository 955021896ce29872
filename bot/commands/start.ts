/** `tgpl start` (what `npm start` runs): starts every configured channel. */
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { createApp } from '../app.ts';
import { configuredChannels, startChannels, webChannel } from '../run-channels.ts';
import { WebChannel } from '../../web/server.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { DEFAULT_CONSOLE_USER, runConsole } from './chat.ts';

/** Said at start while DIRECTORY_FILE is the sample (its branches' contacts are placeholders). */
const SAMPLE_DIRECTORY_WARNING =
  'Lưu ý: đang dùng danh bạ chi nhánh MẪU (intake/directory.sample.yaml, địa chỉ và số điện thoại giả). Trước khi phục vụ người dân, đặt DIRECTORY_FILE là danh bạ thật của Trung tâm (xem README, "Routing").';

export const startCommand: Command = {
  name: 'start',
  help: `Cách dùng: tgpl start

Khởi động trợ lý trên mọi kênh đã cấu hình: Telegram (TELEGRAM_BOT_TOKEN), Zalo (ZALO_ENABLED=true),
trò chuyện trên web và bàn làm việc cán bộ (WEB_PORT: / và /desk).
Khi chưa cấu hình kênh nào, trợ lý mở cuộc trò chuyện ngay trong cửa sổ dòng lệnh (CONSOLE_CHANNEL).
Trạng thái lưu trong tệp SQLite dưới data/, hoặc trong PostgreSQL khi đặt DATABASE_URL (nhiều tiến
trình cùng một cơ sở dữ liệu). Cấu hình đọc từ biến môi trường hoặc tệp .env (xem .env.example).
Dừng bằng Ctrl+C hoặc SIGTERM: tin nhắn đang xử lý được trả lời xong rồi mới dừng
(tối đa SHUTDOWN_TIMEOUT_SECONDS); HEALTH_PORT mở GET /healthz cho bộ cân bằng tải.

Tùy chọn:
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    parseCommandArgs('start', args, {});
    loadDotEnv();
    const config = loadConfig(io.env);
    const app = await createApp(config);
    const print = (line: string) => io.stderr.write(`${line}\n`);
    // The sample directory has placeholder branches: fine to try the assistant, not to serve people.
    if (app.intake.directory.isSample) print(SAMPLE_DIRECTORY_WARNING);
    const channels = configuredChannels(app, print);
    const useConsole = config.consoleChannel === 'on' || (config.consoleChannel === 'auto' && channels.length === 0);
    // The console quick start at a terminal also opens the web chat and desk (WEB_HOST, 127.0.0.1 by default).
    if (useConsole && config.web.enabled === 'auto' && io.stdin.isTTY && !channels.some((c) => c.name === 'web')) channels.push(webChannel(app));
    const running = await startChannels(app, channels, print);
    for (const channel of running.started) if (channel instanceof WebChannel) print(channel.startedLine());
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
      // Graceful stop: the health endpoint says "stopping", the channels stop taking messages, the
      // turns in flight and their replies finish; past SHUTDOWN_TIMEOUT_SECONDS the worker goes anyway
      // (what it received and did not handle stays in the inbox for the next start or another worker).
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        running.stop().then(() => app.close()).then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), config.shutdownTimeoutMs);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
      if (!finished) {
        print(`Dừng sau ${config.shutdownTimeoutMs / 1000} giây chờ: tin nhắn chưa xử lý còn trong hộp thư đến, sẽ được xử lý khi chạy lại.`);
        process.exit(1);
      }
    }
    return running.failed.length > 0 && running.started.length === 0 && !useConsole ? 1 : 0;
  },
};
