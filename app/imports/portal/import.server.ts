/**
 * Importing national-portal records into a unit's catalog: first a plan (the dry run: per record what would be
 * created or changed, as the field-level diff against the current document, with warnings), then, once the
 * officer confirms that same plan, the writes: each new or changed procedure (and each field the catalog lacks)
 * becomes a draft submitted for review, in one transaction, with the source file and its sha256 in the revision
 * note and in the audit log (docs/decisions/020-imports.md). A plan with any problem imports nothing.
 *
 * The record is merged with what the catalog holds: values only the catalog has (its internal processes, notes,
 * custom fields, the desk's place and hours, links to forms, fee and legal documents) are kept; everything the
 * record gives replaces what was there. So re-importing an unchanged record changes nothing.
 */
import type { JSONSchema7 } from "json-schema";
import type { Procedure } from "~/generated";
import { jsonSyntaxMessage } from "~/domain/json-text";
import { diffDocuments, type Change } from "~/domain/diff";
import { foldForSearch } from "~/domain/search";
import { appendAudit } from "~/models/audit.server";
import { getCustomFields } from "~/models/custom-fields.server";
import { getDocument, getInForceDocuments, saveDocument, serializeForKind } from "~/models/document.server";
import { applyStep } from "~/models/workflow.server";
import { inTransaction, type DB } from "~/utils/db.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { unitOf } from "~/utils/unit-scope.server";
import { validateDocument } from "~/utils/validation.server";
import { sha256Hex, type ImportFile } from "../files.server";
import { mapPortalRecord, recordsOf, RecordError, type ImportWarning, type PortalForm } from "./record";

export const PORTAL_FILE = (name: string) => /\.json$/i.test(name);

export interface ImportProblem {
  file: string;
  /** The record's field (as the portal names it) or the document's field title. */
  field: string;
  message: string;
}

export type RecordOutcome = "create" | "update" | "unchanged";

export interface RecordPlan {
  file: string;
  sha256: string;
  form: PortalForm;
  code: string;
  name: string;
  outcome: RecordOutcome;
  /** The revision the plan starts from (0: a new document). */
  baseRevision: number;
  /** What the officer reviews: the field-level changes against the current (working) document. */
  changes: Change[];
  warnings: ImportWarning[];
  /** The record's values kept verbatim because the schema has no place for them. */
  unmapped: { path: string; value: string }[];
  /** The field (lĩnh vực) this import creates because the catalog does not have it. */
  createsField: { code: string; name: string } | null;
  body: Procedure;
}

export interface ImportPlan {
  files: { name: string; sha256: string; bytes: number }[];
  records: RecordPlan[];
  problems: ImportProblem[];
  /** sha256 of what the plan would write: the confirmation must match it. */
  fingerprint: string;
}

const FORM_LABELS: Record<PortalForm, string> = {
  wrapped: "bản ghi API (dạng {code: OK, data})",
  bare: "bản ghi API",
  legacy: "bản xuất dữ liệu cũ (MATTHC, TENTTHC…)",
};
export const portalFormLabel = (form: PortalForm) => FORM_LABELS[form];

/** A legal document number folded for matching («23/2015/NĐ-CP» = «23/2015/ND-CP»). */
export const legalKey = (number: string) => foldForSearch(number).replace(/[^a-z0-9]+/g, "");

