/** `tgpl backup FILE`: a copy of the SQLite file, safe while the assistant runs. */
import { resolve } from 'node:path';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { BackupError, backupDatabase } from '../../lib/database-backup.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';

export const backupCommand: Command = {
  name: 'backup',
  help: `Cách dùng: tgpl backup TỆP

Chép toàn bộ cơ sở dữ liệu SQLite (DATABASE_PATH, mặc định data/tgpl.sqlite) vào TỆP, một tệp mới
chỉ chủ sở hữu đọc được (quyền 0600), vì nó chứa thông tin cá nhân của người dân. Dùng cơ chế sao lưu
trực tuyến của SQLite: chạy được khi trợ lý đang chạy, bản sao là trạng thái đã lưu tại một thời điểm.
TỆP chưa được có sẵn (không ghi đè). Khôi phục: dừng trợ lý, chép TỆP thành DATABASE_PATH.

Ví dụ: tgpl backup /var/backups/tgpl-$(date +%F).sqlite

Tùy chọn:
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { positionals } = parseCommandArgs('backup', args, {}, true);
    if (positionals.length !== 1 || positionals[0]!.trim() === '') {
      throw new UsageError('tgpl backup: cần đúng một tên tệp sao lưu. Xem: tgpl backup --help');
    }
    loadDotEnv();
    const config = loadConfig(io.env);
    try {
      const { file, bytes } = await backupDatabase(config.databasePath, resolve(positionals[0]!));
      io.stdout.write(`Đã sao lưu ${config.databasePath} vào ${file} (${Math.ceil(bytes / 1024)} KB).\n`);
      return 0;
    } catch (err) {
      if (err instanceof BackupError) throw new UsageError(`tgpl backup: ${err.message}`);
      throw err;
    }
  },
};
