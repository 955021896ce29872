/**
 * Migration 6: the satisfaction survey (Mẫu số 11-TP-TGPL; intake/paperwork/survey-store.ts): one row
 * per ticket closed as done (the ticket id is the key, so a person is asked at most once per ticket)
 * with its numbered answers and the optional comment (sealed: free text may name people), and the
 * conversations that declined a survey (never asked again).
 */
import type { Migration } from './migration.ts';

export const paperwork: Migration = {
  version: 6,
  name: 'satisfaction survey: one per ticket done, answers, declines',
  async up(db) {
    await db.exec(`
      CREATE TABLE surveys (
        ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id),
        channel TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        status TEXT NOT NULL,
        answers TEXT NOT NULL DEFAULT '{}',
        comment TEXT NOT NULL DEFAULT '',
        asked_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX surveys_chat ON surveys (channel, chat_id, status);
      CREATE TABLE survey_declines (
        channel TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        declined_at TEXT NOT NULL,
        PRIMARY KEY (channel, chat_id)
      );`);
  },
  async postgres(db) {
    await db.exec(`
      CREATE TABLE surveys (
        ticket_id BIGINT PRIMARY KEY REFERENCES tickets (id),
        channel TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        status TEXT NOT NULL,
        answers TEXT NOT NULL DEFAULT '{}',
        comment TEXT NOT NULL DEFAULT '',
        asked_at TEXT NOT NULL,
        finished_at TEXT,
        rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
      );
      CREATE INDEX surveys_chat ON surveys (channel, chat_id, status);
      CREATE TABLE survey_declines (
        channel TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        declined_at TEXT NOT NULL,
        PRIMARY KEY (channel, chat_id)
      );`);
  },
};