/** The catalog's own values that a record does not carry, carried over onto the imported document. */
function mergeWithCatalog(imported: Procedure, current: Procedure | null, levelGiven: boolean, legalByNumber: Map<string, string>): Procedure {
  const merged: Procedure = structuredClone(imported);
  for (const ref of merged.legalBasis ?? []) {
    const key = legalByNumber.get(legalKey(ref.number));
    if (key) ref.documentCode = key;
  }
  if (!current) return merged;
  merged.status = current.status;
  if (current.repeal) merged.repeal = current.repeal;
  if (!levelGiven) merged.level = current.level;
  if (!merged.fieldCode) merged.fieldCode = current.fieldCode;
  for (const key of ["processCodes", "notes", "custom"] as const) if (current[key] !== undefined) (merged as any)[key] = current[key];
  if (merged.timeLimitNote === undefined && current.timeLimitNote !== undefined) merged.timeLimitNote = current.timeLimitNote;
  // The n-th channel of a type matches the n-th channel of that type the catalog has.
  const ordinal = (list: Procedure["channels"], i: number) => list.slice(0, i).filter((c) => c.type === list[i].type).length;
  merged.channels.forEach((ch, i) => {
    const n = ordinal(merged.channels, i);
    const old = current.channels.filter((c) => c.type === ch.type)[n];
    if (!old) return;
    if (ch.place === undefined && old.place !== undefined) ch.place = old.place;
    if (ch.hours === undefined && old.hours !== undefined) ch.hours = old.hours;
    (ch.fees ?? []).forEach((fee, j) => {
      const same = (old.fees ?? []).filter((f) => f.kind === fee.kind)[(ch.fees ?? []).slice(0, j).filter((f) => f.kind === fee.kind).length];
      if (same?.feeCode) fee.feeCode = same.feeCode;
    });
  });
  const oldComponents = (current.cases ?? []).flatMap((c) => c.components ?? []);
  for (const comp of (merged.cases ?? []).flatMap((c) => c.components ?? [])) {
    const same = oldComponents.find((o) => (comp.nationalCode && o.nationalCode === comp.nationalCode) || o.name === comp.name);
    if (same?.formCode) comp.formCode = same.formCode;
    if (same?.note && comp.note === undefined) comp.note = same.note;
  }
  for (const result of merged.results ?? []) {
    const same = (current.results ?? []).find((o) => (result.code && o.code === result.code) || o.name === result.name);
    if (same?.formCode) result.formCode = same.formCode;
  }
  for (const ref of merged.legalBasis ?? []) {
    const same = (current.legalBasis ?? []).find((o) => legalKey(o.number) === legalKey(ref.number));
    if (!same) continue;
    for (const key of ["documentCode", "article", "issuer", "issuedDate", "effectiveDate"] as const) if (ref[key] === undefined && same[key] !== undefined) (ref as any)[key] = same[key];
  }
  for (const agency of merged.agencies ?? []) {
    const same = (current.agencies ?? []).find((o) => o.role === agency.role && o.name === agency.name);
    if (same?.agencyCode) agency.agencyCode = same.agencyCode;
    if (same?.address && !agency.address) agency.address = same.address;
  }
  // A new publication decision: the one before goes into the history (a procedure is announced, amended, abolished).
  const history = [...(current.publicationHistory ?? [])];
  const before = current.publicationDecision;
  if (!merged.publicationDecision && before) merged.publicationDecision = before;
  else if (before && merged.publicationDecision && before.number !== merged.publicationDecision.number && !history.some((h) => h.number === before.number)) history.push(before);
  const kept = history.filter((h) => h.number !== merged.publicationDecision?.number);
  if (kept.length) merged.publicationHistory = kept.slice(-50);
  return merged;
}

function parseJson(file: ImportFile): unknown {
  let text = file.bytes.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes("\ufffd") && !file.bytes.toString("latin1").includes("\ufffd")) {
    throw new RecordError("(tệp)", "Tệp không phải văn bản UTF-8: hãy lưu lại bằng mã UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RecordError("(tệp)", `Không phải JSON hợp lệ: ${jsonSyntaxMessage(text, error)}`);
  }
}

/**
 * The dry run: what importing these files would do in the unit `db` is scoped to, and every problem that stops
 * it. Reads only.
 */
