/**
 * Every migration of the app's schema, in order, each for SQLite and PostgreSQL. To change the schema, add a file
 * `NNN-what-it-does.ts` exporting a Migration with the next version and append it here; never edit
 * one that has shipped. The knowledge index (knowledge/index.ts, knowledge/embeddings) is a cache
 * rebuilt from the texts, with its own version: it is not migrated here.
 */
import { initialSchema } from './001-initial-schema.ts';
import { outboxDelivery } from './002-outbox-delivery.ts';
import { inbox } from './003-inbox.ts';
import { personalData } from './004-personal-data.ts';
import { webDesk } from './005-web-desk.ts';
import { paperwork } from './006-paperwork.ts';
import { outboxClaims } from './007-outbox-claims.ts';
import type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [initialSchema, outboxDelivery, inbox, personalData, webDesk, paperwork, outboxClaims];

/** From this version on the file holds sealed personal data: it cannot be used without its keys. */
export const SEALED_FROM_VERSION = personalData.version;
