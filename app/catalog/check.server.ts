import { CHANNEL_LABELS, stepTimeFindings } from "~/domain/consistency";
import type { CustomField } from "~/domain/custom-fields";
import { KINDS, referencesIn, type DocumentKind } from "~/domain/kinds";
import { checkMdx } from "~/utils/mdx.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { walkWithSchema } from "~/domain/schema-walk";
import { fieldLabel, validateDocument } from "~/utils/validation.server";
import { applyOverrideValues, isLocalPointer, overrideKey, type OverridableKind } from "~/domain/overrides";
import type { LocalOverride, Procedure, Process } from "~/generated";
import { readCatalog, type CatalogEntry } from "./files.server";
import type { Problem } from "./problem";

/**
 * `npm run cli -- check`: everything that must hold before a catalog may be imported or published —
 * each file against its schema (form field schemas included), the cross-references between documents, and
 * the domain rules (unique codes, process step times against the legal time limit, MDX safety).
 */

export interface CheckedCatalog {
  entries: CatalogEntry[];
  problems: Problem[];
  /** The entries valid against their schema (the consistency rules read these). */
  valid: CatalogEntry[];
  /** The custom field lists the catalog folder holds (custom-fields/<kind>.json). */
  customFields: Map<DocumentKind, CustomField[]>;
}

type Doc = Record<string, any>;

/**
 * `fallbackCustomFields`: the lists to check a kind's documents with when the folder has none for it (an import
 * checks against the database's lists).
 */
export function checkCatalog(
  dir: string,
  options: {
    fallbackCustomFields?: ReadonlyMap<DocumentKind, readonly CustomField[]>;
    /** A commune's folder: the province catalog it inherits, which its documents may refer to (never redefine). */
    inherited?: readonly CatalogEntry[];
  } = {}
): CheckedCatalog {
  const { entries, unread, problems, customFields } = readCatalog(dir);
  const valid: CatalogEntry[] = [];
  const fieldsOf = (kind: DocumentKind) => customFields.get(kind) ?? options.fallbackCustomFields?.get(kind) ?? [];

  for (const entry of entries) {
    const result = validateDocument(entry.kind, entry.data, fieldsOf(entry.kind));
    if (!result.ok) {
      for (const issue of result.errors)
        problems.push({
          file: entry.file,
          pointer: issue.pointer,
          fieldTitle: issue.fieldTitle,
          message: issue.message,
        });
      continue;
    }
    if (entry.data.code !== entry.code) {
      problems.push({
        file: entry.file,
        fieldTitle: fieldLabel(entry.kind, "/code"),
        message: `Mã «${String(entry.data.code)}» không khớp với tên tệp «${entry.code}.json»`,
      });
    }
    valid.push(entry);
  }

  const index = new Map<DocumentKind, Map<string, CatalogEntry>>();
  for (const entry of valid) {
    const byCode = index.get(entry.kind) ?? new Map<string, CatalogEntry>();
    const code = String(entry.data.code);
    const existing = byCode.get(code);
    if (existing) {
      problems.push({
        file: entry.file,
        fieldTitle: fieldLabel(entry.kind, "/code"),
        message: `Mã «${code}» trùng với ${existing.file}`,
      });
    }
    byCode.set(code, entry);
    index.set(entry.kind, byCode);
  }

  for (const entry of options.inherited ?? []) {
    const byCode = index.get(entry.kind) ?? new Map<string, CatalogEntry>();
    const code = String(entry.data.code);
    const own = byCode.get(code);
    if (own) {
      problems.push({ file: own.file, fieldTitle: fieldLabel(entry.kind, "/code"), message: `Mã «${code}» đã có trong danh mục của tỉnh (${entry.file})` });
      continue;
    }
    byCode.set(code, entry);
    index.set(entry.kind, byCode);
  }

  // Documents whose file is there but invalid are reported once, for themselves, not again by every reference.
  const present = new Map<DocumentKind, Set<string>>();
  for (const { kind, code } of [
    ...entries.map((e) => ({
      kind: e.kind,
      code: String(e.data.code ?? e.code),
    })),
    ...unread,
    ...(options.inherited ?? []).map((e) => ({ kind: e.kind, code: String(e.data.code) })),
  ]) {
    present.set(kind, (present.get(kind) ?? new Set()).add(code));
  }
  const inherited = new Set((options.inherited ?? []).map((e) => `${e.kind}/${String(e.data.code)}`));
  const ctx: Context = { index, present, problems, inherited };
  for (const entry of valid) checkOne(ctx, entry);
  checkUniqueDocumentCodes(ctx);
  const inheritedFiles = new Set((options.inherited ?? []).map((e) => e.file));
  return { entries, problems: problems.filter((p) => !inheritedFiles.has(p.file)), valid, customFields };
}

