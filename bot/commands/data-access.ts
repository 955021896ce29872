/**
 * Opens the app's data for a CLI command that works on it (tickets, person, audit, retention,
 * keys): the settings, the log, the database with its keys, the stores; the command acts as the
 * centre's operator, named in the access log by the account that runs it. A ticket or permission
 * problem is a one-line usage error.
 */
import { userInfo } from 'node:os';
import { systemClock } from '../../lib/clock.ts';
import { loadConfig, loadDotEnv, type Config } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { UsageError } from '../../lib/usage-error.ts';
import { PermissionError, type Actor } from '../../intake/tickets/desk.ts';
import { TicketError } from '../../intake/tickets/ticket-store.ts';
import { openDataServices, type DataServices } from '../data-services.ts';
import type { Io } from './command.ts';

export type CommandData = DataServices & { config: Config; operator: Extract<Actor, { kind: 'operator' }> };

/** The account running the command (for the access log). */
export function operatorName(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'unknown';
  }
}

export async function withData<T>(io: Io, command: string, work: (data: CommandData) => Promise<T>): Promise<T> {
  loadDotEnv();
  const config = loadConfig(io.env);
  const logger = createLogger({ level: config.logLevel, file: config.logFile });
  const data = await openDataServices(config, systemClock, logger);
  try {
    return await work({ ...data, config, operator: { kind: 'operator', user: operatorName(io.env) } });
  } catch (err) {
    if (err instanceof TicketError || err instanceof PermissionError) throw new UsageError(`tgpl ${command}: ${err.message}`);
    throw err;
  } finally {
    await data.db.close();
  }
}
