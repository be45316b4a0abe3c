/**
 * The one MDX compiler of the app: turns staff-authored MDX (code of conduct, long procedure
 * descriptions, the quality policy) into an HTML string that is safe to put into a page.
 *
 * Pipeline, all synchronous and none of it executes the author's text:
 *   1. parse with remark-parse + remark-mdx (the MDX grammar, so authors write the same MDX as
 *      everywhere else, but nothing is ever compiled to JavaScript or run — no `evaluate`/`run`);
 *   2. validate the mdast and collect every issue, each with its line (and column), in Vietnamese;
 *   3. convert to hast with remark-rehype, mapping the allowed components to plain elements
 *      (`<Callout type="warning">` → `<aside class="callout callout--warning" role="note">`);
 *   4. sanitise the hast with hast-util-sanitize against an allow-list of elements, attributes and URL
 *      schemes (a second line of defence: step 2 already refuses what step 4 would drop);
 *   5. serialise it with hast-util-to-html, which escapes every text and attribute value.
 *
 * Design choice — reject, never neutralise: JSX that looks like HTML (`<div>`, `<script>`,
 * `<a href="javascript:…">`, `<style>`), unknown components, expressions and unsafe link/image
 * URLs are all *errors* with a line number, not silently removed. An author who typed `<iframe>`
 * learns it at save time (and the catalog checker reports it) instead of publishing a page with a
 * hole in it. Raw HTML cannot occur at all: MDX has no raw-HTML syntax (`<!-- -->` and unquoted
 * attributes such as `<img src=x onerror=…>` are syntax errors, reported with their line).
 *
 * GFM (tables, strikethrough, autolinks) is not enabled: `remark-gfm` is not installed.
 */
import { createHash } from "node:crypto";
import type { Element, ElementContent, Properties, Root as HastRoot } from "hast";
import type { Nodes as MdastNodes, Paragraph, PhrasingContent, Root as MdastRoot } from "mdast";
import { sanitize, type Schema as SanitizeSchema } from "hast-util-sanitize";
import { toHtml } from "hast-util-to-html";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import remarkRehype, { type Options as RemarkRehypeOptions } from "remark-rehype";
import { unified } from "unified";

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface MdxIssue {
  line: number;
  column?: number;
  /** Vietnamese, already prefixed with the place: "Dòng 3: …" or "Dòng 3, cột 7: …". */
  message: string;
}

export class MdxSafetyError extends Error {
  readonly issues: MdxIssue[];

  constructor(issues: MdxIssue[]) {
    super(issues.map((issue) => issue.message).join("\n"));
    this.name = "MdxSafetyError";
    this.issues = issues;
  }
}

// ---------------------------------------------------------------------------------------------
// Allowed components
// ---------------------------------------------------------------------------------------------

type Attributes = Record<string, string>;

interface ComponentSpec {
  name: string;
  description: string;
  /** Each allowed attribute with its allowed string values; the first value is the default. */
  attributes: Record<string, readonly string[]>;
  example: string;
  /** May it sit inside a sentence? A block-only component must stand on its own line(s). */
  inline: boolean;
  toElement(attributes: Attributes, children: ElementContent[], placement: "block" | "inline"): Element;
}

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: "element", tagName, properties, children };
}

/** A block whose only content is one paragraph renders as that paragraph (no `<div><p>` nesting). */
function soleParagraph(children: ElementContent[]): Element | undefined {
  const significant = children.filter((child) => !(child.type === "text" && child.value.trim() === ""));
  const [first] = significant;
  return significant.length === 1 && first?.type === "element" && first.tagName === "p" ? first : undefined;
}

const CALLOUT_TYPES = ["info", "warning"] as const;

