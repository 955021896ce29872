/**
 * What a channel hands the dialogue core, and what the core hands back.
 * A channel knows its platform; the core knows only these shapes.
 */

/** A file or media item that came with a message (kept as a reference, never downloaded by the core). */
export interface Attachment {
  kind: 'image' | 'file' | 'audio' | 'video' | 'sticker' | 'location' | 'other';
  /** The platform's id or URL for it. */
  ref: string;
  name?: string;
}

/** One message from a person, as any channel sees it. */
export interface IncomingMessage {
  /** "console", "telegram", "zalo", … */
  channel: string;
  /** The conversation: a private chat or a group. A conversation belongs to (channel, chatId). */
  chatId: string;
  /** The person who wrote it. */
  userId: string;
  /** Shown name on the platform; never logged. */
  displayName?: string;
  text: string;
  /** Set when the person pressed a button: the `id` of the chosen {@link Choice}. */
  choice?: string;
  attachments?: Attachment[];
  /** The platform's message id, for de-duplication. */
  messageId: string;
  time: Date;
  /** Private chat or group; defaults to private. */
  chatType?: 'private' | 'group';
}

/** An option the person can pick: a button where the platform has them, a numbered line elsewhere. */
export interface Choice {
  /** Sent back as `IncomingMessage.choice` when pressed. */
  id: string;
  label: string;
}

/** A file sent with a message (a filled form): its bytes as base64, kept sealed in the outbox like any message. */
export interface DocumentPart {
  filename: `${string}.${string}`;
  mimeType: string;
  /** The file's bytes, base64. */
  data: string;
}

/** One message the core wants sent back. */
export interface Reply {
  text: string;
  choices?: Choice[];
  /** A file sent with the text (Telegram: a document with the text as caption; Zalo: an attachment; console: saved under data/). */
  document?: DocumentPart;
}

/**
 * Renders choices as numbered lines ("1. …"), for channels without buttons.
 * `1. Hỏi đáp pháp luật` — the person answers "1" or the words.
 */
export function renderChoicesAsLines(reply: Reply): string {
  if (!reply.choices || reply.choices.length === 0) return reply.text;
  const lines = reply.choices.map((c, i) => `${i + 1}. ${c.label}`);
  return `${reply.text}\n${lines.join('\n')}`;
}
