/**
 * Cuts text still too long for one passage with LangChain's RecursiveCharacterTextSplitter, loaded
 * on first need (it brings LangChain's core: about 40 MB a process that only answers never uses).
 */
import type { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

const splitters = new Map<number, RecursiveCharacterTextSplitter>();

export async function splitLongText(text: string, maxChars: number): Promise<string[]> {
  if (text.length <= maxChars) return [text];
  let splitter = splitters.get(maxChars);
  if (!splitter) {
    const { RecursiveCharacterTextSplitter } = await import('@langchain/textsplitters');
    splitter = new RecursiveCharacterTextSplitter({
      chunkSize: maxChars,
      chunkOverlap: Math.floor(maxChars / 8),
      separators: ['\n\n', '\n', '; ', '. ', ', ', ' ', ''],
    });
    splitters.set(maxChars, splitter);
  }
  return splitter.splitText(text);
}
