/**
 * kill -9 in the middle of a burst, twice, over a fake Bot API that also fails 10% of sends: every
 * message is answered once, and every reply that was committed arrives, in order, at most repeated
 * once for a send in flight at a kill. The bot runs as a real process (`tgpl start`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../lib/database.ts';
import { SEALED } from '../../../lib/sealed-columns.ts';
import { FakeTelegramApi } from '../../fakes/fake-telegram-api.ts';
import { sameWithRepeats, untilBurstDone } from './burst-checks.ts';
import { tempDir } from '../../helpers.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function startBot(api: FakeTelegramApi, dataDir: string): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin/tgpl.mjs'), 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DATA_DIR: dataDir,
      AUTO_INGEST: 'false',
      LOG_LEVEL: 'silent',
      LOG_FILE: '-',
      CONSOLE_CHANNEL: 'off',
      RATE_LIMIT_PER_MINUTE: '600',
      DELIVERY_RETRY_BASE_MS: '20',
      DELIVERY_RETRY_MAX_MS: '200',
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  children.push(child);
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('after kill -9 mid-burst', () => {
  it('loses no message and no reply, and repeats at most the one in flight', { timeout: 90_000 }, async () => {
    const api = await new FakeTelegramApi().start();
    api.faults = { error500: 0.1 };
    const dataDir = tempDir();
    const waitStarted = (since: number) => api.until(() => api.calls.filter((c) => c.method === 'getUpdates').length > since, 30_000);
    let bot = startBot(api, dataDir);
    await waitStarted(0);
    const chats = Array.from({ length: 10 }, (_, i) => 900 + i);
    const words = ['giới thiệu', 'menu', 'giới thiệu', 'trợ giúp', 'giới thiệu', 'menu', 'giới thiệu', 'trợ giúp', 'menu', 'giới thiệu'];
    for (const w of words) for (const c of chats) api.text(c, w);
    const kills = 2;
    const sentAtKill: number[] = [];
    for (let k = 0; k < kills; k++) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 500));
      await killHard(bot);
      sentAtKill.push(api.sent.length);
      const polls = api.calls.filter((c) => c.method === 'getUpdates').length;
      bot = startBot(api, dataDir);
      await waitStarted(polls);
    }
    // The bot's own file, opened with the keys it made in the data folder (its values are sealed).
    const { db, vault } = await openDatabase(join(dataDir, 'tgpl.sqlite'), { file: join(dataDir, 'keys.json') });
    try {
      await untilBurstDone(db, chats.length * words.length);
      const inbox = await db.all<{ chat_id: string; n: number }>('SELECT chat_id, COUNT(*) AS n FROM inbox GROUP BY chat_id');
      expect(inbox.every((r) => r.n === words.length)).toBe(true);
      let repeats = 0;
      for (const c of chats) {
        const rows = await db.all<{ body: string }>('SELECT body FROM outbox WHERE chat_id = ? ORDER BY id', [String(c)]);
        const expected = rows.map((r) => vault.openJson<{ text: string }>(r.body, SEALED.outboxBody).text);
        // Each message got its replies (at least one each).
        expect(expected.length).toBeGreaterThanOrEqual(words.length);
        const check = sameWithRepeats(api.to(c).map((m) => m.text), expected);
        expect(check.ok, `chat ${c}`).toBe(true);
        repeats += check.repeats;
      }
      // The first kill did land in the middle of the burst.
      expect(sentAtKill[0]).toBeLessThan(api.sent.length);
      // At most the sends in flight at each kill (one per chat being sent to) are repeated.
      expect(repeats).toBeLessThanOrEqual(kills * chats.length);
    } finally {
      await db.close();
      await killHard(bot);
      await api.stop();
    }
  });
});
