/** Writing a generated file (a form, a report) safely: a new file, owner-only. Kept apart so the console needs no document library. */
import { closeSync, openSync, writeSync } from 'node:fs';

/** A form or a register asked for that cannot be made, or a file that cannot be written (one line for the person asking). */
export class PaperworkError extends Error {
  override name = 'PaperworkError';
}

/** Writes `data` to a new file readable by its owner only (0600); an existing file is never overwritten. */
export function writeNewPrivateFile(file: string, data: Buffer): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PaperworkError(
      `không tạo được "${file}": ${code === 'EEXIST' ? 'tệp đã có, hãy chọn tên mới' : code === 'ENOENT' ? 'không có thư mục này' : code === 'EACCES' ? 'không có quyền ghi' : (code ?? (err as Error).message)}`,
    );
  }
  try {
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
}
