import { foldForSearch } from "./search";

/**
 * The citizens' search of the procedure list (`/thu-tuc?q=`): case and diacritics ignored (đ = d, the same fold as
 * every search here), every word of the query must appear in the name or the code, and procedures whose name holds
 * the whole phrase come first, then those whose name holds every word, then those found by their code. The name's
 * matching words are marked for the page. Pure: the static site's offline search (issue 13) can share it.
 */

/** A piece of a name: marked when it matches a word of the query. */
export interface NamePart {
  text: string;
  match: boolean;
}

export interface SearchHit<T> {
  item: T;
  /** 0: the phrase in the name; 1: every word in the name; 2: found through the code. */
  rank: number;
  parts: NamePart[];
}

const foldChar = (ch: string) => (/\s/.test(ch) ? " " : foldForSearch(ch));

/** The folded text and, for each folded character, the index of the original character it came from. */
function foldWithIndex(text: string): { folded: string; origin: number[] } {
  let folded = "";
  const origin: number[] = [];
  const chars = Array.from(text.normalize("NFC"));
  let offset = 0;
  for (const ch of chars) {
    for (const f of foldChar(ch)) {
      folded += f;
      origin.push(offset);
    }
    offset += ch.length;
  }
  return { folded, origin };
}

/** Marks every occurrence of the words in `name` (overlapping ranges merged). */
export function markWords(name: string, words: readonly string[]): NamePart[] {
  const text = name.normalize("NFC");
  const { folded, origin } = foldWithIndex(text);
  const marked = new Array<boolean>(text.length).fill(false);
  for (const word of words) {
    if (!word) continue;
    for (let at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + 1)) {
      const start = origin[at];
      const endChar = origin[at + word.length - 1];
      const end = endChar + (text.codePointAt(endChar)! > 0xffff ? 2 : 1);
      for (let i = start; i < end; i++) marked[i] = true;
    }
  }
  const parts: NamePart[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = parts.at(-1);
    if (last && last.match === marked[i]) last.text += text[i];
    else parts.push({ text: text[i], match: marked[i] });
  }
  return parts;
}

/** The query's words, folded (at most `maxWords`, the rest ignored). */
export function queryWords(query: string, maxWords = 12): string[] {
  return foldForSearch(query).split(" ").filter(Boolean).slice(0, maxWords);
}

/** Folded name and code of each item, kept while the item lives (a release's list is read by every search). */
const foldedOf = new WeakMap<object, { name: string; code: string }>();
function folded(item: { name: string; code: string }) {
  let found = foldedOf.get(item);
  if (!found) {
    found = { name: foldForSearch(item.name), code: foldForSearch(item.code) };
    foldedOf.set(item, found);
  }
  return found;
}

/** The matches, best first (then by name); each hit's marked name is made when it is read (a page shows 20). */
export function searchByName<T extends { name: string; code: string }>(items: readonly T[], query: string): SearchHit<T>[] {
  const words = queryWords(query);
  const phrase = words.join(" ");
  const collator = new Intl.Collator("vi");
  const hits: SearchHit<T>[] = [];
  for (const item of items) {
    const { name, code } = folded(item);
    if (!words.every((w) => name.includes(w) || code.includes(w))) continue;
    const rank = phrase && name.includes(phrase) ? 0 : words.every((w) => name.includes(w)) ? 1 : 2;
    hits.push({
      item,
      rank,
      get parts() {
        return markWords(item.name, words);
      },
    });
  }
  return hits.sort((a, b) => a.rank - b.rank || collator.compare(a.item.name, b.item.name));
}
