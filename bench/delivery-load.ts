/**
 * Load benchmark of the delivery pipeline (issue 12): the real bot over the fake Telegram Bot API
 * on 127.0.0.1 (test/fakes/fake-telegram-api.ts). The bot runs in a process of its own
 * (bench/load-bot-process.ts), as in production, so the fake API and the simulated users in this
 * process do not take its JavaScript thread; --in-process runs all three in one process (as before).
 *
 *   npm run bench:load -- [--users 50] [--messages 20] [--mode polling|webhook]
 *                         [--slow-chat-ms 0] [--faults 0] [--seed 1] [--warmup 5] [--json]
 *                         [--cpu-prof FILE] [--in-process]
 *
 * Each simulated user sends its messages one after another, waiting for the first reply to each
 * before sending the next (like a person); all users run at once. The messages are menu traffic that
 * needs no knowledge base ("menu", "6", "trợ giúp", "2", …). Before the run one probe chat goes
 * through the same script alone, fault-free, to learn the replies each message gets, so every reply
 * of the run can be checked: a chat must receive exactly the probe's sequence (nothing lost, nothing
 * twice, in order). Then an unreported warm-up run (--warmup messages per user, on other chats).
 *
 * Measures: messages/s (messages answered ÷ time from the first update to the last first reply),
 * first-reply latency p50/p95/max (from pushing the update — queuing it in the fake for polling,
 * starting the POST for the webhook — to the fake receiving the first sendMessage of that turn),
 * total replies, lost (a message whose first reply never came) and doubled replies, peak RSS of the
 * bot's process (with --in-process: of everything), sampled every 25 ms; and how busy the bot's one
 * JS thread was (event-loop utilisation) and its process CPU in cores (JS thread + the libuv pool
 * where sqlite3 runs), which tell a saturated process from one that waits.
 *
 * --slow-chat-ms N (N > 0): the run is done twice on fresh chats, without and then with one extra
 * chat whose every sendMessage takes N ms; that chat sends a message every second without waiting
 * (so it always has replies queued). The others' p95 is reported for both runs.
 * --faults S: share S of sendMessage calls answered HTTP 500 (seeded by --seed); the bot's retry
 * settings are its defaults unless DELIVERY_RETRY_BASE_MS, DELIVERY_RETRY_MAX_MS or
 * DELIVERY_MAX_ATTEMPTS are set in the environment (SHARED_DIR is passed on too; nothing else is).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeTelegramApi, type SentMessage } from '../test/fakes/fake-telegram-api.ts';

// ── options ─────────────────────────────────────────────────────────────────────────────────────

interface Options {
  users: number;
  messages: number;
  mode: 'polling' | 'webhook';
  slowChatMs: number;
  faults: number;
  seed: number;
  json: boolean;
  /** Messages each user sends in an unreported warm-up run first (0: none). */
  warmup: number;
  /** Write a CPU profile of the bot during the measured runs (not start-up, not the probe) to this file. */
  cpuProf?: string;
  /** Run the bot in this process, beside the fake API and the users (default: a process of its own). */
  inProcess: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { users: 50, messages: 20, mode: 'polling', slowChatMs: 0, faults: 0, seed: 1, json: false, warmup: 5, inProcess: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    const number = (min: number, max: number) => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < min || n > max) fail(`${flag} must be a number from ${min} to ${max}`);
      return n;
    };
    switch (flag) {
      case '--users': o.users = Math.floor(number(1, 5000)); break;
      case '--messages': o.messages = Math.floor(number(1, 1000)); break;
      case '--mode': {
        const m = value();
        if (m !== 'polling' && m !== 'webhook') fail('--mode is polling or webhook');
        o.mode = m;
        break;
      }
      case '--slow-chat-ms': o.slowChatMs = number(0, 120_000); break;
      case '--faults': o.faults = number(0, 0.9); break;
      case '--seed': o.seed = Math.floor(number(0, 2 ** 31)); break;
      case '--json': o.json = true; break;
      case '--warmup': o.warmup = Math.floor(number(0, 1000)); break;
      case '--cpu-prof': o.cpuProf = value(); break;
      case '--in-process': o.inProcess = true; break;
      case '-h':
      case '--help':
        process.stdout.write('npm run bench:load -- [--users 50] [--messages 20] [--mode polling|webhook] [--slow-chat-ms 0] [--faults 0] [--seed 1] [--warmup 5] [--json] [--cpu-prof FILE] [--in-process]\n');
        process.exit(0);
        break;
      default:
        fail(`unknown option ${arg}`);
    }
  }
  return o;
}

