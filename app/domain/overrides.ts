import type { LocalOverride } from "~/generated";
import { KINDS, type DocumentKind } from "./kinds";

/**
 * A commune's local overrides of a province document it applies (docs/decisions/011-local-overrides.md): the
 * fields the registry lets vary (`localPaths`), the commune's value for some of them, and whether it lists the
 * document at all. The commune's effective document is the province's revision in force with these values set.
 * Pure functions: the server, the catalog check and the editor share them.
 */

export const OVERRIDABLE_KINDS = ["procedure", "process"] as const satisfies readonly DocumentKind[];
export type OverridableKind = (typeof OVERRIDABLE_KINDS)[number];

export function isOverridable(kind: DocumentKind): kind is OverridableKind {
  return (OVERRIDABLE_KINDS as readonly string[]).includes(kind);
}

/** The key of a commune's override of a province document: `<kind>.<key>` (e.g. `procedure.1.001193`). */
export function overrideKey(kind: OverridableKind, key: string): string {
  return `${kind}.${key}`;
}

export function targetOfOverrideKey(code: string): { kind: OverridableKind; key: string } | null {
  const dot = code.indexOf(".");
  const kind = code.slice(0, dot) as DocumentKind;
  const key = code.slice(dot + 1);
  return dot > 0 && key && isOverridable(kind) ? { kind, key } : null;
}

export type OverrideValue = NonNullable<LocalOverride["values"]>[number];

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => !!value && typeof value === "object" && !Array.isArray(value);

/** The value at a JSON pointer (`/channels/0/place`), or undefined. */
export function valueAt(body: unknown, pointer: string): unknown {
  let node: unknown = body;
  for (const segment of pointer.split("/").slice(1)) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** One place in a province document where a commune may set its own value. */
export interface LocalSlot {
  pointer: string;
  /** The province's value there now (undefined: the province leaves it empty). */
  provinceValue: string | undefined;
  /** The item the slot belongs to, as officers know it (a channel's type, a step's name), when in a list. */
  itemName: string | undefined;
}

/**
 * Every place of `body` where a commune may set a value: each local path, expanded over the lists the body has.
 * The property itself may be absent (the province leaves it empty); the object holding it must exist.
 */
export function localSlots(kind: DocumentKind, body: unknown): LocalSlot[] {
  const slots: LocalSlot[] = [];
  for (const path of KINDS[kind].localPaths ?? []) {
    const segments = path.split("/").slice(1);
    const visit = (node: unknown, at: number, pointer: string, itemName: string | undefined) => {
      if (!isObject(node)) return;
      const segment = segments[at];
      if (at === segments.length - 1) {
        const value = node[segment];
        slots.push({ pointer: `${pointer}/${segment}`, provinceValue: typeof value === "string" ? value : undefined, itemName });
        return;
      }
      const child = node[segment];
      if (segments[at + 1] === "*") {
        if (!Array.isArray(child)) return;
        child.forEach((item, i) => visit(item, at + 2, `${pointer}/${segment}/${i}`, nameOfItem(item, segments[segments.length - 1])));
      } else visit(child, at + 1, `${pointer}/${segment}`, itemName);
    };
    visit(body, 0, "", undefined);
  }
  return slots;
}

/** What names a list item for officers (its name, a channel's type), unless that is the very value being set. */
function nameOfItem(item: unknown, slotProperty: string): string | undefined {
  if (!isObject(item)) return undefined;
  for (const key of ["name", "type", "term"]) if (key !== slotProperty && typeof item[key] === "string" && item[key]) return item[key] as string;
  return undefined;
}

/** Whether a commune may set `pointer` in this province document (a local path whose holder exists in it). */
export function isLocalPointer(kind: DocumentKind, body: unknown, pointer: string): boolean {
  return localSlots(kind, body).some((slot) => slot.pointer === pointer);
}

export type OverrideState =
  /** The province's value there is still the one the commune saw: the commune's value applies. */
  | "applies"
  /** The province changed its value there since: the commune's value still applies, and should be looked at. */
  | "province-changed"
  /** The place no longer exists in the province document (e.g. a channel removed): the value is not applied. */
  | "gone";

export interface OverrideCheck extends OverrideValue {
  state: OverrideState;
  /** The province's value there now. */
  provinceNow: string | undefined;
}

/** How each of the commune's values stands against the province document in force now. */
export function checkOverrideValues(kind: DocumentKind, provinceBody: unknown, values: readonly OverrideValue[]): OverrideCheck[] {
  const slots = new Map(localSlots(kind, provinceBody).map((slot) => [slot.pointer, slot]));
  return values.map((value) => {
    const slot = slots.get(value.path);
    if (!slot) return { ...value, state: "gone", provinceNow: undefined };
    const changed = (slot.provinceValue ?? null) !== (value.provinceValue ?? null);
    return { ...value, state: changed ? "province-changed" : "applies", provinceNow: slot.provinceValue };
  });
}

/** The commune's effective document: a copy of the province's with each value whose place still exists set. */
export function applyOverrideValues<T>(kind: DocumentKind, provinceBody: T, values: readonly OverrideValue[]): { body: T; applied: string[] } {
  const body = structuredClone(provinceBody) as unknown;
  const allowed = new Set(localSlots(kind, body).map((slot) => slot.pointer));
  const applied: string[] = [];
  for (const value of values) {
    if (!allowed.has(value.path)) continue;
    const segments = value.path.split("/").slice(1);
    const target = segments.length === 1 ? body : valueAt(body, `/${segments.slice(0, -1).join("/")}`);
    if (!isObject(target)) continue;
    target[segments[segments.length - 1]] = value.value;
    applied.push(value.path);
  }
  return { body: body as T, applied };
}
