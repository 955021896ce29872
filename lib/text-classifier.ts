/**
 * A small classifier of short Vietnamese texts learned from examples kept as data (intents, the
 * legal field of a question), in the manner of Rasa's or Botpress's NLU: every text becomes a
 * TF-IDF vector of features, and a text's label is read from its nearest examples (cosine).
 *
 * Features: folded words and word pairs (so "ly hon" meets "ly hôn"), character trigrams of the
 * folded words (so typos and cut words still meet), and, for words typed WITH diacritics, the exact
 * word (so "đúng" stands nearer to "đúng rồi" than to "dừng lại": diacritics are evidence).
 */
import { foldDiacritics } from './text.ts';

export interface Example {
  label: string;
  text: string;
}

export interface Prediction {
  label: string;
  /** Similarity of the best examples of that label (0–1). */
  score: number;
  /** How far ahead of the next label (0–1). */
  margin: number;
  /** Every label's score, best first. */
  ranking: Array<{ label: string; score: number }>;
}

type Vector = Map<string, number>;

/** The features of a text, with their counts. */
export function textFeatures(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string, w = 1) => out.set(f, (out.get(f) ?? 0) + w);
  const words = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  const folded = words.map((w) => foldDiacritics(w));
  for (let i = 0; i < words.length; i++) {
    const f = folded[i]!;
    add(`w:${f}`);
    if (f !== words[i]) add(`x:${words[i]}`, 1.5);
    if (i + 1 < words.length) add(`b:${f}_${folded[i + 1]}`);
    const padded = `#${f}#`;
    for (let k = 0; k + 3 <= padded.length; k++) add(`c:${padded.slice(k, k + 3)}`, 0.5);
  }
  return out;
}

function norm(v: Vector): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

export class TextClassifier {
  private readonly idf = new Map<string, number>();
  /**
   * For each feature, the examples that have it and its weight there (so a text meets only the
   * examples it shares a feature with), in typed arrays: a fifth of the memory of pairs, and faster.
   */
  private readonly postings = new Map<string, { examples: Int32Array; weights: Float64Array }>();
  /**
   * Each example twice: with its exact-word features (for a text typed with diacritics) and without
   * them (for a text typed without any: its words can only be compared folded, and an example is not
   * marked down for diacritics the person never typed).
   */
  private readonly vectors: Array<{ label: string; norm: number; foldedNorm: number }> = [];
  readonly labels: string[];

  /** @param k how many nearest examples of a label are averaged into its score */
  constructor(examples: Example[], private readonly k = 2) {
    const df = new Map<string, number>();
    const raw = examples.map((e) => ({ label: e.label, features: textFeatures(e.text) }));
    for (const r of raw) for (const f of r.features.keys()) df.set(f, (df.get(f) ?? 0) + 1);
    const n = Math.max(raw.length, 1);
    for (const [f, d] of df) this.idf.set(f, Math.log(1 + n / d));
    const lists = new Map<string, { examples: number[]; weights: number[] }>();
    for (const r of raw) {
      const vector = this.weigh(r.features);
      const length = norm(vector);
      if (length === 0) continue;
      const folded: Vector = new Map([...vector].filter(([f]) => !f.startsWith('x:')));
      const index = this.vectors.length;
      this.vectors.push({ label: r.label, norm: length, foldedNorm: norm(folded) });
      for (const [f, x] of vector) {
        let list = lists.get(f);
        if (!list) lists.set(f, (list = { examples: [], weights: [] }));
        list.examples.push(index);
        list.weights.push(x);
      }
    }
    for (const [f, list] of lists) this.postings.set(f, { examples: Int32Array.from(list.examples), weights: Float64Array.from(list.weights) });
    this.labels = [...new Set(examples.map((e) => e.label))];
  }

  private weigh(features: Map<string, number>): Vector {
    const v: Vector = new Map();
    // Features never seen in the examples say nothing about a label: left out.
    for (const [f, count] of features) {
      const idf = this.idf.get(f);
      if (idf !== undefined) v.set(f, (1 + Math.log(count)) * idf);
    }
    return v;
  }

  /** The nearest label, or undefined for an empty text or one with no known feature. */
  predict(text: string): Prediction | undefined {
    const features = textFeatures(text);
    if (features.size === 0) return undefined;
    const v = this.weigh(features);
    // Unknown features still count in the text's length, so a long message about something else
    // does not look like a short example it happens to contain.
    let unknown = 0;
    for (const [f, count] of features) if (!this.idf.has(f)) unknown += (1 + Math.log(count)) ** 2 * Math.log(1 + this.vectors.length);
    const length = Math.sqrt(norm(v) ** 2 + unknown);
    if (length === 0) return undefined;
    const marked = [...features.keys()].some((f) => f.startsWith('x:'));
    // Dot products in a dense array (one slot per example): far cheaper than a map for the long
    // postings of common character trigrams.
    const dots = new Float64Array(this.vectors.length);
    const touched: number[] = [];
    for (const [f, x] of v) {
      // A text typed without diacritics has no exact-word features; one typed with them meets the examples' exact words.
      const list = this.postings.get(f);
      if (!list) continue;
      const { examples, weights } = list;
      for (let j = 0; j < examples.length; j++) {
        const i = examples[j]!;
        if (dots[i] === 0) touched.push(i);
        dots[i] = dots[i]! + x * weights[j]!;
      }
    }
    // The two best examples of each label.
    const best = new Map<string, [number, number]>();
    for (const i of touched) {
      const e = this.vectors[i]!;
      const exampleNorm = marked ? e.norm : e.foldedNorm;
      if (exampleNorm === 0) continue;
      const sim = dots[i]! / (length * exampleNorm);
      const pair = best.get(e.label);
      if (!pair) best.set(e.label, [sim, -Infinity]);
      else if (sim > pair[0]) {
        pair[1] = pair[0];
        pair[0] = sim;
      } else if (sim > pair[1]) pair[1] = sim;
    }
    const ranking = [...best.entries()]
      .map(([label, [first, second]]) => {
        // The best example counts most; a second close example confirms it (k = 1: the best alone).
        const score = this.k === 1 || second === -Infinity ? first : 0.7 * first + 0.3 * second;
        return { label, score };
      })
      .sort((a, b) => b.score - a.score);
    const first = ranking[0];
    if (!first || first.score <= 0) return undefined;
    return { label: first.label, score: first.score, margin: first.score - (ranking[1]?.score ?? 0), ranking };
  }
}

/**
 * Accuracy of a classifier built from `examples` on a held-out share of them: every `every`-th
 * example of each label (by position) is held out and predicted by a classifier built from the rest.
 */
export function heldOutAccuracy(
  examples: Example[],
  every = 5,
  build: (train: Example[]) => { predict(text: string): { label: string } | undefined } = (t) => new TextClassifier(t),
): { n: number; correct: number; accuracy: number; errors: Array<{ text: string; label: string; predicted: string }> } {
  const seen = new Map<string, number>();
  const train: Example[] = [];
  const test: Example[] = [];
  for (const e of examples) {
    const i = seen.get(e.label) ?? 0;
    seen.set(e.label, i + 1);
    (i % every === every - 1 ? test : train).push(e);
  }
  const classifier = build(train);
  const errors: Array<{ text: string; label: string; predicted: string }> = [];
  for (const e of test) {
    const p = classifier.predict(e.text)?.label ?? '(none)';
    if (p !== e.label) errors.push({ text: e.text, label: e.label, predicted: p });
  }
  const n = test.length;
  return { n, correct: n - errors.length, accuracy: n === 0 ? 0 : Math.round(((n - errors.length) / n) * 1000) / 1000, errors };
}
