/**
 * Puts the product together from the configuration: the SQLite file, the logger, the flows and
 * the dialogue core. Channels and CLI commands start from here.
 */
import { systemClock, type Clock } from '../lib/clock.ts';
import type { Config } from '../lib/config.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import type { SqlDatabase } from '../lib/sql-database.ts';
import { SqliteDatabase } from '../lib/sqlite.ts';
import { coordinationOf, Leadership, type Coordination } from '../lib/coordination.ts';
import { ensurePrivateDir } from '../lib/private-files.ts';
import type { Vault } from '../lib/vault.ts';
import { Assistant } from './assistant.ts';
import type { Flow } from './flow.ts';
import { EligibilityChecker } from '../intake/eligibility/checker.ts';
import { emergencyMessages, type KnowledgeBase } from '../knowledge/answer.ts';
import { openKnowledge, type KnowledgeOptions } from '../knowledge/service.ts';
import type { IntakeServices } from '../intake/intake-services.ts';
import { OutboxSender } from './delivery/outbox-sender.ts';
import { ChannelPipeline } from './delivery/channel-pipeline.ts';
import { HandoffRelay } from './handoff-relay.ts';
import { StaffCommands } from './staff-commands.ts';
import { IntakeFlow } from './flows/intake.ts';
import { LookupFlow } from './flows/lookup.ts';
import { AboutFlow } from './flows/about.ts';
import { AskFlow } from './flows/ask.ts';
import { EligibilityFlow } from './flows/eligibility.ts';
import { StaffContactFlow } from './flows/staff-contact.ts';
import { loadMenu } from './menu.ts';
import { hotlineAt } from '../intake/hotline.ts';
import { WhereToGo } from '../intake/routing/where-to-go.ts';
import { PrivacyFlow } from './flows/privacy.ts';
import type { PersonalData } from './privacy/personal-data.ts';
import type { Retention } from './privacy/retention.ts';
import { openDataServices } from './data-services.ts';
import { inviteWaiting, SurveyFlow } from './flows/survey.ts';
import type { SurveyStore } from '../intake/paperwork/survey-store.ts';
import { FormsFlow } from './flows/forms.ts';

export interface App {
  config: Config;
  logger: Logger;
  db: SqlDatabase;
  /** The keys sealing personal data in `db` (lib/vault.ts). */
  vault: Vault;
  clock: Clock;
  assistant: Assistant;
  eligibility: EligibilityChecker;
  knowledge: KnowledgeBase;
  intake: IntakeServices;
  /** Delivers the outbox (every reply, relay and alert), per chat in order, with retries. */
  sender: OutboxSender;
  /** The path of every channel's messages: inbox → turn → outbox (bot/delivery/channel-pipeline.ts). */
  pipeline: ChannelPipeline;
  /** Conversations, messages and the stores a person's data is in (bot/privacy/personal-data.ts). */
  personal: PersonalData;
  /** The daily retention job (started with the app, stopped by close). */
  retention: Retention;
  /** The satisfaction surveys (bot/flows/survey.ts). */
  surveys: SurveyStore;
  /** Starts the surveys that waited for their person to be back at the menu (also every minute while the app runs). */
  inviteWaitingSurveys(): Promise<number>;
  /** How workers sharing the database take turns (lib/coordination.ts). */
  coordination: Coordination;
  /** The scheduled jobs (reminders, retention, survey invitations) run on the one worker holding this. */
  jobs: Leadership;
  /** The knowledge index's SQLite file (the app's own file, or DATA_DIR/knowledge.sqlite beside PostgreSQL). */
  knowledgeDb: SqliteDatabase;
  close(): Promise<void>;
}

