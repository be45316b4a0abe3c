import { createRequire } from "node:module";
import * as fontkit from "fontkit";

/**
 * The typeface the ISO documents embed: Tinos (Google Fonts, OFL), metric-compatible with Times New Roman, the
 * face Vietnamese administrative documents are set in, with every Vietnamese letter. The flowchart measures its
 * text with the same font files, so a line wrapped here is the line the document prints.
 */

const require = createRequire(import.meta.url);

export const DOCUMENT_FONT_FAMILY = "Tinos";
/** What a reader without Tinos falls back to: the same metrics under other names. */
export const DOCUMENT_FONT_STACK = "Tinos, 'Times New Roman', 'Liberation Serif', serif";

export const DOCUMENT_FONT_FILES = {
  regular: require.resolve("@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf"),
} as const;

type Face = { font: fontkit.Font; widths: Map<number, number> };
const faces: Partial<Record<"regular" | "bold", Face>> = {};

function face(bold: boolean): Face {
  const name = bold ? "bold" : "regular";
  const loaded = faces[name];
  if (loaded) return loaded;
  const font = fontkit.openSync(DOCUMENT_FONT_FILES[name]);
  if (!("glyphForCodePoint" in font)) throw new Error(`${DOCUMENT_FONT_FILES[name]} is a font collection, not one font`);
  const made = { font: font as fontkit.Font, widths: new Map<number, number>() };
  faces[name] = made;
  return made;
}

/** Width of `text` set at `size` (in the same unit as `size`), from the glyphs' advance widths, text in NFC. */
export function textWidth(text: string, size: number, bold = false): number {
  const { font, widths } = face(bold);
  let units = 0;
  for (const char of text.normalize("NFC")) {
    const codePoint = char.codePointAt(0) ?? 0;
    let width = widths.get(codePoint);
    if (width === undefined) {
      width = font.glyphForCodePoint(codePoint).advanceWidth;
      widths.set(codePoint, width);
    }
    units += width;
  }
  return (units / font.unitsPerEm) * size;
}

/**
 * `text` broken into lines no wider than `maxWidth` at `size`: at spaces, and inside a word only when the word alone
 * is wider than the line. Line breaks in the text are kept.
 */
export function wrapText(text: string, maxWidth: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.normalize("NFC").split(/\r?\n/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (textWidth(candidate, size, bold) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = "";
      // A word longer than the line is cut where it must be.
      let rest = word;
      while (textWidth(rest, size, bold) > maxWidth) {
        let cut = rest.length - 1;
        while (cut > 1 && textWidth(rest.slice(0, cut), size, bold) > maxWidth) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    if (line || lines.length === 0) lines.push(line);
  }
  return lines;
}
