/**
 * Keeping personal data only as long as needed: the periods are data (RETENTION_FILE, by default
 * intake/parameters/retention.yaml: dated, each period with its reason and source), and this job
 * applies them — conversations left alone (drafts included) deleted, delivered and parked messages
 * deleted, messages never handled deleted, the ids of seen messages pruned, closed tickets
 * anonymised (keeping the statistics). It runs once a day while the assistant runs (started with
 * the app, stopped with it) and on demand (`tgpl retention`, `--dry-run` to only count).
 */
import { isoDateIn, type Clock } from '../../lib/clock.ts';
import { ConfigError } from '../../lib/config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Outbox } from '../../lib/outbox.ts';
import { loadParameter, type Parameter } from '../../lib/parameters.ts';
import type { TicketStore } from '../../intake/tickets/ticket-store.ts';
import type { TicketStatus } from '../../intake/tickets/ticket.ts';
import { z } from 'zod';
import type { ConversationStore } from '../conversation-store.ts';
import type { Inbox } from '../delivery/inbox.ts';

const DAY_MS = 86_400_000;
/** The first run waits this long after the start (the start's own work first), then one a day. */
export const FIRST_RUN_DELAY_MS = 60_000;

const period = z.strictObject({
  days: z.number().int().min(1, 'ít nhất 1 ngày').max(36_500),
  reason: z.string().trim().min(1, 'cần lý do'),
  source: z.string().trim().min(1, 'cần căn cứ'),
});

export const CLOSED_TICKET_STATUSES = ['done', 'rejected', 'not_eligible', 'withdrawn'] as const satisfies readonly TicketStatus[];
type ClosedStatus = (typeof CLOSED_TICKET_STATUSES)[number];

export const retentionSchema = z.strictObject({
  idleConversations: period,
  deliveredMessages: period,
  unhandledMessages: period,
  seenUpdates: period,
  closedTickets: z.strictObject({ done: period, rejected: period, not_eligible: period, withdrawn: period }),
});
export type RetentionPolicy = z.infer<typeof retentionSchema>;
export type RetentionPeriod = z.infer<typeof period>;

/** Loads the retention periods; a wrong file stops the start with one line naming it. */
export function loadRetention(file: string): Parameter<RetentionPolicy> {
  try {
    return loadParameter(file, retentionSchema);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `Lỗi cấu hình: RETENTION_FILE = "${file}" không có tệp này`
        : `Lỗi tệp thời hạn lưu giữ dữ liệu: ${(err as Error).message.split('\n')[0]}`,
    );
  }
}

/** What a run removed (or, dry, would remove). */
export interface RetentionReport {
  /** When it ran (ISO). */
  at: string;
  dryRun: boolean;
  /** The periods applied (undefined: none in force on that date, nothing was done). */
  policy: RetentionPolicy | undefined;
  idleConversations: number;
  deliveredMessages: number;
  parkedMessages: number;
  unhandledMessages: number;
  seenUpdates: number;
  anonymisedTickets: Record<ClosedStatus, number>;
}

export interface RetentionDeps {
  conversations: ConversationStore;
  inbox: Inbox;
  outbox: Outbox;
  tickets: TicketStore;
  policy: Parameter<RetentionPolicy>;
  clock: Clock;
  timeZone: string;
  logger: Logger;
}

export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: RetentionDeps) {}

  /** The periods in force now. */
  policyNow(): RetentionPolicy | undefined {
    return this.deps.policy.at(isoDateIn(this.deps.clock.now(), this.deps.timeZone));
  }

  /** Applies the periods now (or, with `dryRun`, counts what would go). */
  async run(options: { dryRun?: boolean } = {}): Promise<RetentionReport> {
    const dryRun = options.dryRun === true;
    const { conversations, inbox, outbox, tickets, clock } = this.deps;
    const now = clock.now();
    const policy = this.policyNow();
    const report: RetentionReport = {
      at: now.toISOString(),
      dryRun,
      policy,
      idleConversations: 0,
      deliveredMessages: 0,
      parkedMessages: 0,
      unhandledMessages: 0,
      seenUpdates: 0,
      anonymisedTickets: { done: 0, rejected: 0, not_eligible: 0, withdrawn: 0 },
    };
    if (!policy) return report;
    const before = (p: RetentionPeriod) => new Date(now.getTime() - p.days * DAY_MS);
    report.idleConversations = await conversations.pruneIdle(before(policy.idleConversations), dryRun);
    const messages = await outbox.pruneDelivered(before(policy.deliveredMessages), dryRun);
    report.deliveredMessages = messages.delivered;
    report.parkedMessages = messages.parked;
    report.unhandledMessages = await inbox.pruneUnhandled(before(policy.unhandledMessages), dryRun);
    const seen = before(policy.seenUpdates);
    report.seenUpdates = (await conversations.pruneSeen(seen, dryRun)) + (await inbox.prune(seen, dryRun));
    for (const status of CLOSED_TICKET_STATUSES) {
      const due = await tickets.closedBefore([status], before(policy.closedTickets[status]));
      if (!dryRun) for (const t of due) await tickets.anonymise(t.number, 'system', now);
      report.anonymisedTickets[status] = due.length;
    }
    return report;
  }

  /** Runs a minute after the start, then once a day, until `stop` (timers do not keep the process up). */
  start(): void {
    if (this.timer) return;
    this.stopped = false;
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => {
        if (this.stopped) return;
        this.tick();
        schedule(DAY_MS);
      }, ms);
      this.timer.unref();
    };
    schedule(FIRST_RUN_DELAY_MS);
  }

  /** Stops the daily runs, after the one under way (if any) finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.run()
      .then((r) => this.deps.logger.info(countsOf(r), 'retention applied'))
      .catch((err: Error) => this.deps.logger.error({ err: err.message }, 'retention failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}

/** The report's counts alone (for the log). */
export function countsOf(report: RetentionReport) {
  const { idleConversations, deliveredMessages, parkedMessages, unhandledMessages, seenUpdates, anonymisedTickets } = report;
  return { idleConversations, deliveredMessages, parkedMessages, unhandledMessages, seenUpdates, anonymisedTickets };
}
