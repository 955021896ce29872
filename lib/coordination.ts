/**
 * How workers sharing one database take turns. On SQLite there is one process: every lock is granted
 * at once and the process is always the leader, so nothing changes. On PostgreSQL (several workers)
 * a lock is a session advisory lock held on a connection of its own (lib/postgres.ts tryLock): taken
 * by at most one worker at a time, and released by the server when the worker dies, even by kill -9.
 *
 * Used for: one worker at a time handling a conversation's messages (bot/delivery/channel-pipeline.ts,
 * so their order holds across workers); one Telegram poller and one Zalo listener (bot/run-channels.ts);
 * the scheduled jobs — reminders, retention, survey invitations — run by one worker (bot/app.ts).
 */
import type { Logger } from './logger.ts';
import { PostgresDatabase, type HeldLock } from './postgres.ts';
import type { SqlDatabase } from './sql-database.ts';

export type { HeldLock } from './postgres.ts';

export interface Coordination {
  /** Whether other workers may share the database (PostgreSQL). */
  readonly shared: boolean;
  /** Takes `key` unless another worker holds it (then undefined). */
  tryLock(key: string): Promise<HeldLock | undefined>;
}

const GRANTED: HeldLock = { release: async () => undefined, check: async () => true };

/** The coordination of a database: advisory locks on PostgreSQL, none needed on SQLite. */
export function coordinationOf(db: SqlDatabase): Coordination {
  if (db instanceof PostgresDatabase) return { shared: true, tryLock: (key) => db.tryLock(key) };
  return { shared: false, tryLock: async () => GRANTED };
}

/**
 * A role one worker holds at a time ("telegram-poller", "zalo-listener", "jobs"): `lead` runs when
 * this worker becomes the leader, `follow` when it stops being one (its lock's connection was lost)
 * or on `stop`. A standby worker tries again every `checkMs`, so when the leader dies another takes
 * over within about that time. On SQLite the process leads at once.
 */
export class Leadership {
  private held: HeldLock | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly coordination: Coordination,
    readonly role: string,
    private readonly options: { checkMs: number; logger: Logger; lead: () => Promise<void> | void; follow: () => Promise<void> | void },
  ) {}

  get isLeader(): boolean {
    return this.held !== undefined;
  }

  /** Tries once now (awaited), then every `checkMs` in the background (unref'd timer). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.step();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.busy;
    const held = this.held;
    this.held = undefined;
    if (held) {
      await Promise.resolve(this.options.follow()).catch(() => undefined);
      await held.release();
    }
  }

  private step(): Promise<void> {
    this.busy = this.busy.then(() => this.once()).finally(() => this.schedule());
    return this.busy;
  }

  private schedule(): void {
    if (this.stopped || !this.coordination.shared) return;
    this.timer = setTimeout(() => void this.step(), this.options.checkMs);
    this.timer.unref();
  }

  private async once(): Promise<void> {
    if (this.stopped) return;
    const { logger } = this.options;
    try {
      if (this.held) {
        if (await this.held.check()) return;
        logger.warn({ role: this.role }, 'leadership lost');
        const lost = this.held;
        this.held = undefined;
        await Promise.resolve(this.options.follow()).catch((err: Error) => logger.error({ role: this.role, err: err.message }, 'stepping down failed'));
        await lost.release();
        return;
      }
      const lock = await this.coordination.tryLock(`tgpl:leader:${this.role}`);
      if (!lock) return;
      this.held = lock;
      if (this.coordination.shared) logger.info({ role: this.role }, 'leading');
      try {
        await this.options.lead();
      } catch (err) {
        logger.error({ role: this.role, err: (err as Error).message.split('\n')[0] }, 'leading failed');
        this.held = undefined;
        await lock.release();
      }
    } catch (err) {
      logger.error({ role: this.role, err: (err as Error).message.split('\n')[0] }, 'leadership check failed');
    }
  }
}
