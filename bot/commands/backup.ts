/** `tgpl backup FILE`: a copy of the SQLite file, safe while the assistant runs. */
import { resolve } from 'node:path';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { BackupError, backupDatabase, backupPostgres } from '../../lib/database-backup.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';

export const backupCommand: Command = {
  name: 'backup',
  help: `Cách dùng: tgpl backup TỆP

Chép toàn bộ cơ sở dữ liệu SQLite (DATABASE_PATH, mặc định data/tgpl.sqlite) vào TỆP, một tệp mới
chỉ chủ sở hữu đọc được (quyền 0600), vì nó chứa thông tin cá nhân của người dân. Dùng cơ chế sao lưu
trực tuyến của SQLite: chạy được khi trợ lý đang chạy, bản sao là trạng thái đã lưu tại một thời điểm.
TỆP chưa được có sẵn (không ghi đè). Khôi phục: dừng trợ lý, chép TỆP thành DATABASE_PATH.

Với PostgreSQL (DATABASE_URL): chạy pg_dump (định dạng custom; cần pg_dump cùng phiên bản chính với
máy chủ hoặc mới hơn, PG_DUMP để chỉ đường dẫn khác). Khôi phục: dừng mọi tiến trình trợ lý, rồi
pg_restore --clean --if-exists --no-owner --dbname=postgres://… TỆP. Khóa dữ liệu (DATA_KEYS hoặc
tệp khóa) sao lưu riêng: thiếu chúng thì dữ liệu đã mã hóa không đọc được.

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
      const url = config.database.url;
      const { file, bytes } = url
        ? await backupPostgres(url, resolve(positionals[0]!), config.database.pgDump)
        : await backupDatabase(config.databasePath, resolve(positionals[0]!));
      io.stdout.write(`Đã sao lưu ${config.database.description} vào ${file} (${Math.ceil(bytes / 1024)} KB).\n`);
      return 0;
    } catch (err) {
      if (err instanceof BackupError) throw new UsageError(`tgpl backup: ${err.message}`);
      throw err;
    }
  },
};
