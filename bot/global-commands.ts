/** Words that work anywhere in a conversation (bot/global-commands.yaml). */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { matchChoice } from '../lib/choice-matcher.ts';

export const GLOBAL_COMMAND_IDS = ['menu', 'back', 'cancel', 'staff', 'help', 'greet', 'my_data', 'erase_data', 'withdraw_consent'] as const;
export type GlobalCommandId = (typeof GLOBAL_COMMAND_IDS)[number];

const commandSchema = z.strictObject({
  id: z.enum(GLOBAL_COMMAND_IDS),
  label: z.string(),
  keywords: z.array(z.string()).default([]),
});
type GlobalCommand = z.infer<typeof commandSchema>;

const commands: GlobalCommand[] = z
  .array(commandSchema)
  .parse(parse(readFileSync(new URL('./global-commands.yaml', import.meta.url), 'utf8')));

/** The global command a whole message says, if any ("Hủy", "quay lai", "bat dau lai"). */
export function globalCommandOf(text: string): GlobalCommandId | undefined {
  return matchChoice(text, commands, { mode: 'whole', numbers: false })?.id;
}
