/**
 * Migration 4: personal data sealed at rest (lib/vault.ts). The rows an earlier version wrote in
 * plain text — conversation states (drafts), tickets' drafts and notes, outbox and inbox bodies —
 * are sealed with the active data key; tickets get keyed-HMAC phone lookups (ticket_lookups), the
 * date they were closed and the date they were anonymised; outbox messages say which citizen's
 * chat they are about (so erasing a person finds the relays and cards about them); staff reads of
 * personal data are recorded in access_log. The file is compacted after (no plain text left in free
 * pages or in the write-ahead log).
 */
import type { SqlDatabase } from '../sql-database.ts';
import type { Vault } from '../vault.ts';
import type { Migration } from './migration.ts';

/** Statuses after which a ticket is closed (as of this migration). */
const FINAL = ['done', 'rejected', 'not_eligible', 'withdrawn'];

/** Columns sealed by this migration, with the context each is bound to (as of this migration). */
const COLUMNS: Array<[table: string, column: string, context: string]> = [
  ['conversations', 'state', 'conversations.state'],
  ['tickets', 'draft', 'tickets.draft'],
  ['ticket_events', 'note', 'ticket_events.note'],
  ['outbox', 'body', 'outbox.body'],
  ['inbox', 'body', 'inbox.body'],
];

/** A phone number as typed or stored → its national digits ("+84 912.345.678" → "0912345678"). */
function phoneKey(phone: string): string {
  const digits = phone.replace(/[\s.\-()+]/gu, '');
  return digits.startsWith('84') && digits.length >= 11 ? `0${digits.slice(2)}` : digits;
}

async function sealColumn(db: SqlDatabase, vault: Vault | undefined, table: string, column: string, context: string): Promise<void> {
  for (let after = 0; ; ) {
    const rows = await db.all<{ id: number; value: string }>(
      `SELECT rowid AS id, ${column} AS value FROM ${table} WHERE rowid > ? AND ${column} != '' AND ${column} NOT LIKE 'enc:v1:%' ORDER BY rowid LIMIT 500`,
      [after],
    );
    if (rows.length === 0) return;
    if (!vault) throw new Error(`migration 4 needs the data keys to seal ${table}.${column}`);
    for (const row of rows) await db.run(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`, [vault.seal(row.value, context), row.id]);
    after = rows.at(-1)!.id;
  }
}

export const personalData: Migration = {
  version: 4,
  name: 'personal data sealed (AES-256-GCM), phone lookups by keyed HMAC, closing and anonymising dates, message subjects, access log',
  rewritesPersonalData: true,
  async up(db, { vault }) {
    await db.exec(`
      ALTER TABLE tickets ADD COLUMN closed_at TEXT;
      ALTER TABLE tickets ADD COLUMN anonymised_at TEXT;
      CREATE INDEX tickets_closed ON tickets (closed_at) WHERE closed_at IS NOT NULL AND anonymised_at IS NULL;
      CREATE TABLE ticket_lookups (
        ticket_id INTEGER NOT NULL REFERENCES tickets (id),
        kind TEXT NOT NULL,
        value TEXT NOT NULL
      );
      CREATE INDEX ticket_lookups_value ON ticket_lookups (value);
      CREATE INDEX ticket_lookups_ticket ON ticket_lookups (ticket_id);
      ALTER TABLE outbox ADD COLUMN about_channel TEXT;
      ALTER TABLE outbox ADD COLUMN about_chat_id TEXT;
      CREATE INDEX outbox_about ON outbox (about_channel, about_chat_id) WHERE about_chat_id IS NOT NULL;
      CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
      CREATE INDEX outbox_chat ON outbox (channel, chat_id);
      CREATE INDEX conversations_updated ON conversations (updated_at);
      CREATE TABLE access_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        ticket_number TEXT,
        action TEXT NOT NULL,
        via TEXT NOT NULL
      );
      CREATE INDEX access_log_ticket ON access_log (ticket_number, id);
      CREATE INDEX access_log_at ON access_log (at);`);
    // A closed ticket's closing date: its last status change (its last change when none is logged).
    await db.run(
      `UPDATE tickets SET closed_at = COALESCE(
         (SELECT MAX(at) FROM ticket_events e WHERE e.ticket_id = tickets.id AND e.to_status = tickets.status AND e.from_status IS NOT tickets.status),
         updated_at)
       WHERE status IN (${FINAL.map(() => '?').join(', ')})`,
      FINAL,
    );
    // Phone lookups, from the drafts while they are still plain.
    const drafts = await db.all<{ id: number; draft: string }>("SELECT id, draft FROM tickets WHERE draft NOT LIKE 'enc:v1:%'");
    for (const { id, draft } of drafts) {
      if (!vault) throw new Error('migration 4 needs the data keys to seal tickets.draft');
      const parsed = JSON.parse(draft) as { phone?: string | null; requester?: { phone?: string | null } | null };
      const phones = new Set([parsed.phone, parsed.requester?.phone].filter((p): p is string => typeof p === 'string' && p !== '').map(phoneKey));
      for (const phone of phones) await db.run("INSERT INTO ticket_lookups (ticket_id, kind, value) VALUES (?, 'phone', ?)", [id, vault.lookup('phone', phone)]);
    }
    for (const [table, column, context] of COLUMNS) await sealColumn(db, vault, table, column, context);
  },
  async postgres(db) {
    // A PostgreSQL database is new at version 0: no plain rows to seal, no lookups to make.
    await db.exec(`
      ALTER TABLE tickets ADD COLUMN closed_at TEXT;
      ALTER TABLE tickets ADD COLUMN anonymised_at TEXT;
      CREATE INDEX tickets_closed ON tickets (closed_at) WHERE closed_at IS NOT NULL AND anonymised_at IS NULL;
      CREATE TABLE ticket_lookups (
        ticket_id BIGINT NOT NULL REFERENCES tickets (id),
        kind TEXT NOT NULL,
        value TEXT NOT NULL
      );
      CREATE INDEX ticket_lookups_value ON ticket_lookups (value);
      CREATE INDEX ticket_lookups_ticket ON ticket_lookups (ticket_id);
      ALTER TABLE outbox ADD COLUMN about_channel TEXT;
      ALTER TABLE outbox ADD COLUMN about_chat_id TEXT;
      CREATE INDEX outbox_about ON outbox (about_channel, about_chat_id) WHERE about_chat_id IS NOT NULL;
      CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
      CREATE INDEX outbox_chat ON outbox (channel, chat_id);
      CREATE INDEX conversations_updated ON conversations (updated_at);
      CREATE TABLE access_log (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        ticket_number TEXT,
        action TEXT NOT NULL,
        via TEXT NOT NULL
      );
      CREATE INDEX access_log_ticket ON access_log (ticket_number, id);
      CREATE INDEX access_log_at ON access_log (at);`);
  },
};
