/**
 * A copy of the SQLite file taken while the assistant runs (SQLite's online backup: a consistent
 * snapshot of what is committed; the bot goes on writing meanwhile). The copy is a new file,
 * readable by its owner only (0600): it holds people's requests.
 */
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
