/**
 * Migration 7: an outbox message can be claimed by one worker for a while (a lease), so that several
 * workers on one PostgreSQL database share the sending without sending a message twice and a chat's
 * messages still go in order; a claim of a worker that died runs out and another worker sends
 * (lib/outbox.ts claimHead). One process on SQLite never claims: the columns stay empty there.
 */
import type { SqlDatabase } from '../sql-database.ts';
import type { Migration } from './migration.ts';

export const outboxClaims: Migration = {
  version: 7,
  name: 'outbox claims: the worker sending a message and until when',
  up: (db) => addClaims(db),
  postgres: (db) => addClaims(db),
};

async function addClaims(db: SqlDatabase): Promise<void> {
  await db.exec(`
    ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
    ALTER TABLE outbox ADD COLUMN claim_until TEXT;`);
}
