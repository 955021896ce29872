/**
 * A copy of the database taken while the assistant runs: of the SQLite file, SQLite's online backup
 * (a consistent snapshot of what is committed; the bot goes on writing meanwhile); of PostgreSQL,
 * pg_dump's custom format (one consistent snapshot too; restore with pg_restore). The copy is a new
 * file, readable by its owner only (0600): it holds people's requests (sealed, as in the database).
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SqliteDatabase } from './sqlite.ts';

/** The backup could not be made; the message is one line naming the file. */
export class BackupError extends Error {
  override name = 'BackupError';
}

const REASONS: Record<string, string> = {
  EEXIST: 'tệp đã có, hãy chọn tên mới (file exists)',
  ENOENT: 'thư mục không tồn tại (no such folder)',
  ENOTDIR: 'đường dẫn không phải thư mục (not a folder)',
  EACCES: 'không có quyền ghi (permission denied)',
  EPERM: 'không có quyền ghi (permission denied)',
  EISDIR: 'đây là một thư mục (is a folder)',
  EROFS: 'ổ đĩa chỉ đọc (read-only file system)',
};

/** Copies the database at `source` into the new file `destination`; resolves to the copy's path and size. */
export async function backupDatabase(source: string, destination: string): Promise<{ file: string; bytes: number }> {
  const file = resolve(destination);
  if (!existsSync(source)) throw new BackupError(`Không có cơ sở dữ liệu "${source}" để sao lưu (no database file)`);
  if (file === resolve(source)) throw new BackupError(`Không sao lưu được vào "${file}": đó chính là cơ sở dữ liệu (same file)`);
  createPrivateFile(file);
  try {
    const db = await SqliteDatabase.open(source);
    try {
      await db.backup(file);
    } finally {
      await db.close();
    }
  } catch (err) {
    rmSync(file, { force: true });
    throw new BackupError(`Không sao lưu được "${source}" vào "${file}": ${(err as Error).message.split('\n')[0]}`);
  }
  return { file, bytes: statSync(file).size };
}

/**
 * Dumps the PostgreSQL database at `url` into the new file `destination` with `pgDump` (pg_dump, of
 * the server's major version or newer), custom format. The password goes to pg_dump in its
 * environment (PGPASSWORD), never on its command line. Without pg_dump: a one-line BackupError.
 */
export async function backupPostgres(url: string, destination: string, pgDump = 'pg_dump'): Promise<{ file: string; bytes: number }> {
  const file = resolve(destination);
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  createPrivateFile(file);
  const where = `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  const result = await new Promise<{ code: number | null; stderr: string; missing: boolean }>((done) => {
    const child = spawn(pgDump, ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${parsed.toString()}`], {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', (err: NodeJS.ErrnoException) => done({ code: null, stderr: err.message, missing: err.code === 'ENOENT' }));
    child.once('close', (code) => done({ code, stderr, missing: false }));
  });
  if (result.code !== 0) {
    rmSync(file, { force: true });
    if (result.missing) {
      throw new BackupError(`Không sao lưu được PostgreSQL ${where}: không có chương trình ${pgDump} (cài gói postgresql-client cùng phiên bản với máy chủ, hoặc đặt PG_DUMP)`);
    }
    const line = result.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit ${result.code}`;
    throw new BackupError(`Không sao lưu được PostgreSQL ${where}: ${(password ? line.split(password).join('***') : line).replace(/^pg_dump: (error: )?/u, '')}`);
  }
  return { file, bytes: statSync(file).size };
}

/** Makes `file`, new and owner-only (0600); a one-line BackupError naming it when it cannot. */
function createPrivateFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const reason = code === 'ENOENT' && existsSync(dirname(file)) ? undefined : REASONS[code];
    throw new BackupError(`Không tạo được tệp sao lưu "${file}": ${reason ?? (err as Error).message.split('\n')[0]}`);
  }
  closeSync(fd);
  chmodSync(file, 0o600);
}
