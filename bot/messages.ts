/** The main dialogue's texts (bot/messages.vi.yaml). */
import { loadMessages } from '../lib/messages.ts';

export const botMessages = loadMessages(new URL('./messages.vi.yaml', import.meta.url), [
  'welcome',
  'welcome_back',
  'menu_prompt',
  'menu_again',
  'not_understood',
  'not_understood_choice',
  'coming_soon',
  'cancelled',
  'back_at_start',
  'help',
  'staff_contact',
  'about',
  'internal_error',
  'greet_in_flow',
  'thanks_in_flow',
  'thanks',
  'bye',
  'back_to_question',
  'confirm_leave',
  'confirm_leave_yes',
  'confirm_leave_no',
  'continue_where',
  'handoff_ended_resume',
  'text_only',
]);
