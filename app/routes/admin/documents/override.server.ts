import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { diffDocuments, type Change } from "~/domain/diff";
import { KINDS, type DocumentKind } from "~/domain/kinds";
import { applyOverrideValues, isOverridable, overrideKey, targetOfOverrideKey, type OverridableKind, type OverrideState } from "~/domain/overrides";
import type { FieldProblem } from "~/domain/problems";
import { listInForce } from "~/models/document.server";
import { getOverrideInForce, overrideContext, overrideFromEdit } from "~/models/override.server";
import type { LocalOverride } from "~/generated";
import type { DB } from "~/utils/db.server";
import { schemaAt } from "~/utils/schema-labels.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { unitOf } from "~/utils/unit-scope.server";
import { fieldLabel } from "~/utils/validation.server";
import { NEW_KEY, saveFromEditor, type EditorSaveResult } from "./edit.server";

/**
 * The editor of a commune's override of a province document (docs/decisions/011-local-overrides.md). The officer
 * does not edit the stored shape (JSON pointers); the page builds a form from the province document in force: one
 * field per place the commune may set, titled as the editor titles it, with the province's value beside it. A save
 * turns the form back into the stored override and goes through the normal save (schema, catalog rules, workflow).
 */

/** The form's property for a place (`/channels/0/place` → `channels.0.place`): rjsf names must not hold slashes. */
const slotName = (pointer: string) => pointer.slice(1).replaceAll("/", ".");
const slotPointer = (name: string) => `/${name.replaceAll(".", "/")}`;

/**
 * Where the override editor's form shows the field at `pointer` of the stored override (`/values/2/value`): problems
 * and links point into the stored shape, the form has a field per place of the province document. "" for the form.
 */
export function overrideFormPointer(body: LocalOverride, pointer: string): string {
  const match = /^\/values\/(\d+)\//.exec(pointer);
  const value = match ? body.values?.[Number(match[1])] : undefined;
  if (value) return `/values/${slotName(value.path)}`;
  return pointer === "/listed" || pointer === "/unlistedReason" ? pointer : "";
}

const LISTED_TITLE = "Niêm yết thủ tục này tại đơn vị";
const STATE_WORDS: Record<OverrideState, string> = {
  applies: "Đang áp dụng",
  "province-changed": "Tỉnh đã đổi giá trị gốc: giá trị của đơn vị vẫn áp dụng, hãy xem lại",
  gone: "Không còn trong tài liệu của tỉnh: không áp dụng, sẽ bỏ khi lưu",
};

/** The province document an override page is for: from its key, or `?target=` on the new page. */
export function overrideTarget(key: string, url: URL): { kind: OverridableKind; key: string } | null {
  return targetOfOverrideKey(key === NEW_KEY ? (url.searchParams.get("target") ?? "") : key);
}

export async function overrideEditor(db: DB, target: { kind: OverridableKind; key: string }) {
  const context = await overrideContext(db, target);
  if (!context) return null;
  const { province, override, slots, checks, news } = context;
  const values: RJSFSchema["properties"] = {};
  const valuesUi: UiSchema = {};
  for (const slot of slots) {
    const path = slot.pointer.split("/").filter((s) => s && !/^\d+$/.test(s));
    const own = schemaAt(target.kind, path);
    const label = fieldLabel(target.kind, slot.pointer) + (slot.itemName ? ` (${optionWord(target.kind, slot.pointer, slot.itemName)})` : "");
    values[slotName(slot.pointer)] = {
      type: "string",
      title: label,
      description: slot.provinceValue ? `Của tỉnh: «${slot.provinceValue}». Để trống để dùng giá trị của tỉnh.` : "Tỉnh để trống trường này.",
      ...(own?.maxLength ? { maxLength: own.maxLength } : {}),
    };
    valuesUi[slotName(slot.pointer)] = { "ui:widget": "textarea", "ui:options": { rows: 2 }, ...(slot.provinceValue ? { "ui:placeholder": slot.provinceValue } : {}) };
  }
  const listable = target.kind === "procedure";
  const schema: RJSFSchema = {
    type: "object",
    properties: {
      ...(listable
        ? {
            listed: { type: "boolean", title: LISTED_TITLE, default: true },
            unlistedReason: { type: "string", title: "Lý do không niêm yết", maxLength: 1000 },
          }
        : {}),
      values: { type: "object", title: "Giá trị riêng của đơn vị", properties: values },
    },
  };
  const uiSchema: UiSchema = {
    unlistedReason: { "ui:widget": "textarea", "ui:options": { rows: 2 }, "ui:help": "Ghi khi bỏ niêm yết: công dân được chỉ tới nơi giải quyết." },
    values: valuesUi,
  };
  const formData = {
    ...(listable ? { listed: override?.body.listed ?? true, unlistedReason: override?.body.unlistedReason ?? "" } : {}),
    values: Object.fromEntries(slots.flatMap((s) => (s.localValue !== undefined ? [[slotName(s.pointer), s.localValue]] : []))),
  };
  return {
    schema,
    uiSchema,
    formData,
    target: { kind: target.kind, key: target.key, label: KINDS[target.kind].label, title: province.title, revision: province.revision },
    checks: checks.map((c) => ({ title: fieldLabel(target.kind, c.path), value: c.value, provinceThen: c.provinceValue ?? null, provinceNow: c.provinceNow ?? null, state: c.state, words: STATE_WORDS[c.state] })),
    news,
    province,
  };
}

