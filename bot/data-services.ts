/**
 * The app's data put together, without the dialogue: the database (the SQLite file, or PostgreSQL
 * when DATABASE_URL is set) opened with its data keys, the
 * conversation store and the inbox, the intake side (tickets, desk, handoffs, outbox, access log),
 * a person's data (bot/privacy/personal-data.ts) and the retention job. `createApp` builds on it, and
 * so do the CLI commands that work on data (tickets, person, audit, retention, keys).
 */
import type { Clock } from '../lib/clock.ts';
import type { Config } from '../lib/config.ts';
import { openDatabase } from '../lib/database.ts';
import type { Logger } from '../lib/logger.ts';
import { ensurePrivateDir } from '../lib/private-files.ts';
import type { SqlDatabase } from '../lib/sql-database.ts';
import type { Vault } from '../lib/vault.ts';
import { openIntake, type IntakeServices } from '../intake/intake-services.ts';
import { ConversationStore } from './conversation-store.ts';
import { Inbox } from './delivery/inbox.ts';
import { PersonalData } from './privacy/personal-data.ts';
import { loadRetention, Retention } from './privacy/retention.ts';
import { SurveyStore } from '../intake/paperwork/survey-store.ts';
import { surveyInviter } from './flows/survey.ts';

export interface DataServices {
  db: SqlDatabase;
  /** The keys sealing personal data in `db` (lib/vault.ts). */
  vault: Vault;
  conversations: ConversationStore;
  inbox: Inbox;
  intake: IntakeServices;
  personal: PersonalData;
  /** The retention periods and the job applying them (not started here). */
  retention: Retention;
  /** The satisfaction surveys (asked when a ticket is closed as done: bot/flows/survey.ts). */
  surveys: SurveyStore;
}

/**
 * Opens the data: the data folder made owner-only (0700), the retention file read (a wrong one stops
 * here, before anything is opened), the database with its keys, the stores.
 */
export async function openDataServices(config: Config, clock: Clock, logger: Logger): Promise<DataServices> {
  ensurePrivateDir(config.dataDir);
  const policy = loadRetention(config.retentionFile);
  const storage = await openDatabase(config.database.url ?? config.databasePath, config.dataKeys, new Date(), {
    poolSize: config.database.poolSize,
    onError: (err) => logger.warn({ err: err.message.split('\n')[0] }, 'database connection lost (replaced)'),
  });
  const { db, vault } = storage;
  try {
    const conversations = new ConversationStore(db, vault);
    await conversations.init();
    const intake = await openIntake(storage, config, clock);
    const inbox = new Inbox(db, vault);
    const personal = new PersonalData({
      conversations,
      inbox,
      outbox: intake.outbox,
      tickets: intake.tickets,
      handoffs: intake.handoffs,
      desk: intake.desk,
      access: intake.access,
      clock,
    });
    const retention = new Retention({ conversations, inbox, outbox: intake.outbox, tickets: intake.tickets, policy, clock, timeZone: config.timeZone, logger });
    const surveys = new SurveyStore(db, vault);
    intake.desk.onDone(surveyInviter({ surveys, conversations, outbox: intake.outbox, clock }));
    return { db, vault, conversations, inbox, intake, personal, retention, surveys };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
