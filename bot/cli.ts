/**
 * The `tgpl` command. Each subcommand lives in bot/commands/. A user's mistake (a wrong argument
 * or setting) prints one line naming it and exits non-zero, without a stack trace.
 */
import { ConfigError } from '../lib/config.ts';
import { KeyFileError } from '../lib/data-keys.ts';
import { UsageError } from '../lib/usage-error.ts';
import { chatCommand } from './commands/chat.ts';
import { askCommand } from './commands/ask.ts';
import { backupCommand } from './commands/backup.ts';
import { benchCommand } from './commands/bench.ts';
import { checkCommand } from './commands/check.ts';
import { evalCommand } from './commands/eval.ts';
import { ingestCommand } from './commands/ingest.ts';
import { modelCommand } from './commands/model.ts';
import { nluCommand } from './commands/nlu.ts';
import { routeCommand } from './commands/route.ts';
import { ticketsCommand } from './commands/tickets.ts';
import { personCommand } from './commands/person.ts';
import { auditCommand } from './commands/audit.ts';
import { retentionCommand } from './commands/retention.ts';
import { keysCommand } from './commands/keys.ts';
import type { Command, Io } from './commands/command.ts';
import { startCommand } from './commands/start.ts';

export const commands: Command[] = [
  startCommand, chatCommand, askCommand, checkCommand, routeCommand, ticketsCommand, personCommand, auditCommand, retentionCommand,
  keysCommand, ingestCommand, modelCommand, evalCommand, nluCommand, benchCommand, backupCommand,
];

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Trợ lý trợ giúp pháp lý — tgpl

Cách dùng: tgpl <lệnh> [tùy chọn]

Lệnh:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Xem hướng dẫn từng lệnh: tgpl <lệnh> --help`;
}

/** Runs `tgpl` with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`tgpl: không có lệnh "${name}". Xem: tgpl --help`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.help}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof KeyFileError) {
      io.stderr.write(`${err.message}\n`);
      return 78;
    }
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    io.stderr.write(`tgpl ${name}: lỗi: ${message}\n`);
    if (io.env.TGPL_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