/** A channel's type reads as its option's words ("Trực tiếp"), a name as itself. */
function optionWord(kind: OverridableKind, pointer: string, itemName: string): string {
  if (kind === "procedure" && pointer.startsWith("/channels/")) {
    const options = schemaAt("procedure", ["channels", "type"])?.oneOf ?? [];
    for (const o of options) if (typeof o === "object" && o.const === itemName && o.title) return o.title;
  }
  return itemName;
}

/** Saves the override form: the stored override is rebuilt from the province document in force now. */
export async function saveOverrideFromEditor(
  db: DB,
  input: { key: string; target: { kind: OverridableKind; key: string }; form: unknown; note: string; author: string; baseRevision: number },
): Promise<EditorSaveResult> {
  const context = await overrideContext(db, input.target);
  if (!context) return { ok: false, problems: [{ pointer: "", fieldTitle: "Tài liệu của tỉnh", message: "Không có tài liệu đang áp dụng của tỉnh để điều chỉnh" }] };
  const form = input.form && typeof input.form === "object" && !Array.isArray(input.form) ? (input.form as Record<string, unknown>) : {};
  const rawValues = form.values && typeof form.values === "object" && !Array.isArray(form.values) ? (form.values as Record<string, unknown>) : {};
  const values = new Map(Object.entries(rawValues).flatMap(([name, v]) => (typeof v === "string" ? [[slotPointer(name), v]] : [])));
  const body = overrideFromEdit(context.province, input.target.kind, {
    listed: input.target.kind === "procedure" ? form.listed !== false : true,
    unlistedReason: typeof form.unlistedReason === "string" ? form.unlistedReason : "",
    values,
  });
  const saved = await saveFromEditor(db, { kind: "local-override", key: input.key, body, note: input.note, author: input.author, baseRevision: input.baseRevision });
  if (saved.ok) return saved;
  if (saved.conflict) {
    const who = saved.conflict.latestAuthor ? `«${saved.conflict.latestAuthor}»` : "Người khác";
    const message = `Trong lúc bạn sửa, ${who} đã lưu phiên bản ${saved.conflict.latestRevision} của điều chỉnh này; thay đổi của bạn chưa được lưu. Hãy chép lại những gì bạn gõ, tải lại trang rồi nhập lại`;
    return { ok: false, problems: [{ pointer: "", fieldTitle: "Tài liệu", message }] };
  }
  const problems: FieldProblem[] = saved.problems.map((p) => ({ ...p, pointer: overrideFormPointer(body, p.pointer) }));
  // The merge view compares stored shapes, not this form: the officer reloads and types again.
  return { ok: false, problems };
}

/** The province documents a commune may adjust (the new override page's choices when no target is given). */
export async function overridableDocuments(db: DB, today: string) {
  const out: { kind: OverridableKind; label: string; key: string; title: string; href: string }[] = [];
  for (const kind of ["procedure", "process"] as const) {
    for (const d of await listInForce(db, { kind, today })) {
      if (d.unit === unitOf(db)) continue;
      out.push({ kind, label: KINDS[kind].label, key: d.key, title: d.title, href: `/admin/local-override/${NEW_KEY}?target=${encodeURIComponent(overrideKey(kind, d.key))}` });
    }
  }
  return out;
}

/** What an inherited document's page shows about the commune's override: its state, and the effective document against the province's. */
export async function overrideSummary(db: DB, ref: { kind: DocumentKind; key: string }, today: string) {
  if (!isOverridable(ref.kind)) return null;
  const kind = ref.kind;
  const context = await overrideContext(db, { kind, key: ref.key });
  if (!context) return null;
  // The commune's document as its pages show it: the province's in force (read once, above) with the approved override.
  const approved = await getOverrideInForce(db, { kind, key: ref.key, today });
  const effective = approved ? applyOverrideValues(kind, context.province.body, approved.body.values ?? []).body : null;
  const changes: Change[] = effective ? diffDocuments(getBundledSchema(kind), context.province.body, effective) : [];
  const key = overrideKey(kind, ref.key);
  const own = context.override;
  return {
    href: own ? `/admin/local-override/${encodeURIComponent(key)}` : `/admin/local-override/${NEW_KEY}?target=${encodeURIComponent(key)}`,
    exists: own !== null,
    status: own?.status ?? null,
    inForceRevision: own?.inForceRevision ?? null,
    listed: approved ? approved.body.listed : true,
    changes,
    slots: context.slots.map((s) => ({ title: fieldLabel(kind, s.pointer), province: s.provinceValue ?? null, local: s.localValue ?? null })),
    news: context.news ? { from: context.news.from, to: context.news.to } : null,
  };
}
