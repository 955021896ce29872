/** How the handoff relay paces itself (pacing.yaml): acknowledgements and a cap on relayed messages. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const pacingSchema = z.strictObject({
  ackEveryMinutes: z.number().nonnegative(),
  maxUnansweredMessages: z.number().int().positive(),
});
export type HandoffPacing = z.infer<typeof pacingSchema>;

export function loadPacing(file: URL = new URL('./pacing.yaml', import.meta.url)): HandoffPacing {
  return pacingSchema.parse(parse(readFileSync(file, 'utf8')));
}

export const handoffPacing: HandoffPacing = loadPacing();