/** The rules that concern one (schema-valid) document and the documents it refers to. */
function checkOne(ctx: Context, entry: CatalogEntry) {
  checkReferences(ctx, entry);
  checkSchemaMarkedValues(ctx, entry);
  if (entry.kind === "procedure") checkProcedure(ctx, entry);
  if (entry.kind === "process") checkProcess(ctx, entry);
  if (entry.kind === "fee") checkFee(ctx, entry);
  if (entry.kind === "holiday-calendar") checkHolidayCalendar(ctx, entry);
  if (entry.kind === "local-override") checkLocalOverride(ctx, entry);
}

/**
 * The same rules as the catalog check for one document (already valid against its schema) among `others`
 * (e.g. every stored document it may refer to): what the editor runs before a save. The document itself
 * replaces any other with its kind and key. ISO document codes are checked for uniqueness too.
 */
export function checkDocument(entry: CatalogEntry, others: readonly CatalogEntry[]): Problem[] {
  const index = new Map<DocumentKind, Map<string, CatalogEntry>>();
  for (const other of [...others, entry]) {
    const byCode = index.get(other.kind) ?? new Map<string, CatalogEntry>();
    byCode.set(String(other.data.code), other);
    index.set(other.kind, byCode);
  }
  const present = new Map([...index].map(([kind, byCode]) => [kind, new Set(byCode.keys())]));
  // The editor has checked the override's target is its province's (app/routes/admin/documents/override.server.ts).
  const ctx: Context = { index, present, problems: [], inherited: null };
  checkOne(ctx, entry);
  checkUniqueDocumentCodes(ctx);
  return ctx.problems.filter((p) => p.file === entry.file);
}

interface Context {
  index: Map<DocumentKind, Map<string, CatalogEntry>>;
  present: Map<DocumentKind, Set<string>>;
  problems: Problem[];
  /** `kind/code` of the province documents a commune folder inherits (null: not known here). */
  inherited: Set<string> | null;
}

function find(ctx: Context, kind: DocumentKind, code: unknown): CatalogEntry | undefined {
  return typeof code === "string" ? ctx.index.get(kind)?.get(code) : undefined;
}

function report(ctx: Context, entry: CatalogEntry, pointer: string, message: string) {
  ctx.problems.push({
    file: entry.file,
    pointer,
    fieldTitle: fieldLabel(entry.kind, pointer),
    message,
  });
}

function requireRef(ctx: Context, entry: CatalogEntry, pointer: string, kind: DocumentKind, code: unknown) {
  if (code === undefined) return;
  if (!find(ctx, kind, code) && !ctx.present.get(kind)?.has(String(code))) {
    report(ctx, entry, pointer, `Không có ${KINDS[kind].label.toLowerCase()} mã «${String(code)}» trong danh mục`);
  }
}

/** Every reference the registry lists must name an existing document; procedures and processes name each other. */
function checkReferences(ctx: Context, entry: CatalogEntry) {
  const doc = entry.data as Doc;
  for (const ref of referencesIn(entry.kind, entry.data)) {
    requireRef(ctx, entry, ref.pointer, ref.kind, ref.key);
    if (entry.kind === "procedure" && ref.kind === "process") {
      const process = find(ctx, "process", ref.key);
      if (process && !((process.data as Doc).procedureCodes ?? []).includes(doc.code)) {
        report(ctx, entry, ref.pointer, `Quy trình «${ref.key}» không ghi thủ tục này trong danh sách thủ tục áp dụng`);
      }
    }
    if (entry.kind === "process" && ref.kind === "procedure") {
      const procedure = find(ctx, "procedure", ref.key);
      if (procedure && !((procedure.data as Doc).processCodes ?? []).includes(doc.code)) {
        report(ctx, entry, ref.pointer, `Thủ tục «${ref.key}» không ghi quy trình này trong danh sách quy trình nội bộ`);
      }
    }
  }
}

