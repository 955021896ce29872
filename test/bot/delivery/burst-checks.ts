/**
 * Checks shared by the kill -9 tests (one bot, crash.test.ts; three workers, multi-worker.test.ts):
 * waiting until a burst is fully handled and sent, and comparing what a chat received with what it
 * should have.
 */
import type { SqlDatabase } from '../../../lib/sql-database.ts';

/** Waits (up to a minute) until `handled` messages are handled and nothing waits in the outbox. */
export async function untilBurstDone(db: SqlDatabase, handled: number): Promise<void> {
  const done = async () => {
    const inbox = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM inbox WHERE handled_at IS NOT NULL');
    const waiting = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL');
    return inbox!.n === handled && waiting!.n === 0;
  };
  const until = Date.now() + 60_000;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('the burst was not finished in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Whether the texts a chat received are `expected` in order, allowing a message to come twice in a
 * row (a send in flight when the process died, sent again after: Telegram has no idempotent send);
 * how many such repeats.
 */
export function sameWithRepeats(sent: string[], expected: string[]): { ok: boolean; repeats: number } {
  let j = 0;
  let repeats = 0;
  for (const s of sent) {
    if (j < expected.length && s === expected[j]) j++;
    else if (j > 0 && s === expected[j - 1]) repeats++;
    else return { ok: false, repeats };
  }
  return { ok: j === expected.length, repeats };
}
