/**
 * The columns whose values are sealed by lib/vault.ts: every place that can hold a name, a phone
 * number, an address, a story or a message. The stores seal and open them; a rotation re-seals them
 * all; `tgpl keys status` counts them by key. A new column holding personal data is added here (and
 * sealed by the migration that adds it).
 */
import { rowKey, type SqlDatabase } from './sql-database.ts';
import { keyIdOf, type Vault } from './vault.ts';

/** What each sealed value is bound to (the authenticated data of its seal). */
export const SEALED = {
  /** bot/conversation-store.ts: the conversation's state (drafts: names, phones, addresses, stories). */
  conversationState: 'conversations.state',
  /** intake/tickets/ticket-store.ts: the request as filed. */
  ticketDraft: 'tickets.draft',
  /** intake/tickets/ticket-store.ts: notes of the ticket's history (staff notes, reasons). */
  ticketNote: 'ticket_events.note',
  /** lib/outbox.ts: messages waiting to be sent (replies, relayed messages, ticket cards). */
  outboxBody: 'outbox.body',
  /** bot/delivery/inbox.ts: messages received and not yet handled. */
  inboxBody: 'inbox.body',
  /** intake/paperwork/survey-store.ts: the comment a person added to the satisfaction survey. */
  surveyComment: 'surveys.comment',
} as const;

export interface SealedColumn {
  table: string;
  column: string;
  context: string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = Object.values(SEALED).map((context) => {
  const [table, column] = context.split('.') as [string, string];
  return { table, column, context };
});

const BATCH = 500;

/**
 * Seals again, with the active key, every sealed value not sealed with it (call inside a
 * transaction: a rotation is all or nothing). Resolves to how many values were re-sealed per column.
 */
export async function resealAll(db: SqlDatabase, vault: Vault): Promise<Record<string, number>> {
  const active = vault.activeKeyId;
  const counts: Record<string, number> = {};
  for (const { table, column, context } of SEALED_COLUMNS) {
    counts[context] = 0;
    const key = rowKey(db, table);
    for (let after = 0; ; ) {
      const rows = await db.all<{ id: number; value: string }>(
        `SELECT ${key} AS id, ${column} AS value FROM ${table} WHERE ${key} > ? AND ${column} != '' ORDER BY ${key} LIMIT ?`,
        [after, BATCH],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        if (keyIdOf(row.value) === active) continue;
        await db.run(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`, [vault.reseal(row.value, context), row.id]);
        counts[context] += 1;
      }
      after = rows.at(-1)!.id;
    }
  }
  return counts;
}

/** How many stored values each key sealed, and how many values are not sealed at all (should be 0). */
export async function sealedValueCounts(db: SqlDatabase): Promise<{ byKey: Record<string, number>; plain: number }> {
  const byKey: Record<string, number> = {};
  let plain = 0;
  for (const { table, column } of SEALED_COLUMNS) {
    const rows = await db.all<{ key: string | null; n: number }>(
      `SELECT CASE WHEN ${column} LIKE 'enc:v1:%' THEN ${keyOf(db, column)} END AS key, count(*) AS n
       FROM ${table} WHERE ${column} != '' GROUP BY key`,
    );
    for (const row of rows) {
      if (row.key === null) plain += row.n;
      else byKey[row.key] = (byKey[row.key] ?? 0) + row.n;
    }
  }
  return { byKey, plain };
}

/** SQL for the key id of a sealed value ("enc:v1:<keyId>:…"). */
function keyOf(db: SqlDatabase, column: string): string {
  return db.dialect === 'postgres' ? `split_part(${column}, ':', 3)` : `substr(${column}, 8, instr(substr(${column}, 8), ':') - 1)`;
}