/**
 * What the schema says about values anywhere in a document: MDX text must compile safely, and a legal
 * reference may point at a legal document of the catalog.
 */
function checkSchemaMarkedValues(ctx: Context, entry: CatalogEntry) {
  walkWithSchema(getBundledSchema(entry.kind), entry.data, (value, raw, schema, pointer) => {
    if (typeof value === "string" && schema.contentMediaType === "text/markdown") {
      // Text kept in a sibling .mdx file is reported against that file, where its line numbers apply.
      const mdxProperty = KINDS[entry.kind].files.mdxProperty;
      const external = mdxProperty !== undefined && pointer === `/${mdxProperty}`;
      const file = external ? entry.file.replace(/\.json$/, ".mdx") : entry.file;
      for (const issue of checkMdx(value)) {
        ctx.problems.push({
          file,
          pointer,
          fieldTitle: fieldLabel(entry.kind, pointer),
          message: issue.message,
        });
      }
    }
    if (raw.$ref === "#/definitions/legalReference" && value && typeof value === "object") {
      const code = (value as Doc).documentCode;
      requireRef(ctx, entry, `${pointer}/documentCode`, "legal-document", code);
    }
  });
}

function checkProcedure(ctx: Context, entry: CatalogEntry) {
  const doc = entry.data as Doc;
  if (doc.status === "repealed" && !doc.repeal) {
    report(ctx, entry, "/repeal", "Thủ tục bị bãi bỏ phải ghi ngày bãi bỏ (và văn bản bãi bỏ, nếu có)");
  }
  if (doc.status !== "repealed" && doc.repeal) {
    report(ctx, entry, "/repeal", "Chỉ ghi thông tin bãi bỏ khi tình trạng là «Bị bãi bỏ»");
  }
  // Several channels of one kind are real (in person at the commune, at a notary office, at an overseas mission);
  // they must say where or how they differ, or one of them is a copy.
  const seenChannels = new Set<string>();
  (doc.channels ?? []).forEach((ch: Doc, i: number) => {
    const identity = JSON.stringify([ch.type, ch.place ?? "", ch.description ?? ""]);
    if (seenChannels.has(identity)) {
      report(ctx, entry, `/channels/${i}/type`, `Cách thức «${CHANNEL_LABELS[ch.type as keyof typeof CHANNEL_LABELS] ?? ch.type}» được khai báo hai lần với cùng địa điểm và mô tả: hãy ghi nơi tiếp nhận hoặc mô tả khác nhau, hoặc bỏ bản trùng`);
    }
    seenChannels.add(identity);
  });
  const caseCodes = new Set<string>();
  (doc.cases ?? []).forEach((c: Doc, i: number) => {
    if (c.code === undefined) return;
    if (!String(c.code).startsWith(`${doc.code}.`)) {
      report(ctx, entry, `/cases/${i}/code`, `Mã trường hợp «${c.code}» phải bắt đầu bằng mã thủ tục «${doc.code}.»`);
    }
    if (caseCodes.has(c.code)) report(ctx, entry, `/cases/${i}/code`, `Mã trường hợp «${c.code}» bị trùng`);
    caseCodes.add(c.code);
  });
}

