/**
 * The console channel: a chat in the terminal for local use and scripted conversations.
 * In a terminal it greets and prompts; when standard input is not a terminal it reads one
 * message a line and prints the replies, so a conversation can be piped in.
 * Choices are shown as numbered lines. One person at one terminal: the turn's replies are printed
 * as soon as they are worked out (not through the inbox); messages for this conversation from the
 * outbox (staff replies) are printed by the outbox sender.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensurePrivateDir } from '../../lib/private-files.ts';
import { writeNewPrivateFile } from '../../intake/paperwork/files.ts';
import { loadMessages } from '../../lib/messages.ts';
import type { Assistant } from '../assistant.ts';
import type { Channel } from '../channel.ts';
import { renderChoicesAsLines, type Reply } from '../message.ts';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The person's id (and chat id) in this channel. */
  userId: string;
  /** Greet and show a prompt (a person at a terminal) or not (a script). */
  interactive: boolean;
  /** Run after each turn, before the prompt (sends what waits in the outbox). */
  afterTurn?: () => Promise<unknown>;
  /** Called after each line's replies are printed (scripted drivers wait on it). */
  onTurn?: () => void;
  /** Where a file sent to this conversation (a filled form) is saved (owner-only); default data/files. */
  filesDir?: string;
}

const say = loadMessages(new URL('./channels.vi.yaml', import.meta.url), ['file_saved']);

export class ConsoleChannel implements Channel {
  readonly name = 'console';
  readonly textLimit = 100_000;
  private counter = 0;
  private closing = false;
  private done: Promise<void> = Promise.resolve();
  private rl: ReturnType<typeof createInterface> | undefined;

  constructor(
    private readonly assistant: Assistant,
    private readonly options: ConsoleOptions,
  ) {}

  /** Resolves when the input has ended and every reply has been printed. */
  get finished(): Promise<void> {
    return this.done;
  }

  async start(): Promise<void> {
    const { input, output, interactive, userId } = this.options;
    const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
    this.rl = rl;
    if (interactive) {
      this.print(await this.assistant.greet(this.name, userId));
      await this.options.afterTurn?.();
      rl.setPrompt('Bạn: ');
      rl.prompt();
    }
    let chain = Promise.resolve();
    this.done = new Promise<void>((resolve) => {
      rl.on('line', (line) => {
        chain = chain.then(() => this.onLine(line));
      });
      rl.on('close', () => {
        this.closing = true;
        void chain.then(resolve);
      });
    });
  }

  async stop(): Promise<void> {
    this.rl?.close();
    await this.done;
  }

  /** The console reaches only its own conversation; messages for others wait for their reader. */
  reaches(chatId: string): boolean {
    return chatId === this.options.userId;
  }

  /** Prints a message from the outbox (a staff reply) meant for this console's conversation. */
  async sendPart(_chatId: string, part: Reply): Promise<void> {
    this.print([part]);
  }

  private async onLine(line: string): Promise<void> {
    if (line.trim() === '') {
      if (this.options.interactive && !this.closing) this.rl?.prompt();
      this.options.onTurn?.();
      return;
    }
    this.counter += 1;
    const replies = await this.assistant.handle({
      channel: this.name,
      chatId: this.options.userId,
      userId: this.options.userId,
      text: line,
      messageId: `${Date.now()}-${process.pid}-${this.counter}`,
      time: new Date(),
    });
    this.print(replies);
    await this.options.afterTurn?.();
    if (this.options.interactive && !this.closing) this.rl?.prompt();
    this.options.onTurn?.();
  }

  private print(replies: Reply[]): void {
    for (const reply of replies) {
      this.options.output.write(`${renderChoicesAsLines(reply)}\n\n`);
      if (reply.document) this.options.output.write(`${say.say('file_saved', { path: this.save(reply.document) })}\n\n`);
    }
  }

  /** Saves a file sent to this conversation under the files folder; resolves to its path. */
  private save(document: NonNullable<Reply['document']>): string {
    const dir = this.options.filesDir ?? join('data', 'files');
    ensurePrivateDir(dir);
    const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
    const path = join(dir, `${stamp}-${document.filename}`);
    writeNewPrivateFile(path, Buffer.from(document.data, 'base64'));
    return path;
  }
}
