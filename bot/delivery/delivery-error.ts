/**
 * Why a message could not be sent, as the sender needs to know it: try again later (the platform is
 * down, busy or rate limiting: HTTP 5xx, 429, a dropped connection) or never (HTTP 4xx other than
 * 429: the chat is gone, the bot was blocked, the text is refused). Each channel turns its
 * platform's errors into one of these; anything unknown is tried again, up to the sender's limit.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    /** How long the platform asked us to wait (429 retry_after), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** An HTTP-style failure (status and an optional retry-after in seconds) as a DeliveryError. */
function deliveryErrorFromStatus(status: number, description: string, retryAfterSeconds?: number): DeliveryError {
  if (status === 429) return new DeliveryError(`${status} ${description}`, true, (retryAfterSeconds ?? 1) * 1000);
  if (status >= 400 && status < 500) return new DeliveryError(`${status} ${description}`, false);
  return new DeliveryError(`${status} ${description}`, true);
}

/** Any thrown value as a DeliveryError: errors without a status (network, timeouts) are retried. */
export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { message?: string; code?: unknown; response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } } };
  const status = e?.response?.error_code;
  if (typeof status === 'number') return deliveryErrorFromStatus(status, e.response?.description ?? '', e.response?.parameters?.retry_after);
  return new DeliveryError(redact(String(e?.message ?? err).split('\n')[0]!).slice(0, 200), true);
}

/** A Bot API token inside an error text (a URL "…/bot123:ABC/sendMessage") is never logged. */
function redact(text: string): string {
  return text.replace(/bot\d+:[\w-]+/gu, 'bot<token>');
}
