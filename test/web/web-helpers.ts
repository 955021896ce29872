/**
 * Web tests' setup: the web channel on a free port of 127.0.0.1 over a test app, staff passwords,
 * and Debian's Chromium driven by playwright-core (never a browser download). Without
 * /usr/bin/chromium the browser tests are skipped on a developer's machine and fail under CI=true.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import type { App } from '../../bot/app.ts';
import { WebChannel } from '../../web/server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const PASSWORD = 'mat-khau-thu-nghiem-1';

/** Run the browser tests: Chromium is here, or this is CI (where its absence must fail, not skip). */
export const browserTestsRun = existsSync(CHROMIUM) || process.env.CI === 'true';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

/** The web channel of `app` on a free port, registered with its pipeline; stopped after the test. */
export async function startWeb(app: App): Promise<WebChannel> {
  const web = new WebChannel({
    db: app.db,
    intake: app.intake,
    eligibility: app.eligibility,
    pipeline: app.pipeline,
    clock: app.clock,
    logger: app.logger,
    config: { ...app.config, web: { ...app.config.web, port: 0, host: '127.0.0.1' } },
  });
  app.pipeline.register(web);
  await web.start();
  stops.push(() => web.stop());
  return web;
}

/** Gives directory staff members their web desk password. */
export async function givePasswords(web: WebChannel, ...accounts: string[]): Promise<void> {
  for (const account of accounts) await web.accounts.setPassword(account, PASSWORD, new Date());
}

/**
 * Chromium with a fresh profile folder (one per test file: call in beforeAll, close in afterAll).
 * Screenshots go to TGPL_SCREENSHOTS when it is set.
 */
export async function launchChromium(viewport = { width: 1366, height: 768 }): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'tgpl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  // The profile folder goes once Chromium has exited (it may still write to it while closing).
  const remove = () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch {
      // A temporary folder left behind is harmless.
    }
  };
  context.on('close', () => setTimeout(remove, 500).unref());
  return context;
}

/** Where to save a screenshot named `name`, when TGPL_SCREENSHOTS is set. */
export function screenshotPath(name: string): string | undefined {
  const dir = process.env.TGPL_SCREENSHOTS;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
