interface RichTextProps {
  /** HTML returned by `renderMdx` (app/utils/mdx.server.ts) — never any other string. */
  html: string;
}

/** Staff-authored rich text (code of conduct, procedure descriptions, quality policy). */
export function RichText({ html }: RichTextProps) {
  // dangerouslySetInnerHTML is safe here only because `html` came from renderMdx: it parses the MDX
  // without running it, refuses scripts, expressions, raw HTML, unknown components and unsafe URLs,
  // keeps only allow-listed elements and attributes, and escapes every text and attribute value.
  return <div className="rich-text" dangerouslySetInnerHTML={{ __html: html }} />;
}
