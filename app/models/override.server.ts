import { diffDocuments, type Change } from "~/domain/diff";
import {
  applyOverrideValues,
  checkOverrideValues,
  isOverridable,
  localSlots,
  overrideKey,
  type OverridableKind,
  type OverrideCheck,
} from "~/domain/overrides";
import type { DocumentKind } from "~/domain/kinds";
import type { LocalOverride } from "~/generated";
import type { DB } from "~/utils/db.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { unitOf } from "~/utils/unit-scope.server";
import { getDocument, getInForceDocument, getInForceDocuments, getRevision, inForceRows, type InForceDocument } from "./document.server";
import { containsText } from "./search.server";

/**
 * A commune's overrides of the province documents it applies (docs/decisions/011-local-overrides.md), read
 * through the unit-scoped handle: the override is the commune's own `local-override` document, in force once
 * approved like any other; the province document is read, never changed.
 */

/** The commune's override of a document, as approved (null: none in force). */
export async function getOverrideInForce(db: DB, ref: { kind: OverridableKind; key: string; today?: string }) {
  const found = await getInForceDocument<LocalOverride>(db, { kind: "local-override", key: overrideKey(ref.kind, ref.key), today: ref.today });
  return found && found.unit === unitOf(db) ? found : null;
}

export interface EffectiveDocument<T> extends InForceDocument<T> {
  /** The commune's override in force, when the document is its province's and the commune set one. */
  override: { revision: number; listed: boolean; unlistedReason: string | null; applied: string[] } | null;
}

/**
 * A document as the unit applies it: its revision in force (also when retired: see `retiredFrom`), and, for a
 * province document a commune applies, the commune's override in force on `today` set in it (the province's
 * values everywhere else).
 */
export async function getEffectiveInForce<T = Record<string, unknown>>(
  db: DB,
  ref: { kind: DocumentKind; key: string; today: string },
): Promise<EffectiveDocument<T> | null> {
  const stored = await getInForceDocument<T>(db, { kind: ref.kind, key: ref.key });
  if (!stored) return null;
  if (stored.unit === unitOf(db) || !isOverridable(ref.kind)) return { ...stored, override: null };
  const override = await getOverrideInForce(db, { kind: ref.kind, key: ref.key, today: ref.today });
  if (!override) return { ...stored, override: null };
  const { body, applied } = applyOverrideValues(ref.kind, stored.body, override.body.values ?? []);
  return {
    ...stored,
    body,
    override: { revision: override.revision, listed: override.body.listed, unlistedReason: override.body.unlistedReason ?? null, applied },
  };
}

/** The handle's unit's overrides in force (approved, not retired), by their key (`<kind>.<key>`). */
export async function overridesInForce(db: DB): Promise<Map<string, LocalOverride>> {
  const overrides = await getInForceDocuments<LocalOverride>(db, { kind: "local-override" });
  return new Map(overrides.filter((o) => o.unit === unitOf(db) && o.retiredFrom === null).map((o) => [o.key, o.body]));
}

/**
 * A document in force as the handle's unit applies it, given its overrides in force (`overridesInForce`): a
 * province document with the commune's values set, and whether the commune lists it.
 */
export function asApplied<T>(
  db: DB,
  doc: InForceDocument<T>,
  overrides: ReadonlyMap<string, LocalOverride>,
): { body: T; listed: boolean; unlistedReason: string | null } {
  const override = doc.unit !== unitOf(db) && isOverridable(doc.kind) ? overrides.get(overrideKey(doc.kind, doc.key)) : undefined;
  if (!override || !isOverridable(doc.kind)) return { body: doc.body, listed: true, unlistedReason: null };
  return {
    body: applyOverrideValues(doc.kind, doc.body, override.values ?? []).body,
    listed: override.listed,
    unlistedReason: override.listed ? null : (override.unlistedReason ?? null),
  };
}

/** The keys of the province documents of `kind` the commune does not list (its approved overrides say so). */
export async function unlistedKeys(db: DB, filter: { kind: OverridableKind; today: string }): Promise<Set<string>> {
  const rows = await inForceRows(db, { kind: "local-override", today: filter.today })
    .where("d.unit_code", "=", unitOf(db))
    .where(containsText("d.in_force_list_tags", "unlisted", { around: " " }))
    .where(containsText("d.in_force_list_tags", `target:${filter.kind}`, { around: " " }))
    .execute();
  const prefix = `${filter.kind}.`;
  return new Set(rows.map((r) => r.key.slice(prefix.length)));
}

/** The commune's overrides of some of its province's documents (their working state), for a list: key → state. */
export async function overridesOf(db: DB, kind: OverridableKind, keys: readonly string[]) {
  if (keys.length === 0) return new Map<string, { listed: boolean; status: string; inForce: boolean }>();
  const rows = await db
    .selectFrom("documents")
    .select(["key", "status", "list_tags", "in_force_revision"])
    .where("unit_code", "=", unitOf(db))
    .where("kind", "=", "local-override")
    .where(
      "key",
      "in",
      keys.map((k) => overrideKey(kind, k)),
    )
    .execute();
  const prefix = `${kind}.`;
  return new Map(
    rows.map((r) => [r.key.slice(prefix.length), { listed: !r.list_tags.includes(" unlisted "), status: r.status, inForce: r.in_force_revision !== null }]),
  );
}