function fail(message: string): never {
  process.stderr.write(`bench:load: ${message}\n`);
  process.exit(2);
}

// ── the conversation each user has ─────────────────────────────────────────────────────────────

/** Menu traffic that every state of this script answers without the knowledge base. */
const SCRIPT = ['menu', '6', 'trợ giúp', '2', 'menu', 'giới thiệu', 'xin chào', '4', 'quay lại', 'hủy'];
const scriptFor = (n: number) => Array.from({ length: n }, (_, i) => SCRIPT[i % SCRIPT.length]!);

/** How long a user waits for a reply before going on (the message is "late"; lost only if no reply comes at all). */
const REPLY_TIMEOUT_MS = 30_000;
/** How long, after the users are done, trailing replies (retries, the rest of a turn) may take. */
const DRAIN_MS = 30_000;

// ── watching what the fake receives ────────────────────────────────────────────────────────────

interface ChatLog {
  texts: string[];
  at: number[];
  waiters: Array<{ count: number; resolve: () => void }>;
}

class Watcher {
  readonly chats = new Map<string, ChatLog>();

  constructor(api: FakeTelegramApi) {
    // The fake records a successful sendMessage as sentAt.push(…) then sent.push(…), synchronously:
    // watching the second gives the text and its time without polling.
    const sent = api.sent;
    const sentAt = api.sentAt;
    const push = sent.push.bind(sent);
    sent.push = (...items: SentMessage[]) => {
      const n = push(...items);
      for (let i = 0; i < items.length; i++) {
        const m = items[i]!;
        const at = sentAt[sentAt.length - items.length + i]?.at ?? Date.now();
        this.record(String(m.chat_id), m.text, at);
      }
      return n;
    };
  }

  log(chat: string): ChatLog {
    let log = this.chats.get(chat);
    if (!log) this.chats.set(chat, (log = { texts: [], at: [], waiters: [] }));
    return log;
  }

  count(chat: string): number {
    return this.chats.get(chat)?.texts.length ?? 0;
  }

  /** Resolves true once the chat has received `count` messages, false after `ms`. */
  until(chat: string, count: number, ms: number): Promise<boolean> {
    const log = this.log(chat);
    if (log.texts.length >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = log.waiters.indexOf(waiter);
        if (i >= 0) log.waiters.splice(i, 1);
        resolve(false);
      }, ms);
      const waiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      log.waiters.push(waiter);
    });
  }

  private record(chat: string, text: string, at: number): void {
    const log = this.log(chat);
    log.texts.push(text);
    log.at.push(at);
    for (let i = log.waiters.length - 1; i >= 0; i--) {
      if (log.texts.length >= log.waiters[i]!.count) log.waiters.splice(i, 1)[0]!.resolve();
    }
  }
}

// ── sending updates: through the fake (polling) or to the bot's webhook ────────────────────────

interface Sender {
  /** Delivers one text from a private chat; resolves with the time it was pushed. */
  text(chatId: number, text: string): Promise<number>;
}

function pollingSender(api: FakeTelegramApi): Sender {
  return {
    async text(chatId, text) {
      const at = Date.now();
      api.text(chatId, text);
      return at;
    },
  };
}

function webhookSender(port: number, secret: string): Sender {
  let updateId = 1;
  let messageId = 1;
  const url = `http://127.0.0.1:${port}/hook`;
  return {
    async text(chatId, text) {
      const update = {
        update_id: updateId++,
        message: {
          message_id: messageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', first_name: 'Dân' },
          from: { id: chatId, is_bot: false, first_name: 'Dân' },
          text,
        },
      };
      const at = Date.now();
      // Telegram sends an update again until it gets a 200; so does this driver (a few times).
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
            body: JSON.stringify(update),
          });
          await res.arrayBuffer();
          if (res.status === 200) return at;
          if (attempt >= 5) throw new Error(`webhook answered ${res.status}`);
        } catch (err) {
          if (attempt >= 5) throw err;
        }
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    },
  };
}

// ── one run ─────────────────────────────────────────────────────────────────────────────────────

