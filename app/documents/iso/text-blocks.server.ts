import type { Nodes, Root } from "mdast";
import { toString } from "mdast-util-to-string";
import { parseMdx } from "~/utils/mdx.server";
import type { IsoBlock } from "./iso-document.server";

/**
 * Rich text (MDX, already checked safe when saved) as the paragraphs and lists of an ISO document. Inline
 * formatting is flattened to its text: the HTML, PDF and DOCX outputs show the same words, and no markup a
 * staff member wrote reaches a generated file as markup.
 */

export function textBlocks(source: string | undefined | null): IsoBlock[] {
  if (!source?.trim()) return [];
  let tree: Root;
  try {
    tree = parseMdx(source);
  } catch {
    // Text that no longer parses (saved before a rule changed) is still shown, as plain paragraphs.
    return source
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((text) => ({ type: "paragraph", text }));
  }
  const blocks: IsoBlock[] = [];
  const visit = (node: Nodes) => {
    switch (node.type) {
      case "root":
      case "blockquote":
        node.children.forEach(visit);
        return;
      case "mdxJsxFlowElement":
        // Components such as <Callout>: their content, not the component.
        node.children.forEach((child) => visit(child as Nodes));
        return;
      case "list":
        blocks.push({ type: "list", ordered: node.ordered === true, items: node.children.map((item) => clean(toString(item, { includeHtml: false }))).filter(Boolean) });
        return;
      case "heading":
        blocks.push({ type: "paragraph", text: clean(toString(node)), bold: true });
        return;
      case "paragraph":
      case "code": {
        const text = clean(toString(node));
        if (text) blocks.push({ type: "paragraph", text });
        return;
      }
      case "table":
        for (const row of node.children) blocks.push({ type: "paragraph", text: row.children.map((c) => clean(toString(c))).join(" | ") });
        return;
      default:
        return;
    }
  };
  visit(tree);
  return blocks;
}

const clean = (text: string) => text.replace(/[ \t\u00a0]+/g, " ").trim().normalize("NFC");
