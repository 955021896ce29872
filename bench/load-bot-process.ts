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
import type { App } from '../bot/app.ts';
import type { RunningChannels } from '../bot/run-channels.ts';
import { BotMeter, startBot } from './bench-bot.ts';

type Request =
  | { type: 'start'; env: Record<string, string> }
  | { type: 'measure' }
  | { type: 'measured' }
  | { type: 'profile' }
  | { type: 'profile-stop'; file: string }
  | { type: 'stop' };

let app: App | undefined;
let running: RunningChannels | undefined;
const meter = new BotMeter();

const send = (message: object) => process.send!(message);

async function handle(request: Request): Promise<void> {
  switch (request.type) {
    case 'start': {
      const started = await startBot(request.env);
      ({ app, running } = started);
      send({ type: 'ready', startupMs: started.startupMs, rssAfterStart: process.memoryUsage.rss() });
      return;
    }
    case 'measure':
      meter.measure();
      send({ type: 'measuring' });
      return;
    case 'measured':
      send({ type: 'measurement', ...meter.measured() });
      return;
    case 'profile':
      await meter.profile();
      send({ type: 'profiling' });
      return;
    case 'profile-stop':
      await meter.profileStop(request.file);
      send({ type: 'profiled' });
      return;
    case 'stop':
      await running?.stop();
      await app?.close();
      meter.stop();
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
