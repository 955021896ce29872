/** Model-specific embedding settings (model-settings.yaml): prefixes, pooling, normalisation. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const settingsSchema = z.array(
  z.object({
    match: z.string(),
    queryPrefix: z.string(),
    passagePrefix: z.string(),
    pooling: z.enum(['mean', 'cls', 'none']),
    normalize: z.boolean(),
  }),
);
export type ModelSettings = z.infer<typeof settingsSchema>[number];

const all = settingsSchema.parse(parse(readFileSync(new URL('./model-settings.yaml', import.meta.url), 'utf8')));

/** The settings for a model id or folder ("Xenova/multilingual-e5-small" → query:/passage: prefixes). */
export function modelSettings(model: string): ModelSettings {
  const id = model.toLowerCase();
  return all.find((s) => id.includes(s.match))!;
}