interface RunResult {
  label: string;
  users: number;
  messages: number;
  answered: number;
  seconds: number;
  msgPerSec: number;
  p50: number;
  p95: number;
  max: number;
  replies: number;
  expectedReplies: number;
  lostMessages: number;
  lostReplies: number;
  doubled: number;
  outOfOrderChats: number;
  /** Messages whose first reply took longer than the user waited (REPLY_TIMEOUT_MS). */
  late: number;
  /** Share of the run the event loop was busy (1 = the one JS thread saturated). */
  elu: number;
  /** The bot's process CPU time (all threads: JS, libuv pool running SQLite) over wall time, in cores. */
  cpuCores: number;
  /** The bot's peak resident memory during the run, in bytes. */
  peakRss: number;
  slowChat?: { sent: number; replies: number };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Compares what a chat received with what it should have: missing, extra (doubled), order. */
function compare(expected: string[], actual: string[]): { missing: number; extra: number; inOrder: boolean } {
  const counts = new Map<string, number>();
  for (const t of expected) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const t of actual) counts.set(t, (counts.get(t) ?? 0) - 1);
  let missing = 0;
  let extra = 0;
  for (const n of counts.values()) {
    if (n > 0) missing += n;
    else extra -= n;
  }
  const inOrder = actual.length === expected.length && actual.every((t, i) => t === expected[i]);
  return { missing, extra, inOrder };
}

async function runLoad(
  label: string,
  bot: BotHandle,
  o: Options,
  messages: number,
  firstChatId: number,
  watcher: Watcher,
  sender: Sender,
  expected: { perStep: number[]; texts: string[] },
  slow?: { chatId: number; api: FakeTelegramApi; ms: number },
): Promise<RunResult> {
  const script = scriptFor(messages);
  const offsets = expected.perStep.reduce<number[]>((acc, n, i) => (acc.push(i === 0 ? 0 : acc[i - 1]! + expected.perStep[i - 1]!), acc), []);
  const expectedTexts = expected.texts.slice(0, offsets[messages - 1]! + expected.perStep[messages - 1]!);
  await bot.measure();
  const start = Date.now();

  // The slow chat: a message a second, not waiting, for as long as the users run.
  let slowSent = 0;
  let usersDone = false;
  const slowLoop = slow
    ? (async () => {
        slow.api.faults.slow = new Map([[String(slow.chatId), slow.ms]]);
        for (let i = 0; !usersDone; i++) {
          await sender.text(slow.chatId, script[i % script.length]!);
          slowSent++;
          await new Promise((r) => setTimeout(r, 1000));
        }
      })()
    : undefined;

  /** When each message was pushed, per chat, in script order. */
  const pushed = new Map<number, number[]>();
  let late = 0;
  const user = async (chatId: number) => {
    const chat = String(chatId);
    const times: number[] = [];
    pushed.set(chatId, times);
    for (let k = 0; k < script.length; k++) {
      times.push(await sender.text(chatId, script[k]!));
      // A person gives up waiting after a while and writes again; the reply may still come.
      if (!(await watcher.until(chat, offsets[k]! + 1, REPLY_TIMEOUT_MS))) late++;
    }
  };
  const chats = Array.from({ length: o.users }, (_, i) => firstChatId + i);
  await Promise.all(chats.map((c) => user(c)));
  usersDone = true;
  const { elu, cpuCores, peakRss } = await bot.measured();
  await slowLoop;

  // Trailing replies (the rest of each last turn, retries) may still come.
  const total = expectedTexts.length;
  await Promise.all(chats.map((c) => watcher.until(String(c), total, DRAIN_MS)));
  await new Promise((r) => setTimeout(r, 300)); // anything sent twice shows up now

  // First-reply latency of every message whose first reply came (late ones too); the others are lost.
  const latencies: number[] = [];
  let lostMessages = 0;
  let lastReply = 0;
  for (const c of chats) {
    const at = watcher.chats.get(String(c))?.at ?? [];
    pushed.get(c)!.forEach((pushedAt, k) => {
      const first = at[offsets[k]!];
      if (first === undefined) {
        lostMessages++;
        return;
      }
      latencies.push(first - pushedAt);
      lastReply = Math.max(lastReply, first);
    });
  }
  const answered = latencies.length;
  const seconds = (lastReply - start) / 1000;

  let replies = 0;
  let lostReplies = 0;
  let doubled = 0;
  let outOfOrderChats = 0;
  for (const c of chats) {
    const actual = watcher.chats.get(String(c))?.texts ?? [];
    replies += actual.length;
    const d = compare(expectedTexts, actual);
    lostReplies += d.missing;
    doubled += d.extra;
    if (!d.inOrder && d.missing === 0 && d.extra === 0) outOfOrderChats++;
  }
  const sorted = latencies.slice().sort((a, b) => a - b);
  return {
    label,
    users: o.users,
    messages: o.users * script.length,
    answered,
    seconds,
    msgPerSec: seconds > 0 ? answered / seconds : NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? NaN,
    replies,
    expectedReplies: total * chats.length,
    lostMessages,
    lostReplies,
    doubled,
    outOfOrderChats,
    late,
    elu,
    cpuCores,
    peakRss,
    ...(slow ? { slowChat: { sent: slowSent, replies: watcher.count(String(slow.chatId)) } } : {}),
  };
}

