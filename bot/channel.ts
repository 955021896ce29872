/**
 * A channel connects one platform (console, Telegram, Zalo) to the dialogue core. To add one: turn
 * each platform update into an {@link IncomingMessage} and hand it to the channel pipeline
 * (bot/delivery/channel-pipeline.ts), and send one part of a reply when the outbox sender asks
 * (`sendPart`, rendering choices as buttons or numbered lines); throw on failure with the platform's
 * status so the sender knows whether to retry (bot/delivery/delivery-error.ts).
 */
import type { SendingChannel } from './delivery/outbox-sender.ts';

export interface Channel extends SendingChannel {
  /** Connects and starts receiving; resolves once running. */
  start(): Promise<void>;
  /** Stops receiving; what was received is still handled and sent by the pipeline. */
  stop(): Promise<void>;
}
