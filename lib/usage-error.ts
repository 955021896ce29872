/** A mistake in how a command was called: shown as one line, never with a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}