/** The replies each step of the script gets, learned on one chat alone with no faults. */
async function probe(o: Options, chatId: number, watcher: Watcher, sender: Sender): Promise<{ perStep: number[]; texts: string[] }> {
  const perStep: number[] = [];
  const chat = String(chatId);
  for (const text of scriptFor(o.messages)) {
    const before = watcher.count(chat);
    await sender.text(chatId, text);
    if (!(await watcher.until(chat, before + 1, 15_000))) throw new Error(`probe: no reply to "${text}"`);
    // The rest of the turn: wait until nothing more comes for a while.
    for (let seen = -1; seen !== watcher.count(chat); ) {
      seen = watcher.count(chat);
      await new Promise((r) => setTimeout(r, 150));
    }
    perStep.push(watcher.count(chat) - before);
  }
  return { perStep, texts: watcher.chats.get(chat)!.texts.slice() };
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
const ms = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '–');

// ── the bot: in a process of its own (default) or in this one ─────────────────────────────────

interface BotHandle {
  startupMs: number;
  /** Resident memory of the bot's process once started, in bytes. */
  rssAfterStart: number;
  /** Starts measuring: event-loop use, CPU and peak memory from now. */
  measure(): Promise<void>;
  measured(): Promise<{ elu: number; cpuCores: number; peakRss: number }>;
  profile(): Promise<void>;
  profileStop(file: string): Promise<void>;
  stop(): Promise<void>;
}

