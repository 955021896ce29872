/**
 * Runs the configured channels together on one assistant: each one that fails to start logs one
 * clear error and the others keep running; the outbox is sent through them; stopping lets messages
 * already acknowledged finish.
 *
 * Several workers on one PostgreSQL database: webhook mode (Telegram WEBHOOK_URL, the web chat and
 * desk) runs on every worker behind a load balancer; what must run once — the Telegram long poller
 * (getUpdates allows one consumer per bot), the Zalo listener (one login session), the reminders — runs
 * on the worker holding that role's leader lock (lib/coordination.ts), another taking over when it
 * dies. Each worker also looks every INBOX_SWEEP_SECONDS for received messages no worker is handling.
 */
import type { App } from './app.ts';
import { Leadership } from '../lib/coordination.ts';
import { HealthServer } from '../lib/health.ts';
import type { Channel } from './channel.ts';
import { TelegramChannel } from './channels/telegram.ts';
import { ZaloChannel } from './channels/zalo.ts';
import { connectZalo } from './channels/zalo-login.ts';
import { WebChannel } from '../web/server.ts';

/** The Telegram, Zalo and web channels the configuration asks for. */
export function configuredChannels(app: App, print: (line: string) => void): Channel[] {
  const { config, logger, pipeline, intake } = app;
  const channels: Channel[] = [];
  if (config.telegram) {
    channels.push(
      new TelegramChannel({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        webhook: config.telegram.webhook,
        pipeline,
        logger,
      }),
    );
  }
  if (config.zalo) {
    const zalo = config.zalo;
    channels.push(
      new ZaloChannel({
        connect: () => connectZalo({ credentialsFile: zalo.credentialsFile, qrFile: zalo.qrFile, logger, print }),
        pipeline,
        logger,
        isGroupChat: (chatId) => intake.directory.isStaffChat('zalo', chatId),
      }),
    );
  }
  // The web desk and web chat (web/server.ts): when WEB_PORT is set, or WEB_ENABLED=on.
  if (config.web.enabled === 'on' || (config.web.enabled === 'auto' && config.web.portSet)) channels.push(webChannel(app));
  return channels;
}

/** The web desk and web chat as a channel of the app. */
export function webChannel(app: App): WebChannel {
  return new WebChannel({ db: app.db, intake: app.intake, eligibility: app.eligibility, pipeline: app.pipeline, clock: app.clock, logger: app.logger, config: app.config });
}

export interface RunningChannels {
  started: Channel[];
  failed: Array<{ channel: string; error: string }>;
  /** The health endpoint, when HEALTH_PORT is set. */
  health: HealthServer | undefined;
  /** Roles this worker may lead (the Telegram poller, the Zalo listener: with several workers only). */
  leaderships: Leadership[];
  stop(): Promise<void>;
}

/** The leader role a channel needs when several workers share the database, if any. */
function leaderRole(app: App, channel: Channel): string | undefined {
  if (!app.coordination.shared) return undefined;
  if (channel.name === 'telegram' && !app.config.telegram?.webhook) return 'telegram-poller';
  if (channel.name === 'zalo') return 'zalo-listener';
  return undefined;
}

/** Starts each channel; a failure is reported and the rest go on. */
export async function startChannels(app: App, channels: Channel[], report: (line: string) => void): Promise<RunningChannels> {
  const started: Channel[] = [];
  const failed: RunningChannels['failed'] = [];
  const leaderships: Leadership[] = [];
  await Promise.all(
    channels.map(async (channel) => {
      const role = leaderRole(app, channel);
      if (role) {
        // Telegram sends from any worker (the Bot API needs no session); Zalo only from its listener's.
        if (channel.name !== 'zalo') app.pipeline.register(channel);
        const leadership = new Leadership(app.coordination, role, {
          checkMs: app.config.database.leaderCheckMs,
          logger: app.logger,
          lead: async () => {
            if (channel.name === 'zalo') app.pipeline.register(channel);
            await channel.start();
            void app.sender.wake();
          },
          follow: () => channel.stop(),
        });
        leaderships.push(leadership);
        await leadership.start();
        started.push(channel);
        return;
      }
      app.pipeline.register(channel);
      try {
        await channel.start();
        started.push(channel);
      } catch (err) {
        const error = (err as Error).message.split('\n')[0]!;
        failed.push({ channel: channel.name, error });
        app.logger.error({ channel: channel.name, err: error }, 'channel failed to start');
        report(`Kênh ${channel.name} không khởi động được: ${error}`);
      }
    }),
  );
  // What was received but not handled before a restart is handled now; what waits is sent.
  await app.pipeline.start();
  // Reminders for routed tickets not accepted in time (on the one worker leading the jobs), and
  // sending what waits in the outbox. (The daily retention job runs with the app itself:
  // bot/privacy/retention.ts.)
  const ticker = setInterval(() => {
    if (!app.jobs.isLeader) return;
    void app.intake.desk
      .tick()
      .then(() => app.sender.wake())
      .catch((err: Error) => app.logger.error({ err: err.message }, 'reminder tick failed'));
  }, 60_000);
  const drainer = setInterval(() => void app.sender.wake(), 5_000);
  ticker.unref();
  drainer.unref();
  // With other workers: messages received by a worker that died are handled here.
  const sweeper = app.coordination.shared
    ? setInterval(() => void app.pipeline.start().catch((err: Error) => app.logger.error({ err: err.message }, 'inbox sweep failed')), app.config.database.inboxSweepMs)
    : undefined;
  sweeper?.unref();
  const health = app.config.health
    ? new HealthServer({
        ...app.config.health,
        probe: async () => {
          await app.db.get('SELECT 1 AS ok');
        },
        report: () => ({
          worker: app.config.database.worker,
          database: app.db.dialect,
          leading: [app.jobs, ...leaderships].filter((l) => l.isLeader).map((l) => l.role),
        }),
      })
    : undefined;
  if (health) {
    try {
      await health.listen();
    } catch (err) {
      report(`Không mở được cổng kiểm tra sức khỏe ${app.config.health!.host}:${app.config.health!.port}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return {
    started,
    failed,
    health,
    leaderships,
    async stop() {
      health?.markStopping();
      clearInterval(ticker);
      clearInterval(drainer);
      clearInterval(sweeper);
      await Promise.all(leaderships.map((l) => l.stop().catch(() => undefined)));
      await Promise.all(started.filter((c) => !leaderRole(app, c)).map((c) => c.stop().catch(() => undefined)));
      // Messages already received are handled and their replies sent before the channels go.
      await app.pipeline.idle();
      await app.sender.stop();
      await health?.close();
    },
  };
}