const COMPONENT_SPECS: readonly ComponentSpec[] = [
  {
    name: "Callout",
    description: "Khung lưu ý. Thuộc tính type: \"info\" (mặc định) hoặc \"warning\".",
    attributes: { type: CALLOUT_TYPES },
    example: '<Callout type="warning">\n\nHồ sơ nộp sau 16 giờ được tính vào ngày làm việc tiếp theo.\n\n</Callout>',
    inline: false,
    toElement: (attributes, children) =>
      element("aside", { className: ["callout", `callout--${attributes.type}`], role: "note" }, children),
  },
  {
    name: "Slogan",
    description: "Dòng khẩu hiệu được làm nổi bật.",
    attributes: {},
    example: "<Slogan>Vì nhân dân phục vụ</Slogan>",
    inline: true,
    toElement: (_attributes, children, placement) => {
      if (placement === "inline") return element("span", { className: ["slogan"] }, children);
      const paragraph = soleParagraph(children);
      return paragraph
        ? element("p", { className: ["slogan"] }, paragraph.children)
        : element("div", { className: ["slogan"] }, children);
    },
  },
];

const COMPONENTS = new Map(COMPONENT_SPECS.map((spec) => [spec.name, spec]));

/** The components authors may use, for documentation and editor help. */
export const ALLOWED_COMPONENTS: readonly {
  name: string;
  description: string;
  attributes: Readonly<Record<string, readonly string[]>>;
  example: string;
}[] = COMPONENT_SPECS.map(({ name, description, attributes, example }) => ({ name, description, attributes, example }));

const COMPONENT_NAMES = COMPONENT_SPECS.map((spec) => `<${spec.name}>`).join(", ");

// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

const LINK_SCHEMES = new Set(["http", "https", "mailto", "tel"]);
const IMAGE_SCHEMES = new Set(["http", "https"]);

/**
 * The scheme a browser would see, lower-cased: browsers drop tabs and newlines anywhere in a URL
 * and control characters/spaces at its ends, so `java\tscript:` and ` JAVASCRIPT:` are both
 * `javascript`. Character references (`java&#x09;script:`) are already decoded by the parser.
 * Returns undefined for relative URLs (`/a`, `a/b:c`, `?q`, `#top`, `//host/x`). A colon before
 * any `/`, `?` or `#` that does not form a valid scheme (e.g. `java%09script:`) is returned as is
 * so that the caller refuses it.
 */