/** The bot in its own process (bench/load-bot-process.ts), spoken to over IPC. */
async function botProcess(env: Record<string, string>): Promise<BotHandle> {
  const child = fork(fileURLToPath(new URL('./load-bot-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the bot process exited (code ${code})`))));
  exited.catch(() => undefined);
  const ask = <T extends { type: string }>(request: object, answer: string): Promise<T> =>
    Promise.race([
      new Promise<T>((resolve) => {
        const on = (m: T) => {
          if (m.type !== answer) return;
          child.off('message', on);
          resolve(m);
        };
        child.on('message', on);
        child.send(request);
      }),
      exited,
    ]);
  const ready = await ask<{ type: string; startupMs: number; rssAfterStart: number }>({ type: 'start', env }, 'ready');
  return {
    startupMs: ready.startupMs,
    rssAfterStart: ready.rssAfterStart,
    measure: async () => void (await ask({ type: 'measure' }, 'measuring')),
    measured: () => ask<{ type: string; elu: number; cpuCores: number; peakRss: number }>({ type: 'measured' }, 'measurement'),
    profile: async () => void (await ask({ type: 'profile' }, 'profiling')),
    profileStop: async (file) => void (await ask({ type: 'profile-stop', file }, 'profiled')),
    stop: async () => {
      if (child.exitCode !== null) return;
      await Promise.race([ask({ type: 'stop' }, 'stopped'), exited]).catch(() => undefined);
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    },
  };
}

/** The bot in this process, beside the fake API and the users (--in-process). */
async function botInProcess(env: Record<string, string>): Promise<BotHandle> {
  // Loaded only here: by default the bot runs in its own process and this one stays light.
  const { BotMeter, startBot } = await import('./bench-bot.ts');
  const meter = new BotMeter();
  const { app, running, startupMs } = await startBot(env);
  return {
    startupMs,
    rssAfterStart: process.memoryUsage.rss(),
    measure: async () => meter.measure(),
    measured: async () => meter.measured(),
    profile: () => meter.profile(),
    profileStop: (file) => meter.profileStop(file),
    stop: async () => {
      meter.stop();
      await running.stop();
      await app.close();
    },
  };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dataDir = mkdtempSync(join(tmpdir(), 'tgpl-bench-'));
  const api = await new FakeTelegramApi().start();
  const watcher = new Watcher(api);
  const secret = 'bench-secret-0123456789';
  const port = o.mode === 'webhook' ? await freePort() : 0;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    AUTO_INGEST: 'false',
    LOG_LEVEL: 'silent',
    LOG_FILE: '-',
    RATE_LIMIT_PER_MINUTE: '600',
    CONSOLE_CHANNEL: 'off',
    // Passed through when set, to compare settings: the shared data folder and the retry policy.
    ...Object.fromEntries(
      ['SHARED_DIR', 'DELIVERY_RETRY_BASE_MS', 'DELIVERY_RETRY_MAX_MS', 'DELIVERY_MAX_ATTEMPTS'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])),
    ),
    ...(o.mode === 'webhook' ? { WEBHOOK_URL: `https://127.0.0.1:${port}/hook`, WEBHOOK_PORT: String(port), WEBHOOK_SECRET: secret } : {}),
  };
  const bot = o.inProcess ? await botInProcess(env) : await botProcess(env);
  const sender = o.mode === 'webhook' ? webhookSender(port, secret) : pollingSender(api);

  const results: RunResult[] = [];
  let expected: { perStep: number[]; texts: string[] };
  try {
    expected = await probe(o, 900_000_001, watcher, sender);
    // Warm-up (not reported): every user, a few messages, so that the runs compared below all meet
    // a warmed-up process (JIT, SQLite page cache, sockets).
    if (o.warmup > 0) await runLoad('warm-up', bot, o, Math.min(o.warmup, o.messages), 800_000_001, watcher, sender, expected);
    if (o.faults > 0) api.faults = { error500: o.faults, random: seeded(o.seed) };
    if (o.cpuProf) await bot.profile();
    const faults = o.faults > 0 ? `, ${Math.round(o.faults * 100)}% HTTP 500` : '';
    if (o.slowChatMs > 0) {
      results.push(await runLoad(`${o.mode}${faults}, no slow chat`, bot, o, o.messages, 100_000_001, watcher, sender, expected));
      results.push(
        await runLoad(`${o.mode}${faults}, + 1 chat at ${o.slowChatMs} ms/send`, bot, o, o.messages, 200_000_001, watcher, sender, expected, {
          chatId: 999_000_001,
          api,
          ms: o.slowChatMs,
        }),
      );
    } else {
      results.push(await runLoad(`${o.mode}${faults}`, bot, o, o.messages, 100_000_001, watcher, sender, expected));
    }
    if (o.cpuProf) await bot.profileStop(o.cpuProf);
  } finally {
    // Let what still waits go through at once, so stopping does not wait for slow or failing sends.
    api.faults = {};
    await bot.stop();
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const peakRss = Math.max(...results.map((r) => r.peakRss));
  const startupMs = bot.startupMs;
  const rssAfterStart = bot.rssAfterStart;

  const summary = {
    options: o,
    startupMs,
    rssAfterStartMb: mb(rssAfterStart),
    peakRssMb: mb(peakRss),
    repliesPerTurn: expected.perStep,
    runs: results,
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const lines = [
    `Delivery load: ${o.users} users × ${o.messages} messages, ${o.mode}` +
      `${o.faults > 0 ? `, ${Math.round(o.faults * 100)}% sendMessage → HTTP 500` : ''}` +
      `${o.slowChatMs > 0 ? `, slow chat ${o.slowChatMs} ms/send` : ''} (node ${process.version})`,
    '',
    '| run | msg/s | first reply p50 (ms) | p95 (ms) | max (ms) | replies (expected) | lost msgs | lost replies | doubled | out of order chats | event loop busy | CPU (cores) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.label} | ${r.msgPerSec.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} | ${r.replies} (${r.expectedReplies}) | ${r.lostMessages} | ${r.lostReplies} | ${r.doubled} | ${r.outOfOrderChats} | ${Math.round(r.elu * 100)}% | ${r.cpuCores.toFixed(2)} |`,
    ),
    '',
    `Peak RSS ${mb(peakRss)} MB (after start ${mb(rssAfterStart)} MB; ${o.inProcess ? 'bot, fake API and driver in one process' : "the bot's own process"}); start ${startupMs} ms; ` +
      `replies per message in the script: ${expected.perStep.join(' ')}.`,
    ...results
      .filter((r) => r.late > 0)
      .map((r) => `${r.label}: ${r.late} messages answered after the user had waited ${REPLY_TIMEOUT_MS / 1000} s and gone on (counted in the latencies, not lost).`),
    ...results
      .filter((r) => r.slowChat)
      .map((r) => `Slow chat: sent ${r.slowChat!.sent} messages, received ${r.slowChat!.replies} replies during the run (not counted above).`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench:load failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