export async function planPortalImport(db: DB, files: readonly ImportFile[]): Promise<ImportPlan> {
  const problems: ImportProblem[] = [];
  const records: RecordPlan[] = [];
  const schema = getBundledSchema("procedure") as JSONSchema7;
  const customFields = await getCustomFields(db, "procedure");
  const legalDocuments = await getInForceDocuments<{ number: string }>(db, { kind: "legal-document" });
  const legalByNumber = new Map(legalDocuments.map((d) => [legalKey(d.body.number), d.key]));
  const unit = unitOf(db);
  const seen = new Map<string, string>();
  const fieldsCreated = new Set<string>();
  if (files.length === 0) problems.push({ file: "(không có tệp)", field: "(tệp)", message: "Chưa chọn tệp nào để nhập" });

  for (const file of files) {
    let found: ReturnType<typeof recordsOf>;
    try {
      found = recordsOf(parseJson(file));
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      problems.push({ file: file.name, field: error.path || "(tệp)", message: error.message });
      continue;
    }
    for (const [index, { form, record }] of found.entries()) {
      const where = found.length > 1 ? `${file.name} [bản ghi ${index + 1}]` : file.name;
      let mapped: ReturnType<typeof mapPortalRecord>;
      try {
        mapped = mapPortalRecord(form, record);
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        problems.push({ file: where, field: error.path || "(bản ghi)", message: error.message });
        continue;
      }
      const code = mapped.body.code;
      if (seen.has(code)) {
        problems.push({ file: where, field: "code", message: `Mã thủ tục «${code}» đã có trong ${seen.get(code)} của cùng lần nhập` });
        continue;
      }
      seen.set(code, where);
      const stored = await getDocument<Procedure>(db, { kind: "procedure", key: code });
      if (stored && stored.unit !== unit) {
        problems.push({ file: where, field: "code", message: `Thủ tục «${code}» thuộc danh mục của tỉnh (${stored.unit}): xã, phường không nhập đè; hãy nhập ở tỉnh` });
        continue;
      }
      if (!stored && mapped.body.portal) {
        const other = await procedureWithPortalId(db, mapped.body.portal.id);
        if (other && other !== code) {
          problems.push({ file: where, field: "id", message: `Bản ghi này (id ${mapped.body.portal.id}) đã được nhập với mã thủ tục «${other}»; Cổng đã đổi mã: hãy kiểm tra thủ tục «${other}» trước` });
          continue;
        }
      }
      const levelGiven = !mapped.warnings.some((w) => w.path === "isWard");
      const body = mergeWithCatalog(mapped.body, stored?.body ?? null, levelGiven, legalByNumber);
      let createsField: RecordPlan["createsField"] = null;
      if (!body.fieldCode) {
        problems.push({ file: where, field: "categoriesDetails", message: "Bản ghi không có mã lĩnh vực (category, categoriesDetails) và danh mục chưa có thủ tục này: không xếp được vào lĩnh vực nào" });
        continue;
      }
      if (mapped.field && mapped.field.code === body.fieldCode && !(await getDocument(db, { kind: "field", key: body.fieldCode }))) {
        createsField = mapped.field;
      }
      const warnings = mapped.warnings.filter((w) => !(w.path === "categoriesDetails" && body.fieldCode));
      if (!levelGiven && stored) warnings.splice(warnings.findIndex((w) => w.path === "isWard"), 1);
      const valid = validateDocument("procedure", body, customFields);
      if (!valid.ok) {
        for (const e of valid.errors) problems.push({ file: where, field: e.fieldTitle, message: e.message });
        continue;
      }
      const unchanged = stored !== null && serializeForKind("procedure", valid.value) === serializeForKind("procedure", stored.body as never);
      // A document waiting for review (an earlier import of the same record, say) or retired is not written over;
      // the same record again is simply no change.
      if (stored && !unchanged && (stored.status === "in_review" || stored.status === "retired")) {
        const state = stored.status === "in_review" ? "đang chờ duyệt" : "đã ngừng áp dụng";
        problems.push({ file: where, field: "code", message: `Thủ tục «${code}» ${state}: hãy xử lý trên trang quản trị trước khi nhập` });
        continue;
      }
      if (createsField && !fieldsCreated.has(createsField.code)) fieldsCreated.add(createsField.code);
      else createsField = null;
      records.push({
        file: where,
        sha256: file.sha256,
        form,
        code,
        name: body.name,
        outcome: stored === null ? "create" : unchanged ? "unchanged" : "update",
        baseRevision: stored?.revision ?? 0,
        changes: stored === null || unchanged ? [] : diffDocuments(schema, stored.body, valid.value),
        warnings,
        unmapped: body.importedUnmapped ?? [],
        createsField,
        body: valid.value as unknown as Procedure,
      });
    }
  }
  const fingerprint = sha256Hex(
    JSON.stringify({ unit, records: records.map((r) => [r.code, r.outcome, r.baseRevision, r.createsField?.code ?? null, serializeForKind("procedure", r.body as never)]), problems }),
  );
  return { files: files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes.length })), records, problems, fingerprint };
}

/** The procedure that an earlier import recorded with this portal id (the body's serialisation is canonical). */
async function procedureWithPortalId(db: DB, id: string): Promise<string | null> {
  const row = await db
    .selectFrom("documents")
    .select("key")
    .where("kind", "=", "procedure")
    .where("unit_code", "=", unitOf(db))
    .where("body", "like", `%"portal":{"id":${JSON.stringify(id)}%`)
    .executeTakeFirst();
  return row?.key ?? null;
}

