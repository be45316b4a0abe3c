import { diffWordsWithSpace } from "diff";
import type { JSONSchema7 } from "json-schema";
import { create, type Delta } from "jsondiffpatch";
import { formatDate, formatDuration, formatMoney, formatNumber, type Duration } from "./format";
import { childSchema, escapePointer, resolveSchema } from "./schema-walk";

/**
 * What changed between two revisions of a document, in the domain's words: each change names the field by its
 * path of titles, list items by what they are called ("Thành phần hồ sơ › Tờ khai đăng ký khai sinh › Số bản
 * chính"), and shows values as officers read them (2.000 đồng, 5 ngày làm việc, 22/11/2026). List items are
 * matched by identity (code, id, name), so an insertion or a reordering reads as what it is; long texts are
 * compared word by word. jsondiffpatch finds the structural changes; this module reads its delta.
 */

export type ChangeKind = "added" | "removed" | "changed" | "moved";

export interface WordPart {
  text: string;
  op: "same" | "added" | "removed";
}

export interface Change {
  kind: ChangeKind;
  /** JSON pointer in the newer revision (in the older one for a removal). */
  pointer: string;
  /** The field's path of titles, list items by name. */
  path: string;
  before?: string;
  after?: string;
  /** A long text changed: its words, each kept, added or removed. */
  words?: WordPart[];
  /** A moved list item: its positions (1-based) before and after. */
  from?: number;
  to?: number;
}

type Body = Record<string, unknown>;
const SEPARATOR = " › ";

const isRecord = (v: unknown): v is Body => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What a list item is called: its name, title or code; else its kind ("Trực tiếp"), its period ("áp dụng từ
 * 01/01/2017") or its range ("từ 1 đến 2"); a plain value is itself.
 */
function itemLabel(root: JSONSchema7, raw: JSONSchema7 | undefined, item: unknown, index: number): string {
  if (isRecord(item)) {
    for (const key of ["name", "title", "number", "code", "id"]) {
      const v = item[key];
      if (typeof v === "string" && v.trim()) return v.length > 80 ? `${v.slice(0, 77)}…` : v;
    }
    const schema = raw ? resolveSchema(root, raw) : {};
    if (typeof item.type === "string") {
      const child = childSchema(root, schema, "type");
      return formatValue(root, child?.schema, item.type);
    }
    if (typeof item.effectiveFrom === "string") return `áp dụng từ ${formatDate(item.effectiveFrom)}`;
    if (typeof item.from === "number") return typeof item.to === "number" ? `từ ${item.from} đến ${item.to}` : `từ ${item.from}`;
    return `mục ${index + 1}`;
  }
  return typeof item === "string" || typeof item === "number" ? String(item) : `mục ${index + 1}`;
}

/** The identity jsondiffpatch matches list items by. */
function identity(item: object, index?: number): string {
  if (isRecord(item)) {
    for (const key of ["code", "id", "feeCode", "formCode", "agencyCode", "name", "title"]) {
      const v = item[key];
      if (typeof v === "string" || typeof v === "number") return `${key}:${v}`;
    }
  }
  return `$index:${index ?? 0}`;
}

const differ = create({ objectHash: identity, arrays: { detectMove: true, includeValueOnMove: false } });

/** A value as officers read it, by what its schema says it is. */
export function formatValue(root: JSONSchema7, raw: JSONSchema7 | undefined, value: unknown): string {
  if (value === undefined || value === null || value === "") return "(trống)";
  const schema = raw ? resolveSchema(root, raw) : {};
  const ref = raw?.$ref;
  if (ref === "#/definitions/duration" && isRecord(value)) return formatDuration(value as unknown as Duration);
  if (ref === "#/definitions/money" && isRecord(value) && typeof value.amount === "number") {
    return formatMoney(value.amount, typeof value.currency === "string" ? value.currency : null);
  }
  if (ref === "#/definitions/vnd" && typeof value === "number") return formatMoney(value);
  if (schema.format === "date" && typeof value === "string") return formatDate(value);
  const choice = (schema.oneOf ?? []).find((b) => typeof b === "object" && "const" in b && b.const === value);
  if (choice && typeof choice === "object" && choice.title) return choice.title;
  if (typeof value === "boolean") return value ? "Có" : "Không";
  if (typeof value === "number") return formatNumber(value, 4);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const itemRaw = typeof schema.items === "object" && !Array.isArray(schema.items) ? schema.items : undefined;
    return value.length === 0 ? "(trống)" : value.map((item, i) => itemLabel(root, itemRaw, item, i)).join("; ");
  }
  // An object: its fields as "Title: value", in the schema's order.
  return Object.entries(value as Body)
    .map(([key, v]) => {
      const child = childSchema(root, schema, key);
      const title = child ? (resolveSchema(root, child.schema).title ?? key) : key;
      return `${title}: ${formatValue(root, child?.schema, v)}`;
    })
    .join("; ");
}

/** Values shown as one unit: a duration or an amount changes as a whole ("5 ngày làm việc → 3 ngày làm việc"). */
const WHOLE_VALUES = new Set(["#/definitions/duration", "#/definitions/money"]);

