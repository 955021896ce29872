/**
 * The bot as bench/delivery-load.ts runs it by default: in a process of its own, as in production,
 * so that the fake Telegram Bot API and the simulated users (the load generator) do not share its
 * JavaScript thread. Started with IPC by the bench; it is told its settings, starts the app and its
 * channels, and answers the bench's requests:
 *
 *   → { type: 'start', env }                 ← { type: 'ready', startupMs, rssAfterStart }
 *   → { type: 'measure' }                    ← { type: 'measuring' }   (baseline for ELU and CPU)
 *   → { type: 'measured' }                   ← { type: 'measurement', elu, cpuCores, peakRss }
 *   → { type: 'profile' }                    ← { type: 'profiling' }   (starts a CPU profile)
 *   → { type: 'profile-stop', file }         ← { type: 'profiled' }    (writes it to the file)
 *   → { type: 'stop' }                       ← { type: 'stopped' } and the process exits
 *
 * Not a product entry point: `tgpl start` is.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { createApp, type App } from '../bot/app.ts';
import { configuredChannels, startChannels, type RunningChannels } from '../bot/run-channels.ts';
import { loadConfig } from '../lib/config.ts';

type Request =
  | { type: 'start'; env: Record<string, string> }
  | { type: 'measure' }
  | { type: 'measured' }
  | { type: 'profile' }
  | { type: 'profile-stop'; file: string }
  | { type: 'stop' };

let app: App | undefined;
let running: RunningChannels | undefined;
let peakRss = process.memoryUsage.rss();
let elu0: EventLoopUtilization | undefined;
let cpu0: NodeJS.CpuUsage | undefined;
let wall0 = 0;
let profiler: Session | undefined;

const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 25);
sampler.unref();

const send = (message: object) => process.send!(message);

async function handle(request: Request): Promise<void> {
  switch (request.type) {
    case 'start': {
      const startedAt = Date.now();
      app = await createApp(loadConfig(request.env));
      running = await startChannels(app, configuredChannels(app, (l) => process.stderr.write(`${l}\n`)), (l) => process.stderr.write(`${l}\n`));
      if (running.started.length === 0) throw new Error('the Telegram channel did not start');
      send({ type: 'ready', startupMs: Date.now() - startedAt, rssAfterStart: process.memoryUsage.rss() });
      return;
    }
    case 'measure':
      peakRss = process.memoryUsage.rss();
      elu0 = performance.eventLoopUtilization();
      cpu0 = process.cpuUsage();
      wall0 = Date.now();
      send({ type: 'measuring' });
      return;
    case 'profile':
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      send({ type: 'profiling' });
      return;
    case 'profile-stop': {
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        writeFileSync(request.file, JSON.stringify(profile));
        profiler.disconnect();
        profiler = undefined;
      }
      send({ type: 'profiled' });
      return;
    }
    case 'measured': {
      const elu = performance.eventLoopUtilization(elu0).utilization;
      const cpu = process.cpuUsage(cpu0);
      const cpuCores = (cpu.user + cpu.system) / 1000 / Math.max(1, Date.now() - wall0);
      send({ type: 'measurement', elu, cpuCores, peakRss });
      return;
    }
    case 'stop':
      await running?.stop();
      await app?.close();
      send({ type: 'stopped' });
      process.disconnect();
      return;
  }
}

process.on('message', (request: Request) => {
  handle(request).catch((err: Error) => {
    process.stderr.write(`bench bot: ${err.message}\n`);
    process.exit(1);
  });
});
process.on('disconnect', () => process.exit(0));
