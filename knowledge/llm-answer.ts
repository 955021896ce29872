/**
 * Optional answer writing by a language model through LangChain's ChatOpenAI, against any
 * OpenAI-compatible endpoint (LLM_BASE_URL, LLM_MODEL, LLM_API_KEY). The prompt holds only the
 * retrieved passages, numbered; the answer must cite them as [n]. Citations to anything else are
 * dropped; an answer with no valid citation, a timeout or an error gives way to the extractive answer.
 */
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { loadMessages } from '../lib/messages.ts';
import type { Logger } from '../lib/logger.ts';

const say = loadMessages(new URL('./messages-llm.vi.yaml', import.meta.url), ['system', 'user', 'sources']);

export interface LlmSettings {
  baseUrl: string;
  model: string;
  apiKey: string;
  timeoutMs: number;
}

/** A passage given to the model: its label ("khoản 2 Điều 7 Luật …") and text. */
export interface LlmPassage {
  label: string;
  text: string;
}

export interface WrittenAnswer {
  answer: string;
  /** Indexes (0-based) of the passages the answer cites, in order of first use. */
  cited: number[];
}

export class LlmAnswerWriter {
  private readonly chat: ChatOpenAI;

  constructor(
    readonly settings: LlmSettings,
    private readonly logger: Logger,
  ) {
    this.chat = new ChatOpenAI({
      model: settings.model,
      apiKey: settings.apiKey,
      configuration: { baseURL: settings.baseUrl },
      timeout: settings.timeoutMs,
      maxRetries: 0,
      temperature: 0,
    });
  }

  /** The messages sent to the model (only the question and the passages). */
  prompt(question: string, passages: LlmPassage[]) {
    const numbered = passages.map((p, i) => `[${i + 1}] ${p.label}:\n${p.text}`).join('\n\n');
    return [new SystemMessage(say.say('system')), new HumanMessage(say.say('user', { question, passages: numbered }))];
  }

  /** The model's answer with its valid citations, or undefined to fall back to the extractive answer. */
  async write(question: string, passages: LlmPassage[]): Promise<WrittenAnswer | undefined> {
    if (passages.length === 0) return undefined;
    let text: string;
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), this.settings.timeoutMs + 100).unref());
      const reply = await Promise.race([this.chat.invoke(this.prompt(question, passages)), timeout]);
      text = typeof reply.content === 'string' ? reply.content : reply.content.map((c) => ('text' in c ? c.text : '')).join('');
    } catch (err) {
      this.logger.warn({ err: (err as Error).message.slice(0, 200) }, 'llm answer failed, extractive answer used');
      return undefined;
    }
    const cited: number[] = [];
    // Keep [n] that name a given passage; drop any other bracketed reference.
    const cleaned = text
      .replace(/\[(\d{1,3})\]/gu, (whole, n: string) => {
        const i = Number(n) - 1;
        if (i < 0 || i >= passages.length) return '';
        if (!cited.includes(i)) cited.push(i);
        return whole;
      })
      .replace(/[ \t]+([.,;:])/gu, '$1')
      .trim();
    if (cited.length === 0 || cleaned === '') {
      this.logger.warn({ cited: 0 }, 'llm answer without a valid citation, extractive answer used');
      return undefined;
    }
    const sources = cited.map((i) => `[${i + 1}] ${passages[i]!.label}`).join('; ');
    return { answer: `${cleaned}\n${say.say('sources', { sources })}`, cited };
  }
}
