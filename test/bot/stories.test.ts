/**
 * Conversation tests kept as data (test/stories/*.yaml, Rasa-test style): the lines a person types,
 * what each reply must (and must not) say, where the conversation stands after, and what the filed
 * request holds at the end. Each story is its own chat on one app per file, over a real SQLite file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bot/app.ts';
import { FakeClock } from '../../lib/clock.ts';
import { loadConfig, PROJECT_ROOT } from '../../lib/config.ts';
import { silentLogger } from '../../lib/logger.ts';
import { parse } from 'yaml';
import { z } from 'zod';
import { foldDiacritics } from '../../lib/text.ts';
import { conversationState, DEFAULT_NOW, incoming, render } from '../helpers.ts';

const stepSchema = z.strictObject({
  say: z.union([z.string(), z.number()]).transform(String).optional(),
  /** A button press: the choice id (e.g. "intake:consent:yes"). */
  press: z.string().optional(),
  expect: z.array(z.string()).default([]),
  not: z.array(z.string()).default([]),
  /** The flow the conversation is in after the step ("menu", "intake", …). */
  flow: z.string().optional(),
  /** The step after it ("fullName", "summary", …). */
  step: z.string().optional(),
});
const storySchema = z.strictObject({
  name: z.string(),
  steps: z.array(stepSchema).min(1),
  then: z
    .strictObject({
      tickets: z.number().int().optional(),
      ticket: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
const fileSchema = z.object({ format: z.literal('tgpl-stories/1'), stories: z.array(storySchema).min(1) });

const dir = new URL('../stories/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

/** Compared without case; a phrase written without diacritics also matches a reply with them. */
function says(reply: string, phrase: string): boolean {
  const r = reply.toLowerCase();
  const p = phrase.toLowerCase();
  return r.includes(p) || (foldDiacritics(p) === p && foldDiacritics(r).includes(p));
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

for (const file of files) {
  const parsed = fileSchema.safeParse(parse(readFileSync(new URL(file, dir), 'utf8')));
  if (!parsed.success) throw new Error(`test/stories/${file}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  const stories = parsed.data.stories;
  describe(`stories: ${file}`, () => {
    // One app per file, each story its own chat; the fixture corpus answers questions asked on the way.
    let app: App;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'tgpl-stories-'));
      const knowledge = [join(PROJECT_ROOT, 'test', 'fixtures', 'knowledge'), join(PROJECT_ROOT, 'knowledge', 'corpus')].join(',');
      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', LOG_FILE: '-', AUTO_INGEST: 'true', KNOWLEDGE_DIRS: knowledge });
      app = await createApp(config, { clock: new FakeClock(DEFAULT_NOW), logger: silentLogger });
    });
    afterAll(async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    stories.forEach((story, index) => {
      it(story.name, async () => {
        const chatId = `story-${index}`;
        const transcript: string[] = [];
        for (const step of story.steps) {
          const text = step.say ?? '';
          const replies = await app.assistant.handle(incoming(text, { chatId, userId: chatId, choice: step.press }));
          const out = render(replies);
          transcript.push(`> ${step.press ? `[${step.press}]` : text}\n${out}`);
          const where = `\n--- transcript ---\n${transcript.join('\n')}`;
          for (const phrase of step.expect) expect(says(out, phrase), `reply to "${text}" should say "${phrase}"${where}`).toBe(true);
          for (const phrase of step.not) expect(says(out, phrase), `reply to "${text}" should not say "${phrase}"${where}`).toBe(false);
          if (step.flow || step.step) {
            const state = (await conversationState(app, chatId)) ?? { flow: 'menu', step: 'menu' };
            if (step.flow) expect(state.flow, `flow after "${text}"${where}`).toBe(step.flow);
            if (step.step) expect(state.step, `step after "${text}"${where}`).toBe(step.step);
          }
        }
        if (story.then) {
          const tickets = (await app.intake.tickets.list({})).filter((t) => t.chatId === chatId);
          if (story.then.tickets !== undefined) expect(tickets.length, transcript.join('\n')).toBe(story.then.tickets);
          if (story.then.ticket) {
            const last = tickets.at(-1);
            expect(last, 'a ticket was filed').toBeDefined();
            // A null in a story means "not set" (absent or null).
            for (const [path, value] of Object.entries(story.then.ticket)) expect(at(last, path) ?? null, `ticket.${path}\n${transcript.join('\n')}`).toEqual(value);
          }
        }
      });
    });
  });
}
