import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../bot/cli.ts';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { tempDir } from '../helpers.ts';

const run = promisify(execFile);
const BIN = join(PROJECT_ROOT, 'bin', 'tgpl.mjs');

/** Runs the real `tgpl` command with `input` piped in; never throws on a non-zero exit. */
export async function tgpl(args: string[], input = '', env: Record<string, string> = {}) {
  const dataDir = env.DATA_DIR ?? tempDir();
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', AUTO_INGEST: 'false', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

function io(env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let errText = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (errText += c.toString()));
  const stdin = new PassThrough();
  stdin.end();
  return { io: { stdin, stdout, stderr, env }, out: () => out, err: () => errText };
}

describe('tgpl command', () => {
  it('scripts a conversation through standard input', async () => {
    const result = await tgpl(['chat'], 'kiem tra\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Kiểm tra|diện/u);
    expect(result.stderr).toBe('');
  });

  it('resumes a conversation from the SQLite file in a new process', async () => {
    const dir = tempDir();
    await tgpl(['chat', '--user', 'an'], 'tro giup\n', { DATA_DIR: dir });
    const { stdout } = await run(process.execPath, [BIN, 'chat', '--help']);
    expect(stdout).toContain('--user');
    const again = await tgpl(['chat', '--user', 'an'], '6\n', { DATA_DIR: dir });
    expect(again.stdout).toContain('miễn phí');
  });

  it.each([
    [['chat', '--bogus'], "tgpl chat: Unknown option '--bogus'. Xem: tgpl chat --help"],
    [['nonsense'], 'tgpl: không có lệnh "nonsense". Xem: tgpl --help'],
    [['chat', '--user', 'a b'], 'tgpl chat: --user "a b" không hợp lệ'],
  ])('a wrong argument %o prints one line and exits non-zero', async (args, line) => {
    const t = io();
    const code = await main(args, t.io);
    expect(code).not.toBe(0);
    expect(t.err()).toContain(line);
    expect(t.err().trim().split('\n')).toHaveLength(1);
  });

  it('a wrong setting prints one line naming it, with no stack trace', async () => {
    const result = await tgpl(['chat'], '', { LOG_LEVEL: 'loud' });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      'Lỗi cấu hình: LOG_LEVEL = "loud" không hợp lệ (cho phép: fatal, error, warn, info, debug, trace, silent)',
    );
  });

  it('has --help on every subcommand', async () => {
    const { commands } = await import('../../bot/cli.ts');
    for (const command of commands) {
      const t = io();
      expect(await main([command.name, '--help'], t.io)).toBe(0);
      expect(t.out()).toContain(`tgpl ${command.name}`);
    }
    const t = io();
    expect(await main(['--help'], t.io)).toBe(0);
    expect(t.out()).toContain('chat');
  });
});
