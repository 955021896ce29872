/**
 * The national legal aid hotline in force on a date (a dated parameter, not a literal).
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadParameter, type Parameter } from '../lib/parameters.ts';

export const hotlineSchema = z.object({ number: z.string(), hours: z.string(), free: z.boolean() });
export type Hotline = z.infer<typeof hotlineSchema>;

let cached: Parameter<Hotline> | undefined;

/** The hotline on `date` ("YYYY-MM-DD"); the earliest known one for dates before it was set up. */
export function hotlineAt(date: string): Hotline {
  cached ??= loadParameter(fileURLToPath(new URL('./parameters/hotline.yaml', import.meta.url)), hotlineSchema);
  const value = cached.at(date) ?? cached.at('9999-12-31');
  if (!value) throw new Error('intake/parameters/hotline.yaml has no value');
  return value;
}