/** A place of the province document the commune may set, and where its value comes from now. */
export interface SlotView {
  pointer: string;
  itemName: string | undefined;
  provinceValue: string | undefined;
  /** The commune's value (working revision of its override), if it set one. */
  localValue: string | undefined;
}

/** What the editor of an override shows beside its form: the province document and each place the commune may set. */
export async function overrideContext(db: DB, ref: { kind: OverridableKind; key: string }) {
  const province = await getInForceDocument<Record<string, unknown>>(db, ref);
  if (!province || province.unit === unitOf(db)) return null;
  const own = await getDocument<LocalOverride>(db, { kind: "local-override", key: overrideKey(ref.kind, ref.key) });
  const override = own && own.unit === unitOf(db) ? own : null;
  const values = override?.body.values ?? [];
  const byPath = new Map(values.map((v) => [v.path, v.value]));
  const slots: SlotView[] = localSlots(ref.kind, province.body).map((slot) => ({ ...slot, localValue: byPath.get(slot.pointer) }));
  const checks = checkOverrideValues(ref.kind, province.body, values);
  return { province, override, slots, checks, news: await provinceChangesSince(db, ref, override?.body.target.revision, province) };
}

/**
 * What the province changed since the revision the commune last saved its override against (null: nothing new),
 * in the domain's words.
 */
async function provinceChangesSince(
  db: DB,
  ref: { kind: OverridableKind; key: string },
  seenRevision: number | undefined,
  province: InForceDocument<Record<string, unknown>>,
): Promise<{ from: number; to: number; changes: Change[] } | null> {
  if (seenRevision === undefined || seenRevision >= province.revision) return null;
  const before = await getRevision(db, { ...ref, revision: seenRevision });
  if (!before) return null;
  return { from: seenRevision, to: province.revision, changes: diffDocuments(getBundledSchema(ref.kind), before.body, province.body) };
}

/** The stored override a commune's edit makes: only values that differ from the province's, each with the province value it replaced. */
export function overrideFromEdit(
  province: InForceDocument<Record<string, unknown>>,
  kind: OverridableKind,
  edit: { listed: boolean; unlistedReason: string; values: ReadonlyMap<string, string> },
): LocalOverride {
  const values = localSlots(kind, province.body).flatMap((slot) => {
    const value = edit.values.get(slot.pointer)?.trim() ?? "";
    if (value === "" || value === slot.provinceValue) return [];
    return [{ path: slot.pointer, value, ...(slot.provinceValue !== undefined ? { provinceValue: slot.provinceValue } : {}) }];
  });
  return {
    code: overrideKey(kind, province.key),
    target: { kind, code: province.key, name: province.title, revision: province.revision },
    listed: edit.listed,
    ...(edit.unlistedReason.trim() && !edit.listed ? { unlistedReason: edit.unlistedReason.trim() } : {}),
    ...(values.length > 0 ? { values } : {}),
  };
}

/** An approved override whose province document moved on since the commune saved it, for the commune's dashboard. */
export interface OverrideToReview {
  kind: OverridableKind;
  key: string;
  title: string;
  seenRevision: number | null;
  provinceRevision: number;
  /** Values whose province value changed or whose place is gone. */
  affected: OverrideCheck[];
}

/** The commune's approved overrides whose province document has a newer revision in force than the one they were set against. */
export async function overridesToReview(db: DB, { today }: { today: string }): Promise<OverrideToReview[]> {
  const overrides = (await getInForceDocuments<LocalOverride>(db, { kind: "local-override", today })).filter((o) => o.unit === unitOf(db));
  const out: OverrideToReview[] = [];
  for (const kind of ["procedure", "process"] as const) {
    const mine = overrides.filter((o) => o.body.target.kind === kind);
    if (mine.length === 0) continue;
    const provinces = new Map(
      (await getInForceDocuments<Record<string, unknown>>(db, { kind, keys: mine.map((o) => o.body.target.code), today })).map((p) => [p.key, p]),
    );
    for (const o of mine) {
      const province = provinces.get(o.body.target.code);
      if (!province || province.unit === unitOf(db)) continue;
      const seen = o.body.target.revision ?? null;
      if (seen !== null && seen >= province.revision) continue;
      const affected = checkOverrideValues(kind, province.body, o.body.values ?? []).filter((c) => c.state !== "applies");
      // Loaded from a catalog file (no revision seen): only values that no longer match call for a look.
      if (seen === null && affected.length === 0) continue;
      out.push({ kind, key: province.key, title: province.title, seenRevision: seen, provinceRevision: province.revision, affected });
    }
  }
  return out;
}
