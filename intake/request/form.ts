/**
 * The request form as data (intake/request/form.yaml): its fields in order, when each applies, and
 * the choices that answer it. Pure data and conditions; the chat that asks it is bot/flows/intake.ts.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { REQUEST_FIELDS } from '../tickets/fields.ts';

export const READERS = ['choice', 'requester', 'name', 'age', 'phone', 'address', 'text', 'date', 'criminal_role'] as const;
export type ReaderId = (typeof READERS)[number];

const choiceSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  keywords: z.array(z.string()).default([]),
  /** A message of this intent (bot/nlu/intents.yaml) picks the choice. */
  intent: z.string().optional(),
  /** For the writer's relation: the relations of the person helped that make the writer this. */
  helped: z.array(z.string()).default([]),
});
export type FormChoice = z.infer<typeof choiceSchema>;

const fieldSchema = z.strictObject({
  id: z.string(),
  ask: z.string(),
  read: z.enum(READERS),
  when: z.record(z.string(), z.string()).default({}),
  choices: z.array(choiceSchema).default([]),
  choices_from: z.enum(['fields', 'groups']).optional(),
  summary: z.string().optional(),
  edit: z.boolean().default(true),
});
export type FormField = z.infer<typeof fieldSchema>;

const formSchema = z.object({ format: z.literal('tgpl-form/1'), fields: z.array(fieldSchema).min(1) });

const groupsSchema = z.array(
  z.strictObject({
    label: z.string(),
    facts: z.record(z.string(), z.unknown()),
    /** Other ways people say it; `intent`: a message of this intent (bot/nlu/intents.yaml) picks it ("không biết"). */
    keywords: z.array(z.string()).default([]),
    intent: z.string().optional(),
  }),
);

/** "Người cần giúp thuộc trường hợp nào?": each choice states eligibility facts. */
export const REQUEST_GROUPS = groupsSchema.parse(parse(readFileSync(new URL('./groups.yaml', import.meta.url), 'utf8')));

/** The form's fields, with `choices_from` filled in. */
export function loadForm(url: URL = new URL('./form.yaml', import.meta.url)): FormField[] {
  const parsed = formSchema.safeParse(parse(readFileSync(url, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`form.yaml: ${issue.path.join('.')}: ${issue.message}`);
  }
  const ids = new Set<string>();
  return parsed.data.fields.map((f) => {
    if (ids.has(f.id)) throw new Error(`form.yaml: field "${f.id}" appears twice`);
    ids.add(f.id);
    if (f.choices_from === 'fields') return { ...f, choices: REQUEST_FIELDS.map((x) => ({ id: x.id, label: x.label, keywords: x.keywords, helped: [] })) };
    if (f.choices_from === 'groups') return { ...f, choices: REQUEST_GROUPS.map((g, i) => ({ id: String(i), label: g.label, keywords: g.keywords, helped: [], ...(g.intent ? { intent: g.intent } : {}) })) };
    return f;
  });
}

/** Whether every `when` condition of a field holds for the values gathered so far. */
export function applies(field: FormField, values: Record<string, unknown>): boolean {
  return Object.entries(field.when).every(([key, expected]) => {
    const v = values[key];
    const present = v !== undefined && v !== null && v !== '';
    if (expected === 'present') return present;
    if (expected === 'absent') return !present;
    return String(v) === expected;
  });
}
