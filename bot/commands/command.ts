/** One `tgpl` subcommand. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../lib/usage-error.ts';

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  /** The full help text for `tgpl NAME --help`. */
  help: string;
  /** Runs the command; resolves to the exit code. */
  run(args: string[], io: Io): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with strict checking, turning its errors into one-line UsageErrors. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]!.replace(/\. To specify a positional.*$/u, '') : String(err);
    throw new UsageError(`tgpl ${command}: ${message}. Xem: tgpl ${command} --help`);
  }
}
