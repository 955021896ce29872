/**
 * Who may use the one SQLite connection now: any number of single statements together, or one
 * transaction alone. A transaction waits for the statements already running to finish; statements
 * issued while a transaction runs (or waits) wait until it ends. When a transaction ends, the
 * statements that waited go first, then the next transaction, so neither side starves.
 */
export class StatementGate {
  /** Single statements running now. */
  private running = 0;
  private exclusive = false;
  private readonly waitingStatements: Array<() => void> = [];
  private readonly waitingTransactions: Array<() => void> = [];

  /** Lets a single statement in: undefined when it may run at once, else a promise resolved when it may. */
  enterStatement(): Promise<void> | undefined {
    if (!this.exclusive && this.waitingTransactions.length === 0) {
      this.running += 1;
      return undefined;
    }
    return new Promise((resolve) => this.waitingStatements.push(resolve));
  }

  leaveStatement(): void {
    this.running -= 1;
    this.admit();
  }

  /** Resolves when the caller has the connection to itself. */
  enterTransaction(): Promise<void> {
    if (!this.exclusive && this.running === 0 && this.waitingTransactions.length === 0) {
      this.exclusive = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waitingTransactions.push(resolve));
  }

  leaveTransaction(): void {
    this.exclusive = false;
    // Statements that waited for this transaction go before the next one.
    if (this.waitingStatements.length > 0) this.admitStatements();
    else this.admit();
  }

  /** Whether nothing runs or waits. */
  get idle(): boolean {
    return !this.exclusive && this.running === 0 && this.waitingStatements.length === 0 && this.waitingTransactions.length === 0;
  }

  private admit(): void {
    if (this.exclusive) return;
    if (this.running === 0 && this.waitingTransactions.length > 0) {
      this.exclusive = true;
      this.waitingTransactions.shift()!();
    } else if (this.waitingTransactions.length === 0 && this.waitingStatements.length > 0) {
      this.admitStatements();
    }
  }

  private admitStatements(): void {
    const admitted = this.waitingStatements.splice(0);
    this.running += admitted.length;
    for (const resolve of admitted) resolve();
  }
}
