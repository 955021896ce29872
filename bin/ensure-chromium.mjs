#!/usr/bin/env node
// Before `npm test`: the browser tests (test/web/*.browser.test.ts) drive Debian's Chromium at
// /usr/bin/chromium. When it is missing and this runs as root with apt-get (a fresh CI machine), it is
// installed; otherwise one line says so (the browser tests then skip, or fail under CI=true).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.error('Chromium is missing: installing it with apt-get (the browser tests need it)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
    } catch {
      execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
    }
  } else {
    console.error(`${CHROMIUM} is missing and cannot be installed here (needs root and apt-get): install Debian's chromium; the browser tests will ${process.env.CI === 'true' ? 'fail (CI=true)' : 'be skipped'}.`);
  }
}
