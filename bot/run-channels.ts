/**
 * Runs the configured channels together on one assistant: each one that fails to start logs one
 * clear error and the others keep running; the outbox is sent through them; stopping lets messages
 * already acknowledged finish.
 */
import type { App } from './app.ts';
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
  stop(): Promise<void>;
}

/** Starts each channel; a failure is reported and the rest go on. */
export async function startChannels(app: App, channels: Channel[], report: (line: string) => void): Promise<RunningChannels> {
  const started: Channel[] = [];
  const failed: RunningChannels['failed'] = [];
  await Promise.all(
    channels.map(async (channel) => {
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
  // Reminders for routed tickets not accepted in time, and sending what waits in the outbox. (The
  // daily retention job runs with the app itself: bot/privacy/retention.ts.)
  const ticker = setInterval(() => {
    void app.intake.desk
      .tick()
      .then(() => app.sender.wake())
      .catch((err: Error) => app.logger.error({ err: err.message }, 'reminder tick failed'));
  }, 60_000);
  const drainer = setInterval(() => void app.sender.wake(), 5_000);
  ticker.unref();
  drainer.unref();
  return {
    started,
    failed,
    async stop() {
      clearInterval(ticker);
      clearInterval(drainer);
      await Promise.all(started.map((c) => c.stop().catch(() => undefined)));
      // Messages already received are handled and their replies sent before the channels go.
      await app.pipeline.idle();
      await app.sender.stop();
    },
  };
}
