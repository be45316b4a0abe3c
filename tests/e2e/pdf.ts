import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/**
 * A PDF's page count and text, read back with Mozilla's pdf.js (for checking what Chromium printed): `text` is
 * every page's text with whitespace collapsed, `pageTexts` the same per page (to check what lands on which page).
 */
export async function readPdf(pdf: Buffer | Uint8Array): Promise<{ pages: number; text: string; pageTexts: string[]; pageSize: [number, number] }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    texts.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  const first = await doc.getPage(1);
  const [, , width, height] = first.view;
  await doc.destroy();
  const collapse = (text: string) => text.replace(/\s+/g, " ");
  return { pages: doc.numPages, text: collapse(texts.join("\n")), pageTexts: texts.map((t) => collapse(t).trim()), pageSize: [Math.round(width), Math.round(height)] };
}
