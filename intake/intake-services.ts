/**
 * The intake side put together: administrative units and the address resolver, the branch
 * directory, tickets, the staff desk, handoffs and the outbox, over the app's SQLite file.
 */
import { existsSync } from 'node:fs';
import type { Clock } from '../lib/clock.ts';
import type { Config } from '../lib/config.ts';
import { ConfigError } from '../lib/config.ts';
import type { AppDatabase } from '../lib/database.ts';
import { Outbox } from '../lib/outbox.ts';
import { HandoffStore } from './handoff/handoff-store.ts';
import { AddressResolver } from './routing/address-resolver.ts';
import { AdminUnits } from './routing/admin-units.ts';
import { BranchDirectory } from './routing/directory.ts';
import { AccessLog } from './tickets/access-log.ts';
import { Desk } from './tickets/desk.ts';
import { TicketStore } from './tickets/ticket-store.ts';

export interface IntakeServices {
  units: AdminUnits | undefined;
  resolver: AddressResolver | undefined;
  directory: BranchDirectory;
  tickets: TicketStore;
  /** Staff reads of personal data (intake/tickets/access-log.ts). */
  access: AccessLog;
  desk: Desk;
  handoffs: HandoffStore;
  outbox: Outbox;
}

/** Loads the administrative units, or undefined when the folder is missing. */
export function loadAdminUnits(config: Config): AdminUnits | undefined {
  return existsSync(config.adminUnitsDir) ? AdminUnits.load(config.adminUnitsDir) : undefined;
}

/** Loads the branch directory; a wrong one stops the start with one line naming the file and entry. */
export function loadDirectory(config: Config, units: AdminUnits | undefined): BranchDirectory {
  if (!existsSync(config.directoryFile)) throw new ConfigError(`Lỗi cấu hình: DIRECTORY_FILE = "${config.directoryFile}" không có tệp này`);
  try {
    return BranchDirectory.load(config.directoryFile, units);
  } catch (err) {
    throw new ConfigError(`Lỗi danh bạ chi nhánh: ${(err as Error).message}`);
  }
}

export async function openIntake({ db, vault }: AppDatabase, config: Config, clock: Clock, units = loadAdminUnits(config)): Promise<IntakeServices> {
  const directory = loadDirectory(config, units);
  const tickets = new TicketStore(db, vault);
  const handoffs = new HandoffStore(db);
  // Workers sharing a PostgreSQL database claim the messages they send (lib/outbox.ts claimHead).
  const outbox = new Outbox(db, vault, config.database.url ? { worker: config.database.worker, leaseMs: config.database.outboxLeaseMs } : undefined);
  const access = new AccessLog(db);
  await tickets.init();
  await handoffs.init();
  await outbox.init();
  const desk = new Desk({
    store: tickets,
    access,
    directory,
    outbox,
    clock,
    timeZone: config.timeZone,
    remindAfterHours: config.acceptReminderHours,
    escalateAfterHours: config.escalateAfterHours,
  });
  return { units, resolver: units ? new AddressResolver(units) : undefined, directory, tickets, access, desk, handoffs, outbox };
}
