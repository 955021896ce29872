/**
 * At most N messages a minute per person (a sliding window). Past it, the person gets one polite
 * note and further messages are dropped until the window frees up.
 */
export class RateLimiter {
  private readonly seen = new Map<string, number[]>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** "ok" to handle; "warn" for the first message over the limit (reply politely); "drop" after that. */
  check(key: string): 'ok' | 'warn' | 'drop' {
    const t = this.now();
    const recent = (this.seen.get(key) ?? []).filter((x) => t - x < 60_000);
    if (recent.length >= this.perMinute) {
      this.seen.set(key, recent);
      if (this.warned.has(key)) return 'drop';
      this.warned.add(key);
      return 'warn';
    }
    recent.push(t);
    this.seen.set(key, recent);
    this.warned.delete(key);
    return 'ok';
  }
}
