/** JSON input for commands that take one object as an argument or one a line on standard input. */
import { createInterface } from 'node:readline';
import { UsageError } from '../../lib/usage-error.ts';
import type { Io } from './command.ts';

/** Parses one JSON text, or throws a one-line UsageError naming the command. */
export function parseJsonInput(command: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`tgpl ${command}: không đọc được JSON: ${text.slice(0, 80)}`);
  }
}

/**
 * Runs `handle` on the argument when there is one (its error stops the command), else on each
 * non-empty line of standard input, where a failing line prints its error (as {"error"} with --json)
 * and the others go on; resolves to the exit code.
 */
export async function eachJsonInput(io: Io, argument: string | undefined, json: boolean, handle: (text: string) => void | Promise<void>): Promise<number> {
  if (argument !== undefined) {
    await handle(argument);
    return 0;
  }
  let failed = 0;
  for await (const line of createInterface({ input: io.stdin })) {
    if (line.trim() === '') continue;
    try {
      await handle(line);
    } catch (err) {
      failed += 1;
      const message = (err as Error).message;
      io.stdout.write(json ? `${JSON.stringify({ error: message })}\n` : `${message}\n\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}
