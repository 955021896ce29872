/**
 * Three workers (`tgpl start`, real processes) on one PostgreSQL database, in Telegram webhook mode
 * behind a small round-robin proxy (which, like Telegram, delivers an update again to the next worker
 * when one fails to answer), 50 users sending at once, one worker killed with kill -9 mid-burst:
 * every message is handled once (one turn committed per message), every committed reply arrives, in
 * order per chat; only a send in flight at the kill may be repeated (the platform has no idempotent
 * send), at most once, right after itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../lib/database.ts';
import { formatEnvKey, newKey } from '../../../lib/data-keys.ts';
import { SEALED } from '../../../lib/sealed-columns.ts';
import { FakeTelegramApi } from '../../fakes/fake-telegram-api.ts';
import { postUpdate, webhookProxy, type WebhookProxy } from '../../fakes/webhook-proxy.ts';
import { sameWithRepeats, untilBurstDone } from './burst-checks.ts';
import { tempDir } from '../../helpers.ts';
import { newPostgresDatabase } from '../../postgres.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET = 'multi-worker-secret-0123456789';
const children: ChildProcess[] = [];
const proxies: WebhookProxy[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const p of proxies.splice(0)) await p.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Worker {
  child: ChildProcess;
  hookPort: number;
  healthPort: number;
}

async function startWorker(api: FakeTelegramApi, url: string, keys: string, name: string): Promise<Worker> {
  const [hookPort, healthPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [join(ROOT, 'bin/tgpl.mjs'), 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      DATA_KEYS: keys,
      DATA_DIR: tempDir(),
      WORKER_NAME: name,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      WEBHOOK_URL: 'https://bot.example.vn/tg-hook',
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_PORT: String(hookPort),
      HEALTH_PORT: String(healthPort),
      INBOX_SWEEP_SECONDS: '0.3',
      OUTBOX_LEASE_SECONDS: '2',
      LEADER_CHECK_SECONDS: '0.5',
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
  return { child, hookPort, healthPort };
}

async function healthy(w: Worker): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${w.healthPort}/healthz`);
    return res.status === 200;
  } catch {
    return false;
  }
}

describe('three workers on one PostgreSQL database, webhook mode', () => {
  it('lose no message and no reply when one is killed with kill -9 mid-burst, and keep each chat in order', { timeout: 120_000 }, async () => {
    const api = await new FakeTelegramApi().start();
    const url = await newPostgresDatabase();
    const keys = formatEnvKey(newKey(new Date()));
    // The first worker makes the schema, the others find it (they may also race: the migration lock).
    const workers = await Promise.all(['w1', 'w2', 'w3'].map((n) => startWorker(api, url, keys, n)));
    const end = Date.now() + 60_000;
    while (!(await Promise.all(workers.map(healthy))).every(Boolean)) {
      if (Date.now() > end) throw new Error('the workers did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const balancer = await webhookProxy(workers.map((w) => w.hookPort), { path: '/tg-hook', secret: SECRET, retryPauseMs: 50 });
    proxies.push(balancer);
    const proxy = balancer.port;

    const users = Array.from({ length: 50 }, (_, i) => 7000 + i);
    const words = ['giới thiệu', 'menu', 'trợ giúp', 'giới thiệu', 'menu', 'trợ giúp'];
    let updateId = 1;
    let messageId = 1;
    const send = async (chat: number, text: string) => {
      const update = {
        update_id: updateId++,
        message: {
          message_id: messageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chat, type: 'private', first_name: 'Dân' },
          from: { id: chat, is_bot: false, first_name: 'Dân' },
          text,
        },
      };
      const status = await postUpdate(proxy, JSON.stringify(update), { path: '/tg-hook', secret: SECRET });
      if (status !== 200) throw new Error(`update not taken: ${status}`);
    };
    // Each user sends their messages one after another (the next once the previous was acknowledged), all users at once.
    const burst = Promise.all(users.map(async (u) => {
      for (const w of words) await send(u, w);
    }));
    // Mid-burst: the second worker dies without a word.
    await api.until(() => api.sent.length >= 80, 60_000);
    const exited = new Promise((r) => workers[1]!.child.once('exit', r));
    workers[1]!.child.kill('SIGKILL');
    await exited;
    const sentAtKill = api.sent.length;
    await burst;

    const { db, vault } = await openDatabase(url, { file: join(tempDir(), 'unused-keys.json'), envKeys: keys });
    try {
      await untilBurstDone(db, users.length * words.length);
      // Every message kept once and handled once.
      const inbox = await db.all<{ chat_id: string; n: number }>('SELECT chat_id, COUNT(*) AS n FROM inbox GROUP BY chat_id');
      expect(inbox).toHaveLength(users.length);
      expect(inbox.every((r) => r.n === words.length)).toBe(true);
      // The replies committed: the same sequence in every chat (one turn per message, in the order sent).
      const committed = new Map<number, string[]>();
      for (const u of users) {
        const rows = await db.all<{ body: string }>('SELECT body FROM outbox WHERE chat_id = ? ORDER BY id', [String(u)]);
        committed.set(u, rows.map((r) => vault.openJson<{ text: string }>(r.body, SEALED.outboxBody).text));
      }
      const reference = committed.get(users[0]!)!;
      expect(reference.length).toBeGreaterThanOrEqual(words.length);
      for (const u of users) expect(committed.get(u), `chat ${u}`).toEqual(reference);
      // Every committed reply reached Telegram, in order; a repeat only right after itself (a send in flight at the kill).
      let repeats = 0;
      for (const u of users) {
        const check = sameWithRepeats(api.to(u).map((m) => m.text), committed.get(u)!);
        expect(check.ok, `chat ${u}`).toBe(true);
        repeats += check.repeats;
      }
      expect(sentAtKill).toBeLessThan(api.sent.length);
      expect(repeats).toBeLessThanOrEqual(users.length);
      console.info(`multi-worker: ${api.sent.length} sends, ${repeats} repeated (in flight at the kill), ${sentAtKill} sent before it`);
      // The survivors are healthy; the jobs have one leader among them.
      expect(await healthy(workers[0]!)).toBe(true);
      const leading = await Promise.all([workers[0]!, workers[2]!].map(async (w) => ((await (await fetch(`http://127.0.0.1:${w.healthPort}/healthz`)).json()) as { leading: string[] }).leading));
      expect(leading.flat().filter((r) => r === 'jobs').length).toBeLessThanOrEqual(1);
    } finally {
      await db.close();
      await api.stop();
    }
  });
});