function checkProcess(ctx: Context, entry: CatalogEntry) {
  const doc = entry.data as Doc;
  if (doc.type === "procedure" && (doc.procedureCodes ?? []).length === 0) {
    report(ctx, entry, "/procedureCodes", "Quy trình giải quyết TTHC phải gắn với ít nhất một thủ tục");
  }
  if (doc.type === "management" && (doc.procedureCodes ?? []).length > 0) {
    report(ctx, entry, "/procedureCodes", "Quy trình quản lý không gắn với thủ tục hành chính");
  }
  const orders = (doc.steps as Doc[]).map((s) => s.order);
  orders.forEach((order: number, i: number) => {
    if (order !== i + 1) report(ctx, entry, `/steps/${i}/order`, `Số thứ tự bước phải là ${i + 1} (các bước đánh số liên tục từ 1)`);
  });
  (doc.steps as Doc[]).forEach((step, i) => {
    (step.branches ?? []).forEach((branch: Doc, j: number) => {
      if (branch.goTo !== undefined && !orders.includes(branch.goTo)) {
        report(ctx, entry, `/steps/${i}/branches/${j}/goTo`, `Không có bước số ${branch.goTo} để chuyển đến`);
      }
      if (branch.goTo === undefined && !branch.action) {
        report(ctx, entry, `/steps/${i}/branches/${j}/action`, "Nhánh kết thúc quy trình phải ghi cách xử lý (ví dụ «Trả lại hồ sơ»)");
      }
    });
  });
  if (doc.type !== "procedure") return;

  for (const code of doc.procedureCodes ?? []) {
    const procedure = find(ctx, "procedure", code);
    if (!procedure) continue;
    for (const channelType of doc.channels ?? []) {
      if (!((procedure.data as Doc).channels as Doc[]).some((ch) => ch.type === channelType)) {
        report(ctx, entry, "/channels", `Thủ tục «${code}» không có cách thức «${CHANNEL_LABELS[channelType as keyof typeof CHANNEL_LABELS] ?? channelType}»`);
      }
    }
  }
  const procedures = (doc.procedureCodes ?? []).flatMap((code: string) => {
    const procedure = find(ctx, "procedure", code);
    return procedure ? [{ code, body: procedure.data as unknown as Procedure }] : [];
  });
  // Warnings (a limit only in words cannot be checked) are the consistency report's, not reasons to refuse a catalog.
  for (const finding of stepTimeFindings({ code: doc.code, body: doc as Process }, procedures, fieldLabel)) {
    if (finding.severity !== "error") continue;
    ctx.problems.push({ file: entry.file, pointer: finding.pointer, fieldTitle: finding.fieldTitle, message: finding.message });
  }
}

function checkFee(ctx: Context, entry: CatalogEntry) {
  const doc = entry.data as Doc;
  (doc.rates as Doc[]).forEach((rate, i) => {
    if (rate.effectiveTo && rate.effectiveTo < rate.effectiveFrom) {
      report(ctx, entry, `/rates/${i}/effectiveTo`, "Ngày hết hiệu lực phải sau ngày có hiệu lực");
    }
    if (rate.rule?.type !== "tiered") return;
    let expectedFrom = 1;
    (rate.rule.tiers as Doc[]).forEach((tier, j) => {
      if (tier.from !== expectedFrom) {
        report(ctx, entry, `/rates/${i}/rule/tiers/${j}/from`, `Bậc phải bắt đầu từ ${expectedFrom} (các bậc liên tiếp, không chồng lấn)`);
      }
      const last = j === rate.rule.tiers.length - 1;
      if (tier.to === undefined && !last) report(ctx, entry, `/rates/${i}/rule/tiers/${j}/to`, "Chỉ bậc cuối cùng được để trống «đến»");
      if (tier.to !== undefined && tier.to < tier.from) report(ctx, entry, `/rates/${i}/rule/tiers/${j}/to`, "«Đến» phải lớn hơn hoặc bằng «từ»");
      expectedFrom = (tier.to ?? tier.from) + 1;
    });
  });
  // Two rates for the same channel must not be in force on the same day.
  const rates = doc.rates as Doc[];
  rates.forEach((a, i) => {
    rates.slice(i + 1).forEach((b, k) => {
      const sameChannel = (a.channel ?? "*") === (b.channel ?? "*");
      const overlap = a.effectiveFrom <= (b.effectiveTo ?? "9999-12-31") && b.effectiveFrom <= (a.effectiveTo ?? "9999-12-31");
      if (sameChannel && overlap) {
        report(ctx, entry, `/rates/${i + k + 1}/effectiveFrom`, `Thời gian hiệu lực chồng lên mức thu thứ ${i + 1}`);
      }
    });
  });
}