export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  // The data folder first (owner-only), then the log in it.
  ensurePrivateDir(config.dataDir);
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, file: config.logFile });
  const clock = overrides.clock ?? systemClock;
  const { db, vault, conversations: store, inbox, intake, personal, retention, surveys } = await openDataServices(config, clock, logger);
  const eligibility = EligibilityChecker.load(config.disadvantagedAreasFile);
  const pseudonym = (...parts: string[]) => vault.pseudonym(...parts);
  const relay = new HandoffRelay({ handoffs: intake.handoffs, outbox: intake.outbox, directory: intake.directory, clock, timeZone: config.timeZone });
  const staff = new StaffCommands({ desk: intake.desk, directory: intake.directory, handoffs: intake.handoffs, outbox: intake.outbox, clock, personal });
  // Delivery runs on real time (retry waits), whatever clock the conversations use.
  const sender = new OutboxSender({ outbox: intake.outbox, clock: systemClock, logger, pseudonym, retry: config.delivery });
  // The knowledge index is a read-only cache built from the texts: in the SQLite file, or beside
  // PostgreSQL in a local SQLite file each worker builds (or opens) at start.
  const knowledgeDb = db instanceof SqliteDatabase ? db : await SqliteDatabase.open(config.knowledgeDatabasePath);
  const { kb } = await openKnowledge(knowledgeDb, knowledgeOptions(config, logger));
  const coordination = coordinationOf(db);
  // Order matters for messages typed at the menu: facts about a person go to the eligibility
  // check, other sentences are questions.
  const menu = loadMenu();
  const flows: Flow[] = [
    new LookupFlow({ tickets: intake.tickets, desk: intake.desk, directory: intake.directory }),
    new EligibilityFlow(eligibility),
    new AskFlow(kb, relay, menu, intake.resolver ? new WhereToGo(intake.resolver, intake.directory) : undefined),
    new IntakeFlow({ desk: intake.desk, resolver: intake.resolver, checker: eligibility, directory: intake.directory }),
    new AboutFlow(),
    new StaffContactFlow(relay, intake.directory),
    new PrivacyFlow({ personal, policy: () => retention.policyNow() }),
    new SurveyFlow({ surveys }),
    new FormsFlow({ desk: intake.desk, tickets: intake.tickets, directory: intake.directory, rules: eligibility.rules, timeZone: config.timeZone }),
  ];
  // A question asked in the middle of a form gets the knowledge base's answer, then the form goes on.
  const answerQuestion = async (question: string, ctx: { today: string }) => {
    const result = await kb.ask(question, { today: ctx.today, hotline: hotlineAt(ctx.today).number, top: 3 });
    return [{ text: result.answer }];
  };
  const assistant = new Assistant({ store, logger, pseudonym, clock, timeZone: config.timeZone, menu, flows, staff, handoff: relay, answerQuestion, urgentNotices: emergencyMessages });
  const pipeline = new ChannelPipeline({ inbox, outbox: intake.outbox, sender, assistant, clock, logger, pseudonym, rateLimitPerMinute: config.rateLimitPerMinute, coordination });
  const inviteWaitingSurveys = () => inviteWaiting({ surveys, conversations: store, outbox: intake.outbox, clock, transaction: (work) => db.transaction(work) });
  let surveySweep: NodeJS.Timeout | undefined;
  // Retention and the survey sweep run on one worker (the "jobs" leader); on SQLite, this process.
  const jobs = new Leadership(coordination, 'jobs', {
    checkMs: config.database.leaderCheckMs,
    logger,
    lead: () => {
      retention.start();
      surveySweep = setInterval(() => void inviteWaitingSurveys().catch((err: Error) => logger.error({ err: err.message }, 'survey invitations failed')), 60_000);
      surveySweep.unref();
    },
    follow: async () => {
      clearInterval(surveySweep);
      await retention.stop();
    },
  });
  await jobs.start();
  logger.info({ database: config.database.description, worker: config.database.worker, flows: flows.map((f) => f.id) }, 'assistant ready');
  return {
    config,
    logger,
    db,
    vault,
    clock,
    assistant,
    eligibility,
    knowledge: kb,
    intake,
    sender,
    pipeline,
    personal,
    retention,
    surveys,
    inviteWaitingSurveys,
    coordination,
    jobs,
    knowledgeDb,
    async close() {
      await jobs.stop();
      await pipeline.idle();
      await sender.stop();
      await assistant.idle();
      if (knowledgeDb !== (db as unknown)) await knowledgeDb.close();
      await db.close();
    },
  };
}

/** The knowledge base's settings from the configuration. */
export function knowledgeOptions(config: Config, logger: Logger): KnowledgeOptions {
  return {
    dirs: config.knowledgeDirs,
    autoIngest: config.autoIngest,
    logger,
    retrieval: config.retrieval,
    embedding: { model: config.embeddingModel, modelsDir: config.embeddingModelsDir, allowRemote: config.allowRemoteModels },
    llm: config.llm,
  };
}
