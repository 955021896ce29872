/**
 * Files and folders that hold people's data (the data folder, the SQLite file and its -wal/-shm,
 * the log, the key file, backups, the Zalo login) are readable by their owner only: folders 0700,
 * files 0600. Creating them that way is not enough for an install made before this rule, so the
 * helpers also tighten what is already there.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents, 0700) and makes `dir` itself 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/** Creates the folder of `file` when missing (0700), without changing one that exists. */
export function ensureParentDir(file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates `file` empty when missing, and makes it 0600 either way. */
export function ensurePrivateFile(file: string): void {
  ensureParentDir(file);
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tighten(file, PRIVATE_FILE_MODE);
}

/** Makes `file` 0600 when it exists (an -wal or -shm file left by an earlier version, say). */
export function tightenIfPresent(file: string): void {
  if (existsSync(file)) tighten(file, PRIVATE_FILE_MODE);
}

/**
 * Writes `content` to `file` readable by its owner only, all at once: a reader (or a crash) sees
 * the old content or the new one, never half of it.
 */
export function writePrivateFileAtomically(file: string, content: string): void {
  ensureParentDir(file);
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    chmodSync(temporary, PRIVATE_FILE_MODE);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Whether group or others may read or enter `path`. */
export function isShared(path: string): boolean {
  return (statSync(path).mode & 0o077) !== 0;
}

function tighten(path: string, mode: number): void {
  if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
}
