/** `tgpl migrate`: brings the database (SQLite file or PostgreSQL) to the schema of this version. */
import { loadKeys } from '../../lib/data-keys.ts';
import { loadConfig, loadDotEnv } from '../../lib/config.ts';
import { knownSchemaVersion, migrate } from '../../lib/migrate.ts';
import { MIGRATIONS, SEALED_FROM_VERSION } from '../../lib/migrations/index.ts';
import { PostgresDatabase } from '../../lib/postgres.ts';
import { ensurePrivateDir } from '../../lib/private-files.ts';
import type { SqlDatabase } from '../../lib/sql-database.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { Vault } from '../../lib/vault.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  help: `Cách dùng: tgpl migrate [--status]

Đưa cơ sở dữ liệu lên lược đồ của phiên bản này: tệp SQLite (DATABASE_PATH, mặc định
data/tgpl.sqlite) hoặc PostgreSQL khi đặt DATABASE_URL. Mỗi bước (lib/migrations/) chạy trong một
giao dịch riêng; chạy lại không làm gì; nhiều tiến trình cùng chạy thì lần lượt, mỗi bước một lần.
Trợ lý cũng tự làm việc này khi khởi động; lệnh này để làm trước, lúc triển khai phiên bản mới.

Tùy chọn:
  --status    chỉ in phiên bản hiện tại và phiên bản mới nhất, không đổi gì
  -h, --help  xem hướng dẫn này`,
  async run(args: string[], io: Io): Promise<number> {
    const { values } = parseCommandArgs('migrate', args, { status: { type: 'boolean' } });
    loadDotEnv();
    const config = loadConfig(io.env);
    const url = config.database.url;
    if (!url) ensurePrivateDir(config.dataDir);
    const db: SqlDatabase = url ? await PostgresDatabase.open(url, { poolSize: 2 }) : await SqliteDatabase.open(config.databasePath);
    const where = config.database.description;
    try {
      const before = await knownSchemaVersion(db);
      if (values.status) {
        io.stdout.write(`${where}: lược đồ phiên bản ${before}, mới nhất ${MIGRATIONS.length}${before < MIGRATIONS.length ? ' (cần chạy tgpl migrate)' : ''}.\n`);
        return 0;
      }
      // The data keys, for a step that seals personal data (a key file is made only for a database that never held any).
      const { set } = loadKeys(config.dataKeys, { mayCreate: before < SEALED_FROM_VERSION, now: new Date() });
      const { from, to } = await migrate(db, { vault: new Vault(set) });
      io.stdout.write(from === to ? `${where}: đã ở phiên bản mới nhất (${to}).\n` : `${where}: lược đồ phiên bản ${from} → ${to}.\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