function checkHolidayCalendar(ctx: Context, entry: CatalogEntry) {
  const doc = entry.data as Doc;
  const seen = new Set<string>();
  (doc.days as Doc[]).forEach((day, i) => {
    if (!String(day.date).startsWith(`${doc.year}-`)) {
      report(ctx, entry, `/days/${i}/date`, `Ngày ${day.date} không thuộc năm ${doc.year}`);
    }
    if (seen.has(day.date)) report(ctx, entry, `/days/${i}/date`, `Ngày ${day.date} được khai báo hai lần`);
    seen.add(day.date);
  });
}

/**
 * A commune's override names a province document it applies, sets only the fields the registry lets vary (each
 * once, where the document has it), and leaves a document that is still valid, MDX included.
 */
function checkLocalOverride(ctx: Context, entry: CatalogEntry) {
  const doc = entry.data as unknown as LocalOverride;
  const kind = doc.target.kind as OverridableKind;
  const label = KINDS[kind].label.toLowerCase();
  if (doc.code !== overrideKey(kind, doc.target.code)) report(ctx, entry, "/code", `Mã điều chỉnh phải là «${overrideKey(kind, doc.target.code)}»`);
  if (kind !== "procedure" && !doc.listed) report(ctx, entry, "/listed", `Chỉ thủ tục hành chính mới bỏ niêm yết được; ${label} luôn áp dụng`);
  const target = find(ctx, kind, doc.target.code);
  if (!target) {
    report(ctx, entry, "/target/code", `Không có ${label} mã «${doc.target.code}» trong danh mục của tỉnh`);
    return;
  }
  if (ctx.inherited && !ctx.inherited.has(`${kind}/${doc.target.code}`)) {
    report(ctx, entry, "/target/code", `«${doc.target.code}» là tài liệu của chính đơn vị, không phải của tỉnh: hãy sửa thẳng tài liệu đó`);
    return;
  }
  const values = doc.values ?? [];
  const seen = new Set<string>();
  const placed: { index: number; path: string }[] = [];
  values.forEach((value, i) => {
    const title = fieldLabel(kind, value.path);
    if (seen.has(value.path)) report(ctx, entry, `/values/${i}/path`, `Trường «${title}» được điều chỉnh hai lần`);
    else if (!isLocalPointer(kind, target.data, value.path)) {
      report(ctx, entry, `/values/${i}/path`, `Xã không điều chỉnh được «${title}» của ${label} này (chỉ các trường tỉnh cho phép, có trong tài liệu của tỉnh)`);
    } else placed.push({ index: i, path: value.path });
    seen.add(value.path);
  });
  // The document the commune's pages will show, checked as such: a value too long, or MDX that is not safe, is the override's.
  const { body } = applyOverrideValues(kind, target.data, values);
  const merged = validateDocument(kind, body);
  const marked: Context = { ...ctx, problems: [] };
  if (merged.ok) checkSchemaMarkedValues(marked, { ...entry, kind, data: body });
  const issues = merged.ok ? marked.problems : merged.errors;
  for (const { index, path } of placed) {
    for (const issue of issues.filter((p) => p.pointer === path)) {
      ctx.problems.push({ file: entry.file, pointer: `/values/${index}/value`, fieldTitle: `${fieldLabel(kind, path)} (giá trị của đơn vị)`, message: issue.message });
    }
  }
}

/** Document codes (mã hiệu) of ISO documents must be unique across the catalog. */
function checkUniqueDocumentCodes(ctx: Context) {
  const seen = new Map<string, CatalogEntry>();
  for (const kind of ["process", "quality"] as const) {
    for (const entry of ctx.index.get(kind)?.values() ?? []) {
      const code = (entry.data as Doc).documentControl?.documentCode;
      if (!code) continue;
      const other = seen.get(code);
      if (other) report(ctx, entry, "/documentControl/documentCode", `Mã hiệu «${code}» trùng với ${other.file}`);
      else seen.set(code, entry);
    }
  }
}
