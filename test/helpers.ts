/** Shared test setup: a real SQLite file in a fresh temporary folder, a fake clock, a console-like driver. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import { createApp, type App } from '../bot/app.ts';
import { ConsoleChannel } from '../bot/channels/console.ts';
import { ConversationStore, type ConversationState } from '../bot/conversation-store.ts';
import { renderChoicesAsLines, type Reply } from '../bot/message.ts';
import { FakeClock } from '../lib/clock.ts';
import type { TicketDraft } from '../intake/tickets/ticket.ts';
import { loadConfig, type Config } from '../lib/config.ts';
import { openDatabase, type AppDatabase } from '../lib/database.ts';
import { silentLogger } from '../lib/logger.ts';
import { backendEnv, type Backend } from './postgres.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tgpl-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Settings for a test: data in `dir`, logs silent, knowledge not auto-indexed unless asked. */
export function testConfig(dir = tempDir(), env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', LOG_FILE: '-', AUTO_INGEST: 'false', ...env });
}

/**
 * The app's database at `file` (a new one in a fresh folder by default) with its keys in
 * keys.json beside it (made on first open), as the app opens it. Not closed automatically.
 */
export function openTestDatabase(file = join(tempDir(), 'tgpl.sqlite')): Promise<AppDatabase> {
  return openDatabase(file, { file: join(dirname(file), 'keys.json') });
}

export const DEFAULT_NOW = new Date('2026-11-21T03:00:00Z');

/** An app over a real SQLite file; closed after the test. */
export async function testApp(config = testConfig(), clock = new FakeClock(DEFAULT_NOW)): Promise<App & { clock: FakeClock }> {
  const app = await createApp(config, { clock, logger: silentLogger });
  let closed = false;
  const close = async () => {
    if (!closed) await app.close();
    closed = true;
  };
  cleanups.push(close);
  return { ...app, clock, close };
}

/** An app over a new database of `backend` (a SQLite file, or an empty PostgreSQL database); closed after the test. */
export async function testAppOn(backend: Backend, env: Record<string, string> = {}, clock = new FakeClock(DEFAULT_NOW)): Promise<App & { clock: FakeClock }> {
  return testApp(testConfig(tempDir(), { ...(await backendEnv(backend)), ...env }), clock);
}

/**
 * Talks to the assistant through the console channel's interface, one line at a time, and
 * returns each turn's printed output.
 */
export class ConsoleDriver {
  private readonly input = new PassThrough();
  private readonly output = new PassThrough();
  private buffer = '';
  private waiting: (() => void) | undefined;
  private readonly channel: ConsoleChannel;

  constructor(app: App, userId = 'tester') {
    this.channel = new ConsoleChannel(app.assistant, {
      input: this.input,
      output: this.output,
      userId,
      interactive: false,
      onTurn: () => {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve?.();
      },
    });
    this.output.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
    });
  }

  async start(): Promise<this> {
    await this.channel.start();
    return this;
  }

  /** Sends one line and resolves with what was printed in reply. */
  async say(line: string): Promise<string> {
    this.buffer = '';
    const done = new Promise<void>((resolve) => {
      this.waiting = resolve;
    });
    this.input.write(`${line}\n`);
    await done;
    await new Promise((r) => setImmediate(r));
    return this.buffer;
  }

  async end(): Promise<void> {
    this.input.end();
    await this.channel.finished;
  }
}

/** A conversation's saved state, opened with the app's keys (undefined when there is none). */
export function conversationState(app: App, chatId: string, channel = 'console'): Promise<ConversationState | undefined> {
  return new ConversationStore(app.db, app.vault).load(channel, chatId);
}

/**
 * Runs `tgpl ARGS` in this process (no child process: the test suite stays fast) with the test's
 * settings; resolves to the exit code and what was printed.
 */
export async function runTgpl(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../bot/cli.ts');
  const captured = capturedIo({ LOG_LEVEL: 'silent', LOG_FILE: '-', AUTO_INGEST: 'false', ...env }, input);
  const code = await main(args, captured.io);
  return { code, out: captured.out(), err: captured.err() };
}

/** An `Io` for running commands in process: `input` as standard input (not a terminal), what is printed kept. */
export function capturedIo(env: Record<string, string> = {}, input = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const stdin = new PassThrough();
  stdin.end(input);
  return { io: { stdin, stdout, stderr, env }, out: () => out, err: () => err };
}

/** The replies as a console shows them. */
export function render(replies: Reply[]): string {
  return replies.map(renderChoicesAsLines).join('\n\n');
}

let messageCounter = 0;
/** An incoming message from a test user. */
export function incoming(text: string, extra: Partial<Parameters<App['assistant']['handle']>[0]> = {}) {
  messageCounter += 1;
  return {
    channel: 'console',
    chatId: 'u1',
    userId: 'u1',
    text,
    messageId: `m${messageCounter}`,
    time: DEFAULT_NOW,
    ...extra,
  };
}

/** A filed request's draft for store and command tests (a made-up person). */
export const SAMPLE_DRAFT = {
  forWhom: 'self', fullName: 'Lò Văn Páo', birthYear: 1958, phone: '0912345678', addressText: 'xã Song Pe, Sơn La', provinceCode: '14',
  communeCode: '03856', communeName: 'Xã Bắc Yên', facts: {}, eligibility: 'eligible (7.2)', field: 'dat_dai', description: 'Lấn đất.',
  deadline: null, urgent: false, contact: 'call',
} as TicketDraft;
