import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, SchemaVersionError, schemaVersion } from '../../lib/migrate.ts';
import { MIGRATIONS } from '../../lib/migrations/index.ts';
import type { Migration } from '../../lib/migrations/migration.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { openTestDatabase, tempDir } from '../helpers.ts';
import { memoryVault } from '../keys.ts';

const openDatabase = async (path: string) => (await openTestDatabase(path)).db as SqliteDatabase;

/**
 * The schema as the stores made it before migrations (their CREATE … IF NOT EXISTS statements and
 * the handoff columns added on start), with no user_version: a file from a running centre.
 */
const SCHEMA_BEFORE_MIGRATIONS = `
  CREATE TABLE conversations (channel TEXT NOT NULL, chat_id TEXT NOT NULL, user_id TEXT NOT NULL, state TEXT NOT NULL,
    updated_at TEXT NOT NULL, PRIMARY KEY (channel, chat_id));
  CREATE TABLE seen_messages (channel TEXT NOT NULL, chat_id TEXT NOT NULL, message_id TEXT NOT NULL, seen_at TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id, message_id));
  CREATE TABLE outbox (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL, body TEXT NOT NULL,
    created_at TEXT NOT NULL, sent_at TEXT);
  CREATE TABLE handoffs (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL, user_id TEXT NOT NULL,
    status TEXT NOT NULL, reason TEXT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT);
  ALTER TABLE handoffs ADD COLUMN unanswered INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE handoffs ADD COLUMN awaiting INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE handoffs ADD COLUMN last_ack_at TEXT;
  ALTER TABLE handoffs ADD COLUMN capped_at TEXT;
  CREATE TABLE ticket_counters (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
  CREATE TABLE tickets (id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, status TEXT NOT NULL, channel TEXT NOT NULL,
    chat_id TEXT NOT NULL, user_id TEXT NOT NULL, branch_id TEXT NOT NULL, assignee TEXT, draft TEXT NOT NULL,
    eligibility_checked INTEGER, urgent INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    routed_at TEXT, reminded_at TEXT, escalated_at TEXT);
  CREATE INDEX tickets_user ON tickets (channel, user_id);
  CREATE TABLE ticket_events (id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets (id), at TEXT NOT NULL,
    actor TEXT NOT NULL, action TEXT NOT NULL, from_status TEXT, to_status TEXT, note TEXT NOT NULL DEFAULT '');
  CREATE TABLE ticket_cards (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id), target TEXT NOT NULL, choices TEXT NOT NULL, sent_at TEXT NOT NULL);
  CREATE INDEX ticket_cards_chat ON ticket_cards (channel, chat_id, id);
  -- The knowledge index lives in the same file and is not migrated.
  CREATE TABLE kb_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`;

const ROWS = `
  INSERT INTO conversations VALUES ('zalo', 'c1', 'u1', '{"flow":"menu","step":"menu","data":{},"history":[]}', '2026-01-01T00:00:00Z');
  INSERT INTO seen_messages VALUES ('zalo', 'c1', 'm1', '2026-01-01T00:00:00Z');
  INSERT INTO outbox (channel, chat_id, body, created_at) VALUES ('telegram', 's1', '{"text":"chờ gửi"}', '2026-01-01T00:00:00Z');
  INSERT INTO outbox (channel, chat_id, body, created_at, sent_at) VALUES ('telegram', 's1', '{"text":"đã gửi"}', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z');
  INSERT INTO handoffs (channel, chat_id, user_id, status, reason, opened_at) VALUES ('zalo', 'c1', 'u1', 'open', 'gặp cán bộ', '2026-01-01T00:00:00Z');
  INSERT INTO ticket_counters VALUES (2026, 1);
  INSERT INTO tickets (number, status, channel, chat_id, user_id, branch_id, draft, urgent, created_at, updated_at)
    VALUES ('TG-2026-000001', 'routed', 'zalo', 'c1', 'u1', 'centre', '{}', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
  INSERT INTO ticket_events (ticket_id, at, actor, action) VALUES (1, '2026-01-01T00:00:00Z', 'x', 'create');
  INSERT INTO kb_meta VALUES ('version', 'x');`;

const TABLES = ['conversations', 'seen_messages', 'outbox', 'handoffs', 'ticket_counters', 'tickets', 'ticket_events', 'ticket_cards', 'ticket_lookups', 'access_log'];

/** Every table's columns and every index, to compare two files' schemas. */
async function schemaOf(db: SqliteDatabase) {
  const out: Record<string, unknown> = {};
  for (const table of TABLES) out[table] = await db.all(`PRAGMA table_info(${table})`);
  out.indexes = await db.all("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
  return out;
}

const rowCounts = async (db: SqliteDatabase) =>
  Object.fromEntries(await Promise.all([...TABLES.filter((t) => t !== 'ticket_lookups' && t !== 'access_log'), 'kb_meta'].map(async (t) => [t, (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))!.n])));

