/**
 * The main menu as a flow: lists the items of bot/menu.yaml and opens the chosen item's flow.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { hotlineAt } from '../intake/hotline.ts';
import { matchChoice } from '../lib/choice-matcher.ts';
import { fold, syllables } from '../lib/text.ts';
import { intents, looksLikeQuestion, type IntentId } from './nlu/intents.ts';
import type { Flow, FlowContext, FlowResult } from './flow.ts';
import type { Reply } from './message.ts';
import { botMessages } from './messages.ts';

const menuItemSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  flow: z.string(),
  keywords: z.array(z.string()).default([]),
});
/** The menu item each intent opens (intents not listed are read by the flows). */
const MENU_INTENTS: Partial<Record<IntentId, string>> = {
  file_request: 'request',
  ask_question: 'ask',
  check_eligibility: 'check',
  lookup: 'lookup',
  withdraw: 'lookup',
  about: 'about',
};
const MENU_INTENT_THRESHOLD = { score: 0.55, margin: 0.1 };
const QUESTION_THRESHOLD = { score: 0.4, margin: 0.2 };

export type MenuItem = z.infer<typeof menuItemSchema>;

/** The items a question may open by its intent (a question about the law, or about being eligible). */
const ASKING_ITEMS = new Set(['ask', 'check', 'about']);

/** Question words, compared folded: "bao lâu", "ở đâu", "làm sao", "… không?" at the end. */
const QUESTION_WORDS =
  /\b(bao lau|bao nhieu|bao gio|o dau|cho nao|noi nao|lam sao|the nao|nhu nao|ntn|la gi|cai gi|tai sao|vi sao|co phai|duoc khong|duoc ko|dc ko|dc k|co duoc)\b|\b(khong|ko|k|hok|chua|ha|nhi|a|vay|v)\s*$/u;

/** A sentence (four words or more) that asks something, by its question words or a question mark. */
function asksSomething(ctx: FlowContext): boolean {
  if (ctx.message.choice || syllables(ctx.text).length < 4) return false;
  return /\?\s*$/u.test(ctx.text) || QUESTION_WORDS.test(fold(ctx.text)) || looksLikeQuestion(ctx.text);
}

export function loadMenu(file: URL = new URL('./menu.yaml', import.meta.url)): MenuItem[] {
  return z.array(menuItemSchema).min(1).parse(parse(readFileSync(file, 'utf8')));
}

export class MenuFlow implements Flow {
  readonly id = 'menu';

  constructor(
    readonly items: MenuItem[],
    /** The flows that exist; an item whose flow is missing says it is coming. */
    private readonly flows: ReadonlyMap<string, Flow>,
  ) {}

  menuReply(text = botMessages.say('menu_prompt')): Reply {
    return { text, choices: this.items.map((i) => ({ id: `menu:${i.id}`, label: i.label })) };
  }

  async enter(): Promise<FlowResult> {
    return { kind: 'done', replies: [this.menuReply()] };
  }

  prompt(): Reply[] {
    return [this.menuReply()];
  }

  /** The menu item a message picks, by button, number or words. */
  pick(ctx: FlowContext, asking = asksSomething(ctx)): MenuItem | undefined {
    const pressed = ctx.message.choice?.startsWith('menu:') ? ctx.message.choice.slice(5) : undefined;
    if (pressed) return this.items.find((i) => i.id === pressed);
    // A question that merely contains an item's words ("nộp đơn xong bao lâu thì có người giúp?",
    // "số điện thoại trung tâm?") asks something: it picks an item only by saying just that item.
    return matchChoice(ctx.text, this.items, asking ? { mode: 'whole' } : {});
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const asking = asksSomething(ctx);
    const item = this.pick(ctx, asking) ?? this.byIntent(ctx, asking);
    if (item) return this.open(item, ctx);
    const taker = [...this.flows.values()].find((f) => f.takes?.(ctx));
    if (taker) return { kind: 'switch', flow: taker.id, data: { firstMessage: ctx.text }, replies: [] };
    const ask = this.items.find((i) => i.id === 'ask');
    if (asking && ask) return this.open(ask, ctx);
    return { kind: 'stay', notUnderstood: true, replies: [this.menuReply(botMessages.say('not_understood'))] };
  }

  /**
   * The item a message asks for in its own words ("e mun gui yc tro giup" → the request form), read
   * by the intent classifier (bot/nlu/intents.yaml) when it is sure; a question or a statement of
   * facts is left to the flows that take such messages.
   */
  private byIntent(ctx: FlowContext, asking: boolean): MenuItem | undefined {
    if (ctx.message.choice) return undefined;
    const intent = intents().guess(ctx.text);
    // A long question scores lower against short examples: a legal question needs a clear lead only.
    const threshold = intent?.id === 'ask_question' ? QUESTION_THRESHOLD : MENU_INTENT_THRESHOLD;
    const sure = intent && intent.score >= threshold.score && intent.margin >= threshold.margin;
    const id = sure ? MENU_INTENTS[intent.id] : undefined;
    // A question is not a wish to file, look up or reach staff because it names those things.
    if (!id || (asking && !ASKING_ITEMS.has(id))) return undefined;
    return this.items.find((i) => i.id === id);
  }

  open(item: MenuItem, ctx: FlowContext): FlowResult {
    // A sentence that picked the item ("tôi là thương binh có được trợ giúp không", "TG-2026-000001
    // sao rồi") is passed on, so the facts or the number in it are not lost.
    const sentence = !ctx.message.choice && syllables(ctx.text).length >= 3 ? { firstMessage: ctx.text } : undefined;
    if (this.flows.has(item.flow)) return { kind: 'switch', flow: item.flow, data: sentence, replies: [] };
    return { kind: 'stay', replies: this.comingSoon(item.flow, ctx.today) };
  }

  /** What is said of a feature not built yet: plainly so, with the hotline, then the menu. */
  comingSoon(flowId: string, today: string): Reply[] {
    const label = this.items.find((i) => i.flow === flowId)?.label ?? flowId;
    const hotline = hotlineAt(today);
    const text = botMessages.say('coming_soon', { item: label, hotline: hotline.number, hours: hotline.hours });
    return [{ text }, this.menuReply(botMessages.say('menu_again'))];
  }
}
