/**
 * Logs with pino. Logs never hold full names, phone numbers or message text: callers log ids and
 * counts, personal ids go through `pseudonym`, and the redaction list below is a second guard.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Field names whose values are replaced by "[redacted]" wherever they appear (two levels deep). */
export const REDACTED_FIELDS = [
  'text', 'name', 'fullName', 'displayName', 'phone', 'address', 'description', 'message', 'body',
];

export function createLogger(options: { level: string; file: string }): Logger {
  const paths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`]);
  const destination =
    options.file === '-'
      ? pino.destination({ fd: 2, sync: true })
      : (mkdirSync(dirname(options.file), { recursive: true }),
        pino.destination({ dest: options.file, sync: true, mkdir: true }));
  return pino({ level: options.level, redact: { paths, censor: '[redacted]' }, base: undefined }, destination);
}

/** A stable short hash of a personal id (user id, chat id) for correlating log lines. */
export function pseudonym(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 12);
}

/** A logger that writes nothing, for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
