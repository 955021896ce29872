/**
 * The bot as the load bench (bench/delivery-load.ts) runs it, wherever it runs (its own process,
 * bench/load-bot-process.ts, or --in-process): started from the bench's settings, and measured —
 * event-loop use, CPU in cores and peak resident memory from `measure()` to `measured()`, and a CPU
 * profile on demand.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { createApp, type App } from '../bot/app.ts';
import { configuredChannels, startChannels, type RunningChannels } from '../bot/run-channels.ts';
import { loadConfig } from '../lib/config.ts';

/** Starts the app and its channels from `env`; fails when the Telegram channel did not start. */
export async function startBot(env: Record<string, string>): Promise<{ app: App; running: RunningChannels; startupMs: number }> {
  const startedAt = Date.now();
  const app = await createApp(loadConfig(env));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const running = await startChannels(app, configuredChannels(app, log), log);
  if (running.started.length === 0) throw new Error('the Telegram channel did not start');
  return { app, running, startupMs: Date.now() - startedAt };
}

export interface Measurement {
  /** Share of the time the event loop was busy (1 = the one JS thread saturated). */
  elu: number;
  /** Process CPU time (all threads: JS, the libuv pool running SQLite) over wall time, in cores. */
  cpuCores: number;
  /** Peak resident memory, in bytes, sampled every 25 ms. */
  peakRss: number;
}

export class BotMeter {
  private peakRss = process.memoryUsage.rss();
  private readonly sampler = setInterval(() => {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
  }, 25);
  private elu0: EventLoopUtilization = performance.eventLoopUtilization();
  private cpu0: NodeJS.CpuUsage = process.cpuUsage();
  private wall0 = Date.now();
  private profiler: Session | undefined;

  constructor() {
    this.sampler.unref();
  }

  measure(): void {
    this.peakRss = process.memoryUsage.rss();
    this.elu0 = performance.eventLoopUtilization();
    this.cpu0 = process.cpuUsage();
    this.wall0 = Date.now();
  }

  measured(): Measurement {
    const cpu = process.cpuUsage(this.cpu0);
    return {
      elu: performance.eventLoopUtilization(this.elu0).utilization,
      cpuCores: (cpu.user + cpu.system) / 1000 / Math.max(1, Date.now() - this.wall0),
      peakRss: this.peakRss,
    };
  }

  async profile(): Promise<void> {
    this.profiler = new Session();
    this.profiler.connect();
    await this.profiler.post('Profiler.enable');
    await this.profiler.post('Profiler.start');
  }

  async profileStop(file: string): Promise<void> {
    if (!this.profiler) return;
    const { profile } = await this.profiler.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    this.profiler.disconnect();
    this.profiler = undefined;
  }

  stop(): void {
    clearInterval(this.sampler);
  }
}