/** Texts long enough to be compared word by word. */
const isLongText = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && Math.max(a.length, b.length) > 60;

function wordsOf(before: string, after: string): WordPart[] {
  return diffWordsWithSpace(before.normalize("NFC"), after.normalize("NFC")).map((part) => ({
    text: part.value,
    op: part.added ? "added" : part.removed ? "removed" : "same",
  }));
}

interface Walk {
  root: JSONSchema7;
  changes: Change[];
}

function titleOf(root: JSONSchema7, raw: JSONSchema7 | undefined, fallback: string): string {
  return (raw ? resolveSchema(root, raw).title : undefined) ?? fallback;
}

function walk(w: Walk, delta: Delta, left: unknown, right: unknown, raw: JSONSchema7 | undefined, pointer: string, path: string[]): void {
  const here = path.join(SEPARATOR) || "Tài liệu";
  if (Array.isArray(delta)) {
    if (delta.length === 1) {
      w.changes.push({ kind: "added", pointer, path: here, after: formatValue(w.root, raw, delta[0]) });
    } else if (delta.length === 2) {
      const [before, after] = delta;
      const change: Change = { kind: "changed", pointer, path: here, before: formatValue(w.root, raw, before), after: formatValue(w.root, raw, after) };
      if (isLongText(before, after)) {
        // Word marks help when the texts are mostly the same; a rewritten text reads better whole, before → after.
        const words = wordsOf(before as string, after as string);
        const kept = words.filter((p) => p.op === "same").reduce((n, p) => n + p.text.trim().length, 0);
        if (kept >= 0.5 * Math.max((before as string).length, (after as string).length)) change.words = words;
      }
      w.changes.push(change);
    } else if (delta.length === 3 && delta[2] === 0) {
      w.changes.push({ kind: "removed", pointer, path: here, before: formatValue(w.root, raw, delta[0]) });
    }
    return;
  }
  if (!delta || typeof delta !== "object") return;
  const schema = raw ? resolveSchema(w.root, raw) : undefined;
  if (raw?.$ref && WHOLE_VALUES.has(raw.$ref)) {
    w.changes.push({ kind: "changed", pointer, path: here, before: formatValue(w.root, raw, left), after: formatValue(w.root, raw, right) });
    return;
  }
  const record = delta as Record<string, unknown>;
  if (record._t === "a") {
    const leftList = Array.isArray(left) ? left : [];
    const rightList = Array.isArray(right) ? right : [];
    const itemRaw = schema && typeof schema.items === "object" && !Array.isArray(schema.items) ? schema.items : undefined;
    const listTitle = path;
    for (const [key, inner] of Object.entries(record)) {
      if (key === "_t") continue;
      if (key.startsWith("_")) {
        const index = Number(key.slice(1));
        const old = leftList[index];
        const label = itemLabel(w.root, itemRaw, old, index);
        const op = inner as unknown[];
        if (op.length === 3 && op[2] === 0) {
          w.changes.push({ kind: "removed", pointer: `${pointer}/${index}`, path: [...listTitle, label].join(SEPARATOR), before: formatValue(w.root, itemRaw, old) });
        } else if (op.length === 3 && op[2] === 3) {
          const to = Number(op[1]);
          w.changes.push({ kind: "moved", pointer: `${pointer}/${to}`, path: [...listTitle, label].join(SEPARATOR), from: index + 1, to: to + 1 });
        }
        continue;
      }
      const index = Number(key);
      const now = rightList[index];
      if (Array.isArray(inner) && inner.length === 1) {
        w.changes.push({ kind: "added", pointer: `${pointer}/${index}`, path: [...listTitle, itemLabel(w.root, itemRaw, now, index)].join(SEPARATOR), after: formatValue(w.root, itemRaw, now) });
        continue;
      }
      // The same item changed: find it in the older list by identity.
      const hash = isRecord(now) ? identity(now, index) : null;
      const before = hash && !hash.startsWith("$index") ? leftList.find((item, i) => isRecord(item) && identity(item, i) === hash) : leftList[index];
      walk(w, inner as Delta, before, now, itemRaw, `${pointer}/${index}`, [...listTitle, itemLabel(w.root, itemRaw, now ?? before, index)]);
    }
    return;
  }
  for (const [key, inner] of Object.entries(record)) {
    const child = schema ? childSchema(w.root, schema, key) : undefined;
    walk(w, inner as Delta, isRecord(left) ? left[key] : undefined, isRecord(right) ? right[key] : undefined, child?.schema, `${pointer}/${escapePointer(key)}`, [
      ...path,
      titleOf(w.root, child?.schema, key),
    ]);
  }
}

/** The changes from `before` to `after`, two bodies of one document kind (`schema` is its bundled schema). */
export function diffDocuments(schema: JSONSchema7, before: unknown, after: unknown): Change[] {
  const delta = differ.diff(before, after);
  if (!delta) return [];
  const w: Walk = { root: schema, changes: [] };
  walk(w, delta, before, after, schema, "", []);
  return w.changes;
}
