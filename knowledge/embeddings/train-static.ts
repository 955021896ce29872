/**
 * Learns static syllable vectors from the indexed corpus: co-occurrence counts in a ±window
 * (weighted by 1/distance), positive pointwise mutual information with context-distribution
 * smoothing (α = 0.75), then a randomized truncated SVD (Halko et al. 2011) — the classic
 * count-based recipe (Levy, Goldberg & Dagan 2015) that does well on small corpora where neural
 * training has too little data. Each vector is scaled by its syllable's IDF so that mean pooling is
 * an IDF-weighted average, which keeps function words from dominating a sentence vector.
 */
import { syllables } from '../../lib/text.ts';
import { SPECIAL_TOKENS, type StaticModel } from './onnx-export.ts';

export interface TrainOptions {
  dim: number;
  window: number;
  maxVocab: number;
  minCount: number;
  /** Seed for the random projection, so a build is repeatable. */
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { dim: 128, window: 4, maxVocab: 30_000, minCount: 2, seed: 7 };

/** A small deterministic PRNG (mulberry32) with Gaussian draws. */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

/** Compressed sparse rows. */
interface Csr {
  n: number;
  rowStart: Int32Array;
  cols: Int32Array;
  values: Float32Array;
}

/** Y = M · X, with X dense [n × l] row-major. */
function multiply(m: Csr, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(m.n * l);
  for (let r = 0; r < m.n; r++) {
    for (let p = m.rowStart[r]!; p < m.rowStart[r + 1]!; p++) {
      const v = m.values[p]!;
      const c = m.cols[p]! * l;
      const o = r * l;
      for (let k = 0; k < l; k++) y[o + k]! += v * x[c + k]!;
    }
  }
  return y;
}

/** Y = Mᵀ · X. */
function multiplyTransposed(m: Csr, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(m.n * l);
  for (let r = 0; r < m.n; r++) {
    const o = r * l;
    for (let p = m.rowStart[r]!; p < m.rowStart[r + 1]!; p++) {
      const v = m.values[p]!;
      const c = m.cols[p]! * l;
      for (let k = 0; k < l; k++) y[c + k]! += v * x[o + k]!;
    }
  }
  return y;
}

/** Orthonormalises the columns of Y [n × l] in place (modified Gram–Schmidt). */
function orthonormalize(y: Float64Array, n: number, l: number): void {
  for (let j = 0; j < l; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += y[r * l + i]! * y[r * l + j]!;
      for (let r = 0; r < n; r++) y[r * l + j]! -= dot * y[r * l + i]!;
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += y[r * l + j]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < n; r++) y[r * l + j]! /= norm;
  }
}

/** Eigen-decomposition of a symmetric matrix (cyclic Jacobi); returns values and column vectors. */
function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!;
          const mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!;
          const mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i]!;
  return { values, vectors: v };
}

/** Trains the model from the corpus texts. */
export function trainStaticModel(texts: string[], options: TrainOptions = DEFAULT_TRAIN): StaticModel & { stats: Record<string, number> } {
  const docs = texts.map((t) => syllables(t));
  const counts = new Map<string, number>();
  const docFreq = new Map<string, number>();
  for (const words of docs) {
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const w of new Set(words)) docFreq.set(w, (docFreq.get(w) ?? 0) + 1);
  }
  const words = [...counts.entries()]
    .filter(([w, c]) => c >= options.minCount && w.length <= 30)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, options.maxVocab - SPECIAL_TOKENS.length)
    .map(([w]) => w);
  const index = new Map(words.map((w, i) => [w, i]));
  const n = words.length;

  // Co-occurrence within the window, weighted 1/distance.
  const pairs = new Map<number, number>();
  for (const doc of docs) {
    const ids = doc.map((w) => index.get(w) ?? -1);
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i]!;
      if (a < 0) continue;
      for (let d = 1; d <= options.window && i + d < ids.length; d++) {
        const b = ids[i + d]!;
        if (b < 0) continue;
        const w = 1 / d;
        pairs.set(a * n + b, (pairs.get(a * n + b) ?? 0) + w);
        pairs.set(b * n + a, (pairs.get(b * n + a) ?? 0) + w);
      }
    }
  }
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  let total = 0;
  for (const [key, c] of pairs) {
    rowSum[Math.floor(key / n)]! += c;
    colSum[key % n]! += c;
    total += c;
  }
  const alpha = 0.75;
  let colAlphaTotal = 0;
  for (let j = 0; j < n; j++) colAlphaTotal += colSum[j]! ** alpha;

  // PPMI as compressed sparse rows.
  const byRow: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (const [key, c] of pairs) {
    const r = Math.floor(key / n);
    const col = key % n;
    const pmi = Math.log((c * colAlphaTotal) / (rowSum[r]! * colSum[col]! ** alpha));
    if (pmi > 0) byRow[r]!.push([col, pmi]);
  }
  const rowStart = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) rowStart[r + 1] = rowStart[r]! + byRow[r]!.length;
  const cols = new Int32Array(rowStart[n]!);
  const values = new Float32Array(rowStart[n]!);
  for (let r = 0; r < n; r++) byRow[r]!.forEach(([c, v], k) => {
    cols[rowStart[r]! + k] = c;
    values[rowStart[r]! + k] = v;
  });
  const m: Csr = { n, rowStart, cols, values };

  // Randomized SVD: range of M by projection and one power iteration, then a small eigenproblem.
  const k = Math.min(options.dim, n - 1);
  const l = Math.min(k + 16, n);
  const draw = gaussian(options.seed);
  const omega = new Float64Array(n * l).map(() => draw());
  let y = multiply(m, omega, l);
  orthonormalize(y, n, l);
  y = multiply(m, multiplyTransposed(m, y, l), l);
  orthonormalize(y, n, l);
  const bt = multiplyTransposed(m, y, l); // Bᵀ = Mᵀ Q, [n × l]
  const c = new Float64Array(l * l);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < l; i++) {
      const bi = bt[r * l + i]!;
      if (bi === 0) continue;
      for (let j = i; j < l; j++) c[i * l + j]! += bi * bt[r * l + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) c[i * l + j] = c[j * l + i]!;
  const { values: eig, vectors: w } = symmetricEigen(c, l);
  const order = [...eig.keys()].sort((a, b) => eig[b]! - eig[a]!).slice(0, k);

  const dim = k;
  const vocab = [...SPECIAL_TOKENS, ...words];
  const vectors = new Float32Array(vocab.length * dim);
  const docs_n = docs.length;
  for (let r = 0; r < n; r++) {
    const out = (SPECIAL_TOKENS.length + r) * dim;
    let norm = 0;
    order.forEach((col, d) => {
      let u = 0;
      for (let i = 0; i < l; i++) u += y[r * l + i]! * w[i * l + col]!;
      const value = u * Math.sqrt(Math.sqrt(Math.max(eig[col]!, 0)));
      vectors[out + d] = value;
      norm += value * value;
    });
    // Unit length, then scaled by IDF: mean pooling becomes an IDF-weighted average.
    const idf = Math.log(1 + docs_n / (docFreq.get(words[r]!) ?? 1));
    const scale = (norm > 0 ? 1 / Math.sqrt(norm) : 0) * idf;
    for (let d = 0; d < dim; d++) vectors[out + d]! *= scale;
  }
  return { vocab, vectors, dim, stats: { vocab: vocab.length, pairs: pairs.size, nonzero: values.length, documents: docs_n } };
}