describe('the schema migrations', () => {
  it('make a new file at the latest version, with the outbox delivery columns and indexes', async () => {
    const db = await openDatabase(join(tempDir(), 'new.sqlite'));
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    const outbox = (await db.all<{ name: string }>('PRAGMA table_info(outbox)')).map((c) => c.name);
    expect(outbox).toEqual([
      'id', 'channel', 'chat_id', 'body', 'created_at', 'sent_at', 'attempts', 'next_attempt_at', 'parked_at', 'park_reason', 'parts_sent',
      'about_channel', 'about_chat_id', 'claimed_by', 'claim_until',
    ]);
    const indexes = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'")).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['outbox_pending', 'outbox_pending_chat', 'seen_messages_seen_at', 'tickets_user', 'ticket_cards_chat']));
    const plan = await db.all<{ detail: string }>(
      "EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL AND channel = 'telegram' ORDER BY id LIMIT 100",
    );
    expect(plan.map((p) => p.detail).join(' ')).toContain('outbox_pending');
    await db.close();
  });

  it('upgrade a file made before migrations, keeping its rows, to the same schema as a new file', async () => {
    const path = join(tempDir(), 'old.sqlite');
    const old = await SqliteDatabase.open(path);
    await old.exec(SCHEMA_BEFORE_MIGRATIONS);
    await old.exec(ROWS);
    const before = await rowCounts(old);
    await old.close();

    const db = await openDatabase(path);
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(await rowCounts(db)).toEqual(before);
    expect(await db.all('SELECT sent_at, attempts, next_attempt_at, parked_at, parts_sent FROM outbox ORDER BY id')).toEqual([
      { sent_at: null, attempts: 0, next_attempt_at: null, parked_at: null, parts_sent: 0 },
      { sent_at: '2026-01-01T00:01:00Z', attempts: 0, next_attempt_at: null, parked_at: null, parts_sent: 0 },
    ]);
    // The bodies were sealed by migration 4 (test/lib/migrations/004-personal-data.test.ts).
    expect((await db.all<{ body: string }>('SELECT body FROM outbox')).every((r) => r.body.startsWith('enc:v1:'))).toBe(true);
    expect((await db.get<{ unanswered: number }>('SELECT unanswered FROM handoffs'))!.unanswered).toBe(0);
    const fresh = await openDatabase(join(tempDir(), 'new.sqlite'));
    // Column order and types alike; only the CREATE text kept in sqlite_master may differ in spacing.
    const normalise = (s: Record<string, unknown>) => JSON.parse(JSON.stringify(s).replace(/\s+/gu, ' ').replace(/\(\s+/gu, '(')) as unknown;
    expect(normalise(await schemaOf(db))).toEqual(normalise(await schemaOf(fresh)));
    await fresh.close();
    await db.close();
  });

  it('bring an earlier handoffs table (without its later columns) to the same columns', async () => {
    const path = join(tempDir(), 'older.sqlite');
    const old = await SqliteDatabase.open(path);
    await old.exec(`CREATE TABLE handoffs (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL, user_id TEXT NOT NULL,
      status TEXT NOT NULL, reason TEXT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT)`);
    await old.close();
    const db = await openDatabase(path);
    expect((await db.all<{ name: string }>('PRAGMA table_info(handoffs)')).map((c) => c.name).slice(-4)).toEqual(['unanswered', 'awaiting', 'last_ack_at', 'capped_at']);
    await db.close();
  });

  it('do nothing the second time, in the same process or another', async () => {
    const path = join(tempDir(), 'twice.sqlite');
    const db = await openDatabase(path);
    await db.exec(ROWS.replace(/INSERT INTO kb_meta.*$/mu, ''));
    const schema = await schemaOf(db);
    const rows = await db.all('SELECT * FROM outbox');
    expect(await migrate(db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    const other = await openDatabase(path);
    expect(await schemaOf(other)).toEqual(schema);
    expect(await other.all('SELECT * FROM outbox')).toEqual(rows);
    await other.close();
    await db.close();
  });

  it('apply each migration once when two processes open a new file at the same time', async () => {
    const path = join(tempDir(), 'race.sqlite');
    const [a, b] = await Promise.all([SqliteDatabase.open(path), SqliteDatabase.open(path)]);
    const vault = memoryVault();
    await Promise.all([migrate(a, { vault }), migrate(b, { vault })]);
    expect(await schemaVersion(a)).toBe(MIGRATIONS.length);
    expect(await schemaVersion(b)).toBe(MIGRATIONS.length);
    await a.close();
    await b.close();
  });

  it('run each in its own transaction: a failing one leaves the file at the last one that worked', async () => {
    const db = await SqliteDatabase.open(join(tempDir(), 'fail.sqlite'));
    const steps: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x)') },
      { version: 2, name: 'two', up: async (d) => { await d.exec('CREATE TABLE two (x)'); throw new Error('two fails'); } },
    ];
    await expect(migrate(db, {}, steps)).rejects.toThrow('two fails');
    expect(await schemaVersion(db)).toBe(1);
    expect((await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((t) => t.name)).toEqual(['one']);
    await expect(migrate(db, {}, [steps[0]!, { version: 3, name: 'gap', up: async () => undefined }])).rejects.toThrow('expected 2');
    await db.close();
  });

  it('refuse a file from a newer version with one line naming it', async () => {
    const path = join(tempDir(), 'newer.sqlite');
    const db = await SqliteDatabase.open(path);
    await db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    await db.close();
    const opened = openDatabase(path);
    await expect(opened).rejects.toThrow(SchemaVersionError);
    const message = await opened.catch((err: Error) => err.message);
    expect(message).toContain(path);
    expect(message).not.toContain('\n');
  });
});
