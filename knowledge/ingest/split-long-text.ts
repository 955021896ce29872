/** Cuts text still too long for one passage with LangChain's RecursiveCharacterTextSplitter. */
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

const splitters = new Map<number, RecursiveCharacterTextSplitter>();

export async function splitLongText(text: string, maxChars: number): Promise<string[]> {
  if (text.length <= maxChars) return [text];
  let splitter = splitters.get(maxChars);
  if (!splitter) {
    splitter = new RecursiveCharacterTextSplitter({
      chunkSize: maxChars,
      chunkOverlap: Math.floor(maxChars / 8),
      separators: ['\n\n', '\n', '; ', '. ', ', ', ' ', ''],
    });
    splitters.set(maxChars, splitter);
  }
  return splitter.splitText(text);
}
