/** The fields of a request (intake/fields.yaml). */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const fieldSchema = z.strictObject({ id: z.string(), label: z.string(), keywords: z.array(z.string()).default([]) });
export type RequestField = z.infer<typeof fieldSchema>;

export const REQUEST_FIELDS: RequestField[] = z
  .array(fieldSchema)
  .parse(parse(readFileSync(new URL('../fields.yaml', import.meta.url), 'utf8')));

export function fieldLabel(id: string): string {
  return REQUEST_FIELDS.find((f) => f.id === id)?.label ?? id;
}