function urlScheme(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const match = /^([^/?#]*?):/.exec(cleaned);
  return match ? (match[1] ?? "").toLowerCase() : undefined;
}

/** Whether a link (`kind: "link"`) or image source (`kind: "image"`) URL may be published. */
export function isSafeUrl(url: string, kind: "link" | "image"): boolean {
  const scheme = urlScheme(url);
  if (scheme === undefined) return true;
  return (kind === "link" ? LINK_SCHEMES : IMAGE_SCHEMES).has(scheme);
}

// ---------------------------------------------------------------------------------------------
// Validation of the mdast
// ---------------------------------------------------------------------------------------------

type JsxElementNode = Extract<MdastNodes, { type: "mdxJsxFlowElement" | "mdxJsxTextElement" }>;
type ExpressionNode = Extract<MdastNodes, { type: "mdxFlowExpression" | "mdxTextExpression" }>;
type Place = { line: number; column: number } | undefined;

function issueAt(place: Place, text: string): MdxIssue {
  const line = place?.line ?? 1;
  const column = place?.column;
  // Column 1 adds nothing for a reader ("Dòng 3: không được dùng lệnh import/export…").
  const where = column !== undefined && column > 1 ? `Dòng ${line}, cột ${column}` : `Dòng ${line}`;
  return column === undefined ? { line, message: `${where}: ${text}` } : { line, column, message: `${where}: ${text}` };
}

function startOf(node: { position?: { start: { line: number; column: number } } | undefined }): Place {
  return node.position?.start;
}

/** Node types remark-parse + remark-mdx produce that we render; anything else is refused. */
const MARKDOWN_TYPES = new Set([
  "root", "paragraph", "heading", "thematicBreak", "blockquote", "list", "listItem", "code", "inlineCode",
  "emphasis", "strong", "link", "image", "linkReference", "imageReference", "definition", "break", "text",
]);

/** `{/* ghi chú *\/}` is MDX's comment syntax: an expression with no statements, harmless to drop. */
function isCommentOnly(node: ExpressionNode): boolean {
  return node.data?.estree?.body.length === 0;
}

function checkJsxElement(node: JsxElementNode, issues: MdxIssue[]): void {
  const name = node.name;
  const spec = name === null ? undefined : COMPONENTS.get(name);
  if (name === null) {
    issues.push(issueAt(startOf(node), "không được dùng thẻ rỗng <>…</>"));
  } else if (!spec) {
    const lookalike = COMPONENT_SPECS.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    const hint = lookalike ? ` Có phải ý bạn là <${lookalike.name}>?` : "";
    const text = /^[a-z]/.test(name)
      ? `không được dùng thẻ HTML <${name}>; hãy dùng cú pháp Markdown hoặc một thành phần được phép: ${COMPONENT_NAMES}.${hint}`
      : `không được dùng thành phần <${name}>; chỉ được dùng: ${COMPONENT_NAMES}.`;
    issues.push(issueAt(startOf(node), text));
  } else if (node.type === "mdxJsxTextElement" && !spec.inline) {
    issues.push(issueAt(startOf(node), `thành phần <${name}> phải đứng riêng trên một dòng, không nằm giữa câu`));
  }

  for (const attribute of node.attributes) {
    const place = startOf(attribute) ?? startOf(node);
    const tag = `<${name ?? ""}>`;
    if (attribute.type === "mdxJsxExpressionAttribute") {
      issues.push(issueAt(place, `không được dùng thuộc tính trải {…} trong ${tag}`));
      continue;
    }
    const attributeName = attribute.name;
    if (/^on/i.test(attributeName)) {
      issues.push(issueAt(place, `không được dùng thuộc tính sự kiện "${attributeName}" trong ${tag}`));
      continue;
    }
    if (attribute.value !== null && typeof attribute.value === "object") {
      issues.push(issueAt(place, `thuộc tính ${attributeName}={…} trong ${tag} không được dùng biểu thức JavaScript; hãy viết giá trị trong dấu ngoặc kép`));
      continue;
    }
    if (!spec) continue; // the element itself is already refused
    const allowedValues = spec.attributes[attributeName];
    if (!allowedValues) {
      const allowedNames = Object.keys(spec.attributes);
      const suffix = allowedNames.length ? `chỉ dùng: ${allowedNames.join(", ")}` : "thành phần này không có thuộc tính nào";
      issues.push(issueAt(place, `thuộc tính "${attributeName}" không được phép trong ${tag}; ${suffix}`));
    } else if (attribute.value === null || attribute.value === undefined) {
      issues.push(issueAt(place, `thuộc tính "${attributeName}" trong ${tag} phải có giá trị, ví dụ ${attributeName}="${allowedValues[0]}"`));
    } else if (!allowedValues.includes(attribute.value)) {
      const choices = allowedValues.map((value) => `"${value}"`).join(", ");
      issues.push(issueAt(place, `giá trị ${attributeName}="${attribute.value}" không hợp lệ trong ${tag}; chọn một trong: ${choices}`));
    }
  }
}

function checkUrl(url: string, kind: "link" | "image", place: Place, issues: MdxIssue[]): void {
  if (isSafeUrl(url, kind)) return;
  const allowed = kind === "link"
    ? "http(s), mailto, tel, đường dẫn tương đối hoặc #"
    : "http(s) hoặc đường dẫn tương đối";
  const what = kind === "link" ? "liên kết" : "hình ảnh";
  issues.push(issueAt(place, `${what} dùng giao thức không an toàn "${(urlScheme(url) ?? "").trim()}:"; chỉ dùng ${allowed}`));
}

function collectIssues(node: MdastNodes, issues: MdxIssue[]): void {
  switch (node.type) {
    case "mdxjsEsm":
      issues.push(issueAt(startOf(node), "không được dùng lệnh import/export trong nội dung MDX"));
      return; // its body is JavaScript, nothing below to inspect
    case "mdxFlowExpression":
    case "mdxTextExpression":
      if (!isCommentOnly(node)) {
        issues.push(issueAt(startOf(node), "không được dùng biểu thức JavaScript {…} trong nội dung MDX; muốn hiện dấu ngoặc nhọn thì viết \\{"));
      }
      return;
    case "mdxJsxFlowElement":
    case "mdxJsxTextElement":
      checkJsxElement(node, issues);
      break;
    case "link":
    case "definition":
      checkUrl(node.url, "link", startOf(node), issues);
      break;
    case "image":
      checkUrl(node.url, "image", startOf(node), issues);
      break;
    default:
      if (!MARKDOWN_TYPES.has(node.type)) {
        issues.push(issueAt(startOf(node), `nội dung kiểu "${node.type}" không được hỗ trợ`));
        return;
      }
  }
  if ("children" in node) {
    for (const child of node.children) collectIssues(child, issues);
  }
}

/**
 * `<Slogan>Vì nhân dân phục vụ</Slogan>` alone on a line parses as a paragraph holding an inline
 * element; treat it as the block the author meant, so it renders `<p class="slogan">` rather
 * than `<p><span class="slogan">`, and a one-line `<Callout>` is not an `<aside>` inside a `<p>`.
 */
function promoteLoneComponents(node: MdastNodes): void {
  if (!("children" in node)) return;
  node.children = node.children.map((child) => {
    if (child.type !== "paragraph") return child;
    const significant = child.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
    const [only] = significant;
    if (significant.length !== 1 || only?.type !== "mdxJsxTextElement" || !only.name || !COMPONENTS.has(only.name)) {
      return child;
    }
    const paragraph: Paragraph = { type: "paragraph", children: only.children as PhrasingContent[] };
    if (only.position) paragraph.position = only.position;
    const block: Extract<MdastNodes, { type: "mdxJsxFlowElement" }> = {
      type: "mdxJsxFlowElement",
      name: only.name,
      attributes: only.attributes,
      children: [paragraph],
    };
    if (child.position) block.position = child.position;
    return block;
  }) as typeof node.children;
  for (const child of node.children) promoteLoneComponents(child);
}

// ---------------------------------------------------------------------------------------------
// Parse errors (MDX syntax) → Vietnamese issues
// ---------------------------------------------------------------------------------------------

interface ParseFailure {
  reason: string;
  line?: number | undefined;
  column?: number | undefined;
  ruleId?: string | undefined;
  source?: string | undefined;
}

function isParseFailure(error: unknown): error is Error & ParseFailure {
  return error instanceof Error && typeof (error as Partial<ParseFailure>).reason === "string";
}

function describeParseFailure(failure: ParseFailure): string {
  const { reason, ruleId, source } = failure;
  if (reason.includes("to create a comment in MDX")) {
    return "không dùng chú thích HTML <!-- … -->; nếu cần ghi chú, hãy viết {/* … */}";
  }
  if (reason.includes("to create a link in MDX")) return "không viết liên kết dạng <https://…>; hãy viết [chữ hiển thị](https://…)";
  if (source === "micromark-extension-mdxjs-esm") return "không được dùng lệnh import/export trong nội dung MDX";
  if (source === "micromark-extension-mdx-expression") {
    return "không được dùng biểu thức JavaScript {…} trong nội dung MDX; muốn hiện dấu ngoặc nhọn thì viết \\{";
  }
  if (/before attribute value/.test(reason)) {
    return 'giá trị thuộc tính phải đặt trong dấu ngoặc kép, ví dụ type="info"';
  }
  const unclosed = /Expected a closing tag for `<([^>`]*)>`/.exec(reason);
  if (unclosed) return `thẻ <${unclosed[1]}> chưa có thẻ đóng </${unclosed[1]}>`;
  if (ruleId === "end-tag-mismatch") return "thẻ đóng không khớp với thẻ mở (kiểm tra thứ tự các thẻ và dấu * _)";
  if (ruleId === "unexpected-closing-slash") return "có thẻ đóng nhưng không có thẻ mở tương ứng";
  if (/before name/.test(reason)) return "dấu < phải mở đầu một thẻ; muốn hiện dấu < thì viết \\<";
  if (ruleId === "unexpected-eof") return "thẻ chưa được viết hết (thiếu dấu >)";
  return `lỗi cú pháp MDX (${reason})`;
}

function parseFailureToIssue(failure: ParseFailure): MdxIssue {
  let place: Place;
  if (failure.line !== undefined) {
    place = { line: failure.line, column: failure.column ?? 1 };
  } else {
    // mdast-util-mdx-jsx puts the place only in the text: "… `<Callout>` (1:1-1:10)".
    const match = /\((\d+):(\d+)(?:-\d+:\d+)?\)/.exec(failure.reason);
    place = match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
  }
  return issueAt(place, describeParseFailure(failure));
}

// ---------------------------------------------------------------------------------------------
// mdast → hast
// ---------------------------------------------------------------------------------------------

type Handler = NonNullable<NonNullable<RemarkRehypeOptions["handlers"]>["root"]>;

const jsxElementHandler: Handler = (state, node: JsxElementNode) => {
  // Only validated trees get here, so the name is allowed and every attribute a string literal.
  const spec = COMPONENTS.get(node.name ?? "");
  if (!spec) return undefined;
  const attributes: Attributes = {};
  for (const [attributeName, values] of Object.entries(spec.attributes)) {
    attributes[attributeName] = values[0] ?? "";
  }
  for (const attribute of node.attributes) {
    if (attribute.type === "mdxJsxAttribute" && typeof attribute.value === "string") {
      attributes[attribute.name] = attribute.value;
    }
  }
  const block = node.type === "mdxJsxFlowElement";
  const children = block ? state.wrap(state.all(node), true) : state.all(node);
  const result = spec.toElement(attributes, children, block ? "block" : "inline");
  state.patch(node, result);
  return result;
};

const dropNode: Handler = () => undefined;

const processor = unified()
  .use(remarkParse)
  .use(remarkMdx)
  .use(remarkRehype, {
    allowDangerousHtml: false,
    handlers: {
      mdxJsxFlowElement: jsxElementHandler,
      mdxJsxTextElement: jsxElementHandler,
      mdxFlowExpression: dropNode, // only comments survive validation
      mdxTextExpression: dropNode,
      mdxjsEsm: dropNode,
    },
  })
  .freeze();

// ---------------------------------------------------------------------------------------------
// hast sanitiser and serialiser
// ---------------------------------------------------------------------------------------------

const COMPONENT_CLASSES = ["callout", "slogan", ...CALLOUT_TYPES.map((type) => `callout--${type}`)];

/**
 * hast-util-sanitize's allow-list: the elements mdast-util-to-hast emits for CommonMark plus our components,
 * with only the attributes (and attribute values) they need. Links and images keep only safe schemes;
 * `<script>` and the like are dropped with their content; comments, doctypes and raw nodes are dropped.
 */
const SANITIZE_SCHEMA: SanitizeSchema = {
  tagNames: ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "br", "pre", "ul", "ol", "li", "em", "strong", "code", "a", "img", "aside", "div", "span"],
  attributes: {
    p: [["className", ...COMPONENT_CLASSES]],
    aside: [["className", ...COMPONENT_CLASSES], ["role", "note"]],
    div: [["className", ...COMPONENT_CLASSES]],
    span: [["className", ...COMPONENT_CLASSES]],
    code: [["className", /^language-[\w+#-]+$/]],
    ol: ["start"],
    a: ["href", "title"],
    img: ["src", "alt", "title"],
  },
  protocols: { href: [...LINK_SCHEMES], src: [...IMAGE_SCHEMES] },
  strip: ["script", "style", "iframe", "object", "embed", "template", "textarea", "select", "noscript"],
  clobberPrefix: "",
  clobber: [],
  allowComments: false,
  allowDoctypes: false,
};

/** The last line of defence, whatever tree reaches it (step 2 already refuses what this would drop). */
export function sanitizeHast(tree: HastRoot): HastRoot {
  const clean = sanitize(tree, SANITIZE_SCHEMA) as HastRoot;
  // A URL the scheme list lets through may still be unsafe once whitespace and case are considered.
  visitElements(clean, (node) => {
    if (node.tagName === "a" && typeof node.properties.href === "string" && !isSafeUrl(node.properties.href, "link")) delete node.properties.href;
    if (node.tagName === "img" && typeof node.properties.src === "string" && !isSafeUrl(node.properties.src, "image")) delete node.properties.src;
    if (Array.isArray(node.properties.className) && node.properties.className.length === 0) delete node.properties.className;
  });
  return clean;
}

function visitElements(node: HastRoot | Element, visit: (element: Element) => void): void {
  for (const child of node.children) {
    if (child.type === "element") {
      visit(child);
      visitElements(child, visit);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Compile with a content-hash LRU cache
// ---------------------------------------------------------------------------------------------

type Compiled = { ok: true; html: string } | { ok: false; issues: MdxIssue[] };

function compileUncached(source: string): Compiled {
  let tree: MdastRoot;
  try {
    tree = processor.parse(source);
  } catch (error) {
    if (isParseFailure(error)) return { ok: false, issues: [parseFailureToIssue(error)] };
    throw error;
  }
  promoteLoneComponents(tree);
  const issues: MdxIssue[] = [];
  collectIssues(tree, issues);
  if (issues.length > 0) {
    issues.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    return { ok: false, issues };
  }
  const hast = processor.runSync(tree);
  return { ok: true, html: toHtml(sanitizeHast(hast), { characterReferences: { useNamedReferences: true } }).trim() };
}

const CACHE_MAX_ENTRIES = 500;
const cache = new Map<string, Compiled>();
let cacheHits = 0;
let cacheMisses = 0;

function compile(source: string): Compiled {
  const key = createHash("sha256").update(source, "utf8").digest("hex");
  const cached = cache.get(key);
  if (cached) {
    cacheHits += 1;
    cache.delete(key); // re-insert: Map order is the recency order
    cache.set(key, cached);
    return cached;
  }
  cacheMisses += 1;
  const compiled = compileUncached(source);
  cache.set(key, compiled);
  if (cache.size > CACHE_MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return compiled;
}

export function mdxCacheStats(): { size: number; maxEntries: number; hits: number; misses: number } {
  return { size: cache.size, maxEntries: CACHE_MAX_ENTRIES, hits: cacheHits, misses: cacheMisses };
}

export function clearMdxCache(): void {
  cache.clear();
  cacheHits = 0;
  cacheMisses = 0;
}

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

/** Every problem in `source`, in order, without throwing (empty when it renders). */
export function checkMdx(source: string): MdxIssue[] {
  const compiled = compile(source);
  return compiled.ok ? [] : compiled.issues.map((issue) => ({ ...issue }));
}

/** The Markdown tree of `source` as this module parses it (for text outputs that are not HTML, such as DOCX); throws on a syntax error. */
export function parseMdx(source: string): MdastRoot {
  return processor.parse(source) as MdastRoot;
}

/** Safe HTML for `source`, or MdxSafetyError listing every problem. */
export function renderMdx(source: string): string {
  const compiled = compile(source);
  if (!compiled.ok) throw new MdxSafetyError(compiled.issues.map((issue) => ({ ...issue })));
  return compiled.html;
}