/** Thrown inside the transaction so that it rolls back; answered as `{ ok: false }`. */
class ImportAborted extends Error {}

export type ApplyResult =
  | { ok: true; created: number; updated: number; unchanged: number; fields: number; plan: ImportPlan }
  | { ok: false; message: string; plan: ImportPlan };

/**
 * Imports the plan the officer confirmed (`fingerprint`), recomputed inside the transaction so that it is exactly
 * what is written: when anything changed since the preview, nothing is written and the officer previews again.
 * Each created or changed document becomes a draft submitted for review by `author`.
 */
export async function applyPortalImport(
  db: DB,
  input: { files: readonly ImportFile[]; author: string; fingerprint: string | null; via: "cli" | "web"; now?: Date },
): Promise<ApplyResult> {
  return inTransaction(db, async (trx): Promise<ApplyResult> => {
    const plan = await planPortalImport(trx, input.files);
    if (plan.problems.length > 0) return { ok: false as const, message: `Có ${plan.problems.length} lỗi: không nhập gì`, plan };
    if (input.fingerprint !== null && input.fingerprint !== plan.fingerprint) {
      return { ok: false as const, message: "Danh mục đã thay đổi từ lúc xem trước (hoặc tệp khác): không nhập gì, hãy xem trước lại", plan };
    }
    const sources = plan.files.map((f) => `«${f.name}» (sha256 ${f.sha256})`).join(", ");
    let fields = 0;
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const submit = async (kind: "field" | "procedure", key: string, revision: number, text: string) => {
      const step = await applyStep(trx, { kind, key, action: "submit", revision, actor: input.author, text, now: input.now });
      if (!step.ok) throw new ImportAborted(`Không gửi duyệt được ${kind === "field" ? "lĩnh vực" : "thủ tục"} «${key}»: ${step.message}`);
    };
    for (const record of plan.records) {
      const note = `Nhập từ Cổng Dịch vụ công quốc gia: tệp «${record.file}», sha256 ${record.sha256}${input.via === "cli" ? " (qua dòng lệnh)" : ""}`;
      if (record.createsField) {
        const saved = await saveDocument(trx, {
          kind: "field",
          body: { code: record.createsField.code, name: record.createsField.name },
          author: input.author,
          note: `${note}; lĩnh vực mới của thủ tục ${record.code}`,
          mode: "draft",
          baseRevision: 0,
          now: input.now,
        });
        if (saved.outcome !== "created") throw new ImportAborted(`Lĩnh vực «${record.createsField.code}» vừa được người khác tạo: không nhập gì, hãy xem trước lại`);
        await submit("field", record.createsField.code, saved.revision, "Lĩnh vực mới từ bản ghi của Cổng Dịch vụ công");
        fields += 1;
      }
      if (record.outcome === "unchanged") {
        counts.unchanged += 1;
        continue;
      }
      const saved = await saveDocument(trx, { kind: "procedure", body: record.body as never, author: input.author, note, mode: "draft", baseRevision: record.baseRevision, now: input.now });
      if (saved.outcome !== "created" && saved.outcome !== "updated") {
        throw new ImportAborted(`Thủ tục «${record.code}» vừa được thay đổi trên trang quản trị: không nhập gì, hãy xem trước lại`);
      }
      await submit("procedure", record.code, saved.revision, "Nhập từ Cổng Dịch vụ công quốc gia: đề nghị kiểm tra và phê duyệt");
      counts[saved.outcome] += 1;
    }
    await appendAudit(trx, {
      actor: input.author,
      action: "catalog.import",
      summary:
        `Nhập từ Cổng Dịch vụ công quốc gia${input.via === "cli" ? " qua dòng lệnh" : ""}: ${counts.created} thủ tục mới, ${counts.updated} cập nhật, ` +
        `${counts.unchanged} không đổi${fields ? `, ${fields} lĩnh vực mới` : ""} (bản nháp gửi duyệt); tệp ${sources}`,
      now: input.now,
    });
    return { ok: true as const, ...counts, fields, plan };
  }).catch((error: unknown) => {
    if (error instanceof ImportAborted) return { ok: false as const, message: error.message, plan: { files: [], records: [], problems: [], fingerprint: "" } };
    throw error;
  });
}
