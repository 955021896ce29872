/**
 * Staff accounts of the web desk. The accounts are the staff of the branch directory (DIRECTORY_FILE):
 * an account is named by the member's id there ("staff-bac-yen"; "channel:id" when two members share
 * an id), and has the same role and branch as in the chat desk. This store keeps only what the
 * directory does not: the argon2id hash of each password (set by `tgpl staff password NAME`), the
 * hashes of one-time sign-in links the bot sends to a member's own chat, and the desk's sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { migrate } from '../lib/migrate.ts';
import type { Session } from 'fastify';
import type { SqlDatabase } from '../lib/sql-database.ts';
import type { BranchDirectory, StaffMember } from '../intake/routing/directory.ts';

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 10;

/** A dummy hash verified when the account does not exist, so a wrong name takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The account name of a directory member. */
export function accountName(directory: BranchDirectory, member: StaffMember): string {
  const shared = directory.data.staff.filter((s) => s.userId === member.userId).length > 1;
  return shared ? `${member.channel}:${member.userId}` : member.userId;
}

/** The directory member an account name means ("staff-bac-yen" or "console:staff-bac-yen"), if any. */
export function memberOf(directory: BranchDirectory, account: string): StaffMember | undefined {
  const name = account.trim();
  const exact = directory.data.staff.find((s) => `${s.channel}:${s.userId}` === name);
  if (exact) return exact;
  const byId = directory.data.staff.filter((s) => s.userId === name);
  return byId.length === 1 ? byId[0] : undefined;
}

export class StaffAccounts {
  constructor(
    private readonly db: SqlDatabase,
    readonly directory: BranchDirectory,
  ) {}

  /** Brings the database to the current schema (the tables are made by lib/migrations/). */
  async init(): Promise<void> {
    await migrate(this.db);
  }

  /** Sets (or replaces) an account's password; the account must be in the directory. */
  async setPassword(account: string, password: string, now: Date): Promise<StaffMember> {
    const member = memberOf(this.directory, account);
    if (!member) throw new Error(`unknown account ${account}`);
    const name = accountName(this.directory, member);
    const hashed = await hash(password);
    await this.db.run(
      'INSERT INTO staff_passwords (account, hash, updated_at) VALUES (?, ?, ?) ON CONFLICT (account) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at',
      [name, hashed, now.toISOString()],
    );
    return member;
  }

  async hasPassword(account: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS x FROM staff_passwords WHERE account = ?', [account])) !== undefined;
  }

  /** The member whose name and password these are, or undefined (same time either way). */
  async verifyPassword(account: string, password: string): Promise<StaffMember | undefined> {
    const member = memberOf(this.directory, account);
    const row = member
      ? await this.db.get<{ hash: string }>('SELECT hash FROM staff_passwords WHERE account = ?', [accountName(this.directory, member)])
      : undefined;
    dummyHash ??= hash(randomBytes(16).toString('hex'));
    const ok = await verify(row?.hash ?? (await dummyHash), password).catch(() => false);
    return row && ok ? member : undefined;
  }

  /** Makes a one-time sign-in token for an account (only its hash is kept). */
  async createLoginToken(account: string, now: Date, validMinutes: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.run('INSERT INTO staff_login_links (token_hash, account, created_at, expires_at) VALUES (?, ?, ?, ?)', [
      sha256(token),
      account,
      now.toISOString(),
      new Date(now.getTime() + validMinutes * 60_000).toISOString(),
    ]);
    return token;
  }

  /** Whether a sign-in token is still usable (not used, not expired); does not use it. */
  async tokenValid(token: string, now: Date): Promise<boolean> {
    const row = await this.db.get('SELECT 1 AS x FROM staff_login_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?', [sha256(token), now.toISOString()]);
    return row !== undefined;
  }

  /** Uses a sign-in token once: the member it was for, or undefined when unknown, used or expired. */
  async useLoginToken(token: string, now: Date): Promise<StaffMember | undefined> {
    return this.db.transaction(async () => {
      const row = await this.db.get<{ account: string }>(
        'SELECT account FROM staff_login_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
        [sha256(token), now.toISOString()],
      );
      if (!row) return undefined;
      // Only if still unused: on PostgreSQL two workers may read it unused at the same time.
      const { changes } = await this.db.run('UPDATE staff_login_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', [now.toISOString(), sha256(token)]);
      if (changes !== 1) return undefined;
      await this.db.run('DELETE FROM staff_login_links WHERE expires_at < ?', [now.toISOString()]);
      return memberOf(this.directory, row.account);
    });
  }
}

/** One stored session of the web desk, as @fastify/session hands it over (JSON-serialisable). */
type StoredSession = Session;
type Callback = (err?: unknown) => void;

/**
 * The session store of @fastify/session, in SQLite, so a restart does not sign everyone out. Sessions
 * hold the account name and the CSRF secret, nothing about citizens.
 */
export class SqliteSessionStore {
  /** When expired sessions were last deleted (at most once an hour, on a write). */
  private sweptAt = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly defaultMaxAgeMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  set(sessionId: string, session: StoredSession, callback: Callback): void {
    const cookie = (session as { cookie?: { expires?: string | Date | null } }).cookie;
    const expires = cookie?.expires ? new Date(cookie.expires) : new Date(this.now().getTime() + this.defaultMaxAgeMs);
    this.db
      .run(
        'INSERT INTO web_sessions (id, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
        [sha256(sessionId), JSON.stringify(session), expires.toISOString()],
      )
      .then(() => this.sweep())
      .then(() => callback(), callback);
  }

  private async sweep(): Promise<void> {
    const now = this.now();
    if (now.getTime() - this.sweptAt < 3_600_000) return;
    this.sweptAt = now.getTime();
    await this.db.run('DELETE FROM web_sessions WHERE expires_at < ?', [now.toISOString()]);
  }

  get(sessionId: string, callback: (err: unknown, session?: StoredSession | null) => void): void {
    this.db
      .get<{ data: string; expires_at: string }>('SELECT data, expires_at FROM web_sessions WHERE id = ?', [sha256(sessionId)])
      .then((row) => callback(null, row && row.expires_at > this.now().toISOString() ? (JSON.parse(row.data) as StoredSession) : null), (err) => callback(err));
  }

  destroy(sessionId: string, callback: Callback): void {
    this.db.run('DELETE FROM web_sessions WHERE id = ? OR expires_at < ?', [sha256(sessionId), this.now().toISOString()]).then(() => callback(), callback);
  }
}
