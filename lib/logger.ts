/**
 * Logs with pino. Logs never hold full names, phone numbers or message text: callers log ids and
 * counts, personal ids (channel and chat) go through a Pseudonymizer — a keyed HMAC with a key of
 * its own (lib/vault.ts `pseudonym`), so a log line cannot be turned back into a chat id without
 * the data keys — and the redaction list below is a second guard. The log file is readable by its
 * owner only (0600), in a folder made 0700.
 */
import pino, { type Logger } from 'pino';
import { ensureParentDir, PRIVATE_FILE_MODE, tightenIfPresent } from './private-files.ts';

export type { Logger };

/** Field names whose values are replaced by "[redacted]" wherever they appear (two levels deep). */
export const REDACTED_FIELDS = [
  'text', 'name', 'fullName', 'displayName', 'phone', 'address', 'description', 'message', 'body',
];

export function createLogger(options: { level: string; file: string }): Logger {
  const paths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`]);
  let destination;
  if (options.file === '-') {
    destination = pino.destination({ fd: 2, sync: true });
  } else {
    ensureParentDir(options.file);
    tightenIfPresent(options.file);
    destination = pino.destination({ dest: options.file, sync: true, mode: PRIVATE_FILE_MODE });
  }
  return pino({ level: options.level, redact: { paths, censor: '[redacted]' }, base: undefined }, destination);
}

/** Turns a personal id (channel, chat id) into a stable short keyed hash for correlating log lines. */
export type Pseudonymizer = (...parts: string[]) => string;

/** A logger that writes nothing, for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
