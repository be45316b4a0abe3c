/**
 * Cleaning the text of imported records (the national portal's JSON, province spreadsheets). Real records carry
 * HTML fragments and entities, `\r\n`, tabs, non-breaking and zero-width spaces, doubled spaces, and "+"/"-"
 * bullets typed by hand. The cleaning keeps the meaning and the line structure: every line stays a line, markup is
 * dropped (never interpreted), entities become the characters they stand for, and bullets become Markdown list
 * items in the rich-text (MDX) fields. Pure functions: the import preview shows exactly what will be stored.
 */

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  laquo: "«",
  raquo: "»",
  ldquo: "“",
  rdquo: "”",
  lsquo: "‘",
  rsquo: "’",
  bull: "•",
  middot: "·",
  deg: "°",
  copy: "©",
  reg: "®",
  times: "×",
  divide: "÷",
  shy: "",
  zwnj: "",
  zwj: "",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      // Control characters and surrogates are dropped rather than decoded into the text.
      if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || (code < 0x20 && code !== 9 && code !== 10)) return "";
      return String.fromCodePoint(code);
    }
    const decoded = NAMED_ENTITIES[name.toLowerCase()];
    return decoded ?? whole;
  });
}

/** Block-level tags end a line; a list item starts one with a bullet; every other tag is dropped. */
function stripMarkup(text: string): string {
  return (
    text
      // Comments, scripts and styles go with their content.
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<li\b[^>]*>/gi, "\n- ")
      .replace(/<\/li\s*>/gi, "")
      .replace(/<\/(p|div|tr|h[1-6]|ul|ol|table|blockquote)\s*>/gi, "\n")
      .replace(/<(p|div|tr|h[1-6]|ul|ol|table|blockquote)\b[^>]*>/gi, "\n")
      .replace(/<\/?(td|th)\b[^>]*>/gi, " ")
      .replace(/<\/?[a-z][a-z0-9-]*\b[^>]*>/gi, "")
  );
}

/** Whether a text holds HTML markup or entities the cleaning would change. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9-]*\b[^>]*>|&(#x?[0-9a-f]+|[a-z]{2,8});/i.test(text);
}

/**
 * One line of plain text, as a name or a short field holds it: markup and entities resolved, every kind of
 * space and line break made a single space, trimmed. NFC, so "ộ" typed in two code points equals "ộ".
 */
export function cleanLine(value: unknown): string {
  return cleanText(value).replace(/\s*\n\s*/g, " ").trim();
}

/**
 * Plain text keeping its lines: markup and entities resolved, `\r\n` and `\r` made `\n`, tabs and the odd spaces
 * made plain spaces, runs of spaces made one, each line trimmed, more than one empty line made one.
 */
export function cleanText(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value).normalize("NFC");
  text = text.replace(/\r\n?/g, "\n");
  if (/[<&]/.test(text)) text = decodeEntities(stripMarkup(text));
  return (
    text
      .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, "")
      .replace(/[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\v\f]/g, " ")
      .replace(/[\u2028\u2029]/g, "\n")
      // Other control characters carry no meaning in a record.
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, "")
      .split("\n")
      .map((line) => line.replace(/ {2,}/g, " ").trim())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/** Characters MDX reads as syntax (expressions, JSX, escapes, emphasis, links, headings, code, tables). */
function escapeMdxInline(text: string): string {
  return text.replace(/[\\{}<>*_`[\]|~]/g, (c) => `\\${c}`);
}

/** A line that Markdown would read as a heading, a quote, an ordered list item, a rule or ESM, made literal. */
function escapeLineStart(line: string): string {
  // A line starting "import"/"export" would be read as ESM code: its first letter written as a character reference.
  if (/^(import|export)\b/.test(line)) return `&#x${line.charCodeAt(0).toString(16)};${escapeLineStart(line.slice(1))}`;
  return line.replace(/^(#{1,6}\s|>|=+\s*$|-{3,}\s*$)/, (m) => `\\${m}`).replace(/^(\d{1,9})([.)])(\s)/, "$1\\$2$3");
}

const BULLET = /^([-+•*–·▪●○◦])\s+(.*)$/;

/**
 * Rich text (MDX) from a cleaned plain text: each line kept as a line (a hard break inside a paragraph), empty
 * lines between paragraphs, "-", "•", "*" and "–" bullets made list items, and "+" bullets made items of a list
 * nested under the "-" item before them (the way Vietnamese legal texts write sub-points). Everything else is
 * escaped, so no text from a record can become an expression, a JSX element or a link.
 */
export function textToMdx(value: unknown): string {
  const lines = cleanText(value).split("\n");
  const out: string[] = [];
  let inList = false;
  let lastTop: string | null = null;
  for (const raw of lines) {
    if (raw === "") {
      out.push("");
      inList = false;
      lastTop = null;
      continue;
    }
    const bullet = BULLET.exec(raw);
    if (bullet) {
      const [, mark, rest] = bullet;
      const text = escapeMdxInline(rest);
      if (!inList && out.length > 0 && out.at(-1) !== "") out.push("");
      if (mark === "+" && lastTop !== null && lastTop !== "+") out.push(`  - ${text}`);
      else {
        out.push(`- ${text}`);
        lastTop = mark;
      }
      inList = true;
      continue;
    }
    if (inList) {
      out.push("");
      inList = false;
      lastTop = null;
    }
    const text = escapeLineStart(escapeMdxInline(raw));
    // A line after a line of the same paragraph: a hard break keeps the line structure.
    if (out.length > 0 && out.at(-1) !== "") out[out.length - 1] += "\\";
    out.push(text);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}
