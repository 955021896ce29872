/** The texts of the web desk and the web chat (web/web.vi.yaml). */
import { loadMessages } from '../lib/messages.ts';

export const texts = loadMessages(new URL('./web.vi.yaml', import.meta.url), [
  'started', 'desk_title', 'channel_telegram', 'channel_zalo', 'channel_web', 'channel_console', 'login_title', 'login_intro', 'login_account', 'login_password', 'login_submit',
  'login_wrong', 'login_link_title', 'login_link_intro', 'login_link_submit', 'login_link_sent', 'link_message',
  'link_title', 'link_intro', 'link_submit', 'link_invalid', 'logout', 'signed_in_as', 'role_centre', 'nav_queue',
  'nav_handoffs', 'queue_title', 'filter_status', 'filter_branch', 'filter_field', 'filter_group', 'filter_urgent',
  'filter_channel', 'filter_from', 'filter_to', 'filter_search', 'filter_apply', 'filter_clear', 'any',
  'urgent_only', 'col_number', 'col_status', 'col_field', 'col_place', 'col_branch', 'col_channel', 'col_created',
  'urgent_badge', 'overdue_badge', 'deadline_short', 'queue_empty', 'count_all', 'shown_count', 'search_none', 'group_clause', 'live_note',
  'back_to_queue', 'section_request', 'section_eligibility', 'section_conversation', 'section_history',
  'section_actions', 'f_status', 'f_branch', 'f_assignee', 'f_created', 'f_channel', 'f_name', 'f_birth',
  'f_forwhom', 'f_self', 'f_other', 'f_phone', 'f_contact', 'f_contact_call', 'f_contact_message', 'f_address',
  'f_field', 'f_role', 'f_deadline', 'f_description', 'f_none', 'f_anonymised', 'elig_at_filing', 'elig_now',
  'elig_checked', 'elig_checked_none', 'elig_checked_ok', 'elig_checked_not_ok', 'elig_missing', 'papers_none',
  'conv_empty', 'conv_note', 'conv_to', 'conv_about', 'act_accept', 'act_return', 'act_return_note', 'act_reject',
  'act_reject_reason', 'act_reply', 'act_reply_hint', 'act_reply_submit', 'act_note', 'act_note_submit',
  'act_status', 'act_status_note', 'act_status_submit', 'act_assign', 'act_assign_submit', 'act_transfer',
  'act_transfer_submit', 'act_eligibility', 'act_eligibility_yes', 'act_eligibility_no', 'done_accept',
  'done_return', 'done_reject', 'done_reply', 'done_note', 'done_status', 'done_assign', 'done_transfer',
  'done_eligibility', 'handoffs_title', 'handoffs_empty', 'handoffs_centre_only', 'handoff_item', 'handoff_open',
  'handoff_title', 'handoff_reply', 'handoff_reply_submit', 'handoff_close', 'handoff_sent', 'handoff_closed',
  'handoff_unknown', 'error_not_found', 'error_forbidden', 'error_rate', 'error_generic', 'error_empty',
  'chat_title', 'chat_intro', 'chat_open', 'chat_placeholder', 'chat_send', 'chat_close', 'chat_end',
  'chat_end_confirm', 'chat_error', 'chat_you', 'chat_bot', 'chat_download',
  'cli_usage', 'cli_unknown', 'cli_list_line', 'cli_has_password', 'cli_no_password', 'cli_password_set', 'cli_link_queued',
  'cli_prompt_password', 'cli_prompt_again', 'cli_password_missing', 'cli_password_short', 'cli_password_mismatch',
]);

export type TextKey = Parameters<typeof texts.say>[0];

const CHANNELS: Record<string, TextKey> = { telegram: 'channel_telegram', zalo: 'channel_zalo', web: 'channel_web', console: 'channel_console' };

/** A channel as staff read it ("web" → "Trò chuyện trên web"); an unknown one as it is. */
export function channelName(channel: string): string {
  const key = CHANNELS[channel];
  return key ? texts.say(key) : channel;
}

