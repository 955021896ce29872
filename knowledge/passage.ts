import type { FaqAbout } from './faq.ts';
/** A unit of text the knowledge base answers from, with what is needed to cite it. */
export interface Passage {
  /** Stable id: source file and position ("law/phapdien…json#4.5.LQ.7"). */
  id: string;
  kind: 'law' | 'plan' | 'faq';
  /** The document's number as its text writes it ("11/2017/QH14"), or the law's name ("Bộ luật dân sự"). */
  document: string;
  /** A readable name of the document ("Luật Trợ giúp pháp lý 2017"). */
  documentName: string;
  /** Article number ("7", "8a") for a law; section path ("B.I.4.1") for a plan; the entry id for a FAQ. */
  article: string;
  /** The article's or section's heading. */
  title: string;
  text: string;
  /** The file it came from, relative to its corpus folder. */
  source: string;
  /** For a long article split by khoản: which khoản ("2"); empty otherwise. */
  clause?: string;
  /** For a FAQ entry: the articles its answer rests on. */
  citations?: Array<{ document: string; article: string; clause?: string; point?: string }>;
  /** For a FAQ entry: the legal field of its question (knowledge/field-sources.yaml). */
  field?: string;
  /** For a FAQ entry about a group of people: their facts (knowledge/faq.ts `faqAboutSchema`). */
  about?: FaqAbout;
}
