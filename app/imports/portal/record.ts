/**
 * One national-portal procedure record (Cổng Dịch vụ công quốc gia) read into a procedure document.
 *
 * Three forms are recognised (docs/import/portal-record-fields.md): the API's camelCase record wrapped as
 * `{"code":"OK","data":{…}}`, the same record bare, and the older database export in upper-case names
 * (`MATTHC`, `TENTTHC`, …), which is first rewritten into the camelCase form so one mapping serves both.
 *
 * Lossless for everything procedure.schema.json can hold; every value it cannot is kept verbatim (as JSON) in
 * `importedUnmapped` with its path in the record, and listed in the import report. Text is cleaned by
 * ../text.ts (markup, entities, odd spaces, bullets) and the rich-text fields become escaped MDX, so nothing in a
 * record can run as code. Pure: the preview and the import compute exactly the same document.
 */
import type { Procedure } from "~/generated";
import { FEE_KIND_WORDS } from "~/domain/format";
import { foldForSearch } from "~/domain/search";
import { cleanLine, cleanText, textToMdx } from "../text";

export type PortalForm = "wrapped" | "bare" | "legacy";

export interface ImportWarning {
  /** Where in the record (a path such as `executionMethods[1].fees[0]`) or in the document. */
  path: string;
  message: string;
}

export interface MappedRecord {
  form: PortalForm;
  /** The procedure as the record gives it (not yet merged with what the catalog holds). */
  body: Procedure;
  /** The record's field, to create when the catalog does not have it. */
  field: { code: string; name: string } | null;
  warnings: ImportWarning[];
}

export class RecordError extends Error {
  constructor(
    /** The record's field the error is about, as the portal names it. */
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** Real arrays hold null elements now and then; they are dropped. */
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const isEmpty = (v: unknown) =>
  v === null || v === undefined || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.filter((x) => x !== null).length === 0) || (isObj(v) && Object.keys(v).length === 0);

export const PROCEDURE_CODE = /^\d{1,2}\.\d{3,6}(\.\d{2})?$/;
const PORTAL_CODE = /^[\p{L}\p{N}][\p{L}\p{N}._/-]*$/u;
const FIELD_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Recognises a parsed JSON file: the records it holds (one, or a list) and their form. */
export function recordsOf(json: unknown): { form: PortalForm; record: Obj }[] {
  const one = (value: unknown, at: string): { form: PortalForm; record: Obj } => {
    if (!isObj(value)) throw new RecordError(at, "Không phải một bản ghi thủ tục hành chính (cần một đối tượng JSON)");
    if ("code" in value && "data" in value && !("name" in value)) {
      if (value.code !== "OK") throw new RecordError("code", `Cổng Dịch vụ công trả lời lỗi «${String(value.code).slice(0, 100)}», không có bản ghi`);
      if (Array.isArray(value.data)) throw new RecordError("data", "Tệp chứa danh sách: hãy tách mỗi bản ghi một tệp hoặc dùng dạng danh sách JSON");
      if (!isObj(value.data)) throw new RecordError("data", "Trường «data» không phải một bản ghi thủ tục");
      return { form: "wrapped", record: checkRecord(value.data) };
    }
    if ("MATTHC" in value || "TENTTHC" in value) return { form: "legacy", record: checkRecord(legacyToCamel(value)) };
    return { form: "bare", record: checkRecord(value) };
  };
  // The old sharing service answers `{"result": [record, …]}`.
  const list = Array.isArray(json) ? json : isObj(json) && Array.isArray(json.result) && Object.keys(json).length <= 3 ? json.result : null;
  if (list) {
    const at = Array.isArray(json) ? "" : "result";
    if (list.length === 0) throw new RecordError(at, "Danh sách rỗng: không có bản ghi nào");
    return list.map((item, i) => one(item, `${at}[${i}]`));
  }
  return [one(json, "")];
}

function checkRecord(record: Obj): Obj {
  const looksLikeProcedure = "code" in record && "name" in record && ["executionSteps", "executionMethods", "executionCases", "legalBasisesDetails"].some((k) => k in record);
  if (!looksLikeProcedure) {
    throw new RecordError("", "Không phải bản ghi thủ tục hành chính của Cổng Dịch vụ công: thiếu «code», «name» hoặc «executionMethods»/«executionSteps»");
  }
  return record;
}

// ---------------------------------------------------------------------------------------------
// The older upper-case export, rewritten into the camelCase record

/**
 * The upper-case export (the national TTHC database's `LayThuTuc` service: `MATTHC`, `TENTTHC`,
 * `CAPTHUCHIEN[{CAPTHUCHIEN, TENCAP}]`, `TRINHTUTHUCHIEN[{TRUONGHOP, TRINHTU[{TENTRINHTU}]}]`,
 * `CACHTHUCTHUCHIEN[{KENH, THOIGIAN[{THOIGIANGIAIQUYET, DONVITINH, MOTA, PHILEPHI[…]}]}]`,
 * `THANHPHANHOSO[{TRUONGHOP, GIAYTO[…]}]`, `CANCUPHAPLY`, `COQUAN*`, …) as a camelCase record. Older dumps give some
 * lists as one text; both are read. Keys it does not know stay in the record under their own names, so they reach
 * `importedUnmapped` like any unmapped field.
 */
export function legacyToCamel(old: Obj): Obj {
  const rest: Obj = { ...old };
  const take = (...keys: string[]): Json | undefined => {
    for (const k of keys) {
      if (k in rest) {
        const v = rest[k];
        delete rest[k];
        if (!isEmpty(v)) return v;
      }
    }
    return undefined;
  };
  /** The fields of a nested object that the mapping reads; the rest of it is kept under its own names. */
  const pick = (o: Obj, map: Record<string, string>): Obj => {
    const out: Obj = {};
    for (const [key, value] of Object.entries(o)) {
      if (isEmpty(value)) continue;
      out[map[key] ?? key] = value;
    }
    return out;
  };
  const out: Obj = {};
  out.code = take("MATTHC") ?? null;
  out.name = take("TENTTHC") ?? null;
  const id = take("ID", "IDTTHC", "TTHCID");
  if (id !== undefined) out.id = String(id);
  const state = take("TRANGTHAI");
  if (state !== undefined) out.state = String(state);

  const fields = take("LINHVUCTHUCHIEN");
  const fieldCode = take("MALINHVUC");
  const fieldName = take("TENLINHVUC", "LINHVUC");
  if (Array.isArray(fields)) out.categoriesDetails = arr(fields).map((f) => pick(f, { MALINHVUC: "code", TENLINHVUC: "name" }));
  if (fieldCode !== undefined || fieldName !== undefined) out.category = { code: (fieldCode as Json) ?? null, name: (fieldName as Json) ?? null };

  const level = take("CAPTHUCHIEN", "CAP");
  if (typeof level === "string") out.levelText = level;
  for (const l of arr(level)) {
    const flag = LEGACY_LEVELS[String(l.CAPTHUCHIEN ?? l.MACAP ?? "").trim()];
    if (flag) out[flag] = true;
    else out.levelText = [out.levelText, l.TENCAP].filter((x) => typeof x === "string").join(", ");
  }

  const steps = take("TRINHTUTHUCHIEN");
  out.executionSteps = Array.isArray(steps)
    ? arr(steps).flatMap((group) => {
        const caseName = group.TRUONGHOP;
        if (!("TRINHTU" in group)) return [pick(group, { TENBUOC: "name", TEN: "name", NOIDUNG: "description", MOTA: "description" })];
        const { TRUONGHOP: _case, TRINHTU, ...others } = group;
        return arr(TRINHTU).map((s, i) => ({
          ...(i === 0 ? others : {}),
          ...pick(s, { TENTRINHTU: "description", NOIDUNG: "description", TENBUOC: "name" }),
          ...(typeof caseName === "string" && caseName.trim() ? { name: caseName } : {}),
        }));
      })
    : steps !== undefined
      ? [{ name: "", description: steps }]
      : [];

  const methods = take("CACHTHUCTHUCHIEN");
  const limitText = take("THOIHANGIAIQUYET");
  const feeText = take("LEPHI", "PHILEPHI", "PHI");
  const address = take("DIACHITIEPNHAN");
  // A fee repeated on several channels is described once: its kind is read from the line that says it.
  const kindByFeeCode = new Map<string, string>();
  for (const m of arr(methods)) {
    for (const t of [m, ...arr(m.THOIGIAN)]) {
      for (const f of arr(t.PHILEPHI ?? t.LEPHI)) {
        const said = typeof f.MOTA === "string" ? /^\W*(lệ phí|phí|giá)/iu.exec(f.MOTA)?.[1].toLowerCase() : undefined;
        if (typeof f.MAPHILEPHI === "string" && said && !kindByFeeCode.has(f.MAPHILEPHI)) kindByFeeCode.set(f.MAPHILEPHI, said === "lệ phí" ? "LE_PHI" : said === "phí" ? "PHI" : "GIA_DICH_VU");
      }
    }
  }
  const legacyFees = (fees: Json | undefined) =>
    arr(fees).map((f) => {
      const { currency, per } = legacyMoneyUnit(f.DONVI ?? f.DONVITIEN);
      const description = typeof f.MOTA === "string" ? f.MOTA : "";
      const out = pick(f, { LOAI: "type", MUCPHI: "value", SOTIEN: "value", MOTA: "description", TENTEP: "fileName", URL: "url" });
      delete out.DONVI;
      delete out.DONVITIEN;
      if (currency) out.currencyName = currency;
      if (out.type === undefined && typeof f.MAPHILEPHI === "string" && kindByFeeCode.has(f.MAPHILEPHI)) out.type = kindByFeeCode.get(f.MAPHILEPHI)!;
      if (per && !foldForSearch(description).includes(foldForSearch(per))) out.description = [description, `(tính theo ${per.toLowerCase()})`].filter(Boolean).join(" ");
      return out;
    });
  const channel = (m: Obj, time: Obj): Obj => ({
    submissionMethod: legacyChannel(m.KENH ?? m.HINHTHUC ?? m.TEN),
    processingTime: time.THOIGIANGIAIQUYET ?? time.THOIGIAN ?? time.THOIHAN ?? null,
    processingTimeUnit: time.DONVITINH ?? time.DONVITHOIGIAN ?? time.DONVI ?? null,
    description: time.MOTA ?? time.GHICHU ?? null,
    fees: legacyFees(time.PHILEPHI ?? time.LEPHI),
    ...(address !== undefined && legacyChannel(m.KENH ?? m.HINHTHUC ?? m.TEN) === "DIRECT" ? { receivingAddress: address } : {}),
  });
  out.executionMethods = Array.isArray(methods)
    ? arr(methods).flatMap((m) => (Array.isArray(m.THOIGIAN) ? arr(m.THOIGIAN).map((t) => channel(m, t)) : [channel(m, m)]))
    : [
        {
          submissionMethod: "DIRECT",
          processingTime: null,
          processingTimeUnit: "OTHER",
          description: [methods, limitText].filter((x) => typeof x === "string").join("\n") || null,
          fees: typeof feeText === "string" ? [{ type: null, value: null, currencyName: null, description: feeText }] : [],
          ...(address !== undefined ? { receivingAddress: address } : {}),
        },
      ];
  if (Array.isArray(methods) && typeof limitText === "string") out.timeLimitText = limitText;
  if (Array.isArray(methods) && typeof feeText === "string") out.feeText = feeText;

  const dossier = take("THANHPHANHOSO");
  out.executionCases = Array.isArray(dossier)
    ? arr(dossier).map((c) => ({
        name: c.TENTRUONGHOP ?? c.TRUONGHOP ?? "",
        profileComponents: arr(c.GIAYTO ?? c.THANHPHAN).map((g) => {
          const out = pick(g, { MA: "code", MAGIAYTO: "code", TENGIAYTO: "name", TEN: "name", SOBANCHINH: "originalQty", BANCHINH: "originalQty", SOBANSAO: "copyQty", BANSAO: "copyQty", BATBUOC: "required" });
          const fileName = out.TENMAUDON;
          const url = out.URL;
          delete out.TENMAUDON;
          delete out.URL;
          const attachments = [...arr(g.MAUDON ?? g.TEPMAU).map((t) => pick(t, { TENTEP: "fileName", TEN: "fileName", DUONGDAN: "url", URL: "url" })), ...(fileName !== undefined || url !== undefined ? [{ fileName: fileName ?? null, url: url ?? null }] : [])];
          delete out.MAUDON;
          delete out.TEPMAU;
          return { ...out, ...(attachments.length ? { attachments } : {}) };
        }),
      }))
    : typeof dossier === "string"
      ? [{ name: "", profileComponents: [], dossierText: dossier }]
      : [];

  const subjects = take("DOITUONGTHUCHIEN");
  if (subjects !== undefined) out.subjectTypesDetails = textList(subjects, (s) => pick(s, { MA: "code", MADOITUONG: "code", TEN: "name", TENDOITUONG: "name" }));
  const agencyMap = { MA: "code", MADONVI: "code", TEN: "name", TENDONVI: "name", DIACHI: "address" };
  for (const [key, camel] of [
    ["COQUANTHUCHIEN", "departmentsExecuting"],
    ["COQUANCOTHAMQUYEN", "departmentsAuthority"],
    ["COQUANDUOCUYQUYEN", "departmentsAuthorized"],
    ["COQUANPHOIHOP", "departmentsCoordinating"],
  ] as const) {
    const list = take(key);
    if (list !== undefined) out[camel] = textList(list, (a) => pick(a, agencyMap));
  }
  const executingText = take("MOTACOQUANTHUCHIEN");
  if (executingText !== undefined) out.executingAgencies = executingText;
  const results = take("KETQUATHUCHIEN");
  if (results !== undefined) out.resultsDetails = textList(results, (r) => pick(r, { MA: "code", MAKETQUA: "code", TEN: "name", TENKETQUA: "name" }));
  const legal = take("CANCUPHAPLY");
  if (legal !== undefined)
    out.legalBasisesDetails = textList(legal, (l) =>
      pick(l, { SOKYHIEU: "code", SOVANBAN: "code", MA: "code", TRICHYEU: "name", TENVANBAN: "name", TEN: "name", NGAYBANHANH: "issuedDate", NGAYHIEULUC: "effectiveDate", COQUANBANHANH: "issuer" }),
    );
  const requirements = take("YEUCAUDIEUKIEN", "YEUCAU");
  if (requirements !== undefined) out.requirementsAndConditions = requirements;
  const decision = take("QUYETDINHCONGBO", "SOQUYETDINH", "QUYETDINH");
  if (decision !== undefined) out.procedureProposal = { decisionNumber: decision, decisionDate: take("NGAYQUYETDINH", "NGAYBANHANH") ?? null };
  const nonTerritorial = take("PHIDIAGIOI");
  if (nonTerritorial !== undefined) out.isNonTerritorial = nonTerritorial === true || nonTerritorial === 1 || nonTerritorial === "1";
  return { ...out, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => !isEmpty(v))) };
}

/** `CAPTHUCHIEN` codes of the old export: 0 ministry, 1 province, 2 district, 3 commune. */
const LEGACY_LEVELS: Record<string, string> = { "0": "isMinistry", "1": "isProvince", "2": "isDistrict", "3": "isWard" };

/** "Đồng/Trường hợp": the currency, and what the amount is counted per. */
function legacyMoneyUnit(value: Json | undefined): { currency: string | null; per: string | null } {
  if (typeof value !== "string" || !value.trim()) return { currency: null, per: null };
  const [currency, ...per] = value.split("/");
  return { currency: currency.trim() || null, per: per.join("/").trim() || null };
}

function legacyChannel(value: Json | undefined): string | null {
  const t = typeof value === "string" ? value.trim().toLowerCase() : typeof value === "number" ? String(value) : "";
  if (t === "1" || /trực tiếp|direct/.test(t)) return "DIRECT";
  if (t === "2" || /trực tuyến|online/.test(t)) return "ONLINE";
  if (t === "3" || /bưu chính|postal/.test(t)) return "POSTAL";
  return typeof value === "string" ? value : null;
}

/** A list that the old export gives as objects, or as one text with one item a line. */
function textList(value: Json, map: (o: Obj) => Obj): Obj[] {
  if (Array.isArray(value)) return arr(value).map(map);
  if (typeof value === "string")
    return cleanText(value)
      .split("\n")
      .map((l) => l.replace(/^[-+•*]\s*/, "").trim())
      .filter(Boolean)
      .map((name) => ({ code: null, name }));
  return [];
}

// ---------------------------------------------------------------------------------------------
// The camelCase record into a procedure

/** Tracks which keys of each object were read, so everything else is reported, never lost. */
class Reader {
  readonly unmapped: { path: string; value: string }[] = [];
  readonly warnings: ImportWarning[] = [];
  warn(path: string, message: string) {
    this.warnings.push({ path, message });
  }
  /** The keys of `obj` not in `known`, with a value, kept verbatim. */
  rest(obj: Obj, known: readonly string[], path: string) {
    for (const [key, value] of Object.entries(obj)) {
      if (known.includes(key) || isEmpty(value)) continue;
      this.keep(path ? `${path}.${key}` : key, value);
    }
  }
  keep(path: string, value: Json) {
    this.unmapped.push({ path, value: JSON.stringify(value) });
  }
}

const CHANNELS: Record<string, "DIRECT" | "ONLINE" | "POSTAL"> = { DIRECT: "DIRECT", ONLINE: "ONLINE", POSTAL: "POSTAL", POST: "POSTAL" };

const UNITS: Record<string, Procedure["channels"][number]["timeLimit"]["unit"]> = {
  WORKING_DAY: "working_days",
  WORKING_DAYS: "working_days",
  WORKING_HOUR: "working_hours",
  WORKING_HOURS: "working_hours",
  DAY: "days",
  DAYS: "days",
  HOUR: "hours",
  HOURS: "hours",
  MONTH: "months",
  MONTHS: "months",
  YEAR: "years",
  YEARS: "years",
  OTHER: "other",
  "NGÀY LÀM VIỆC": "working_days",
  "GIỜ LÀM VIỆC": "working_hours",
  NGÀY: "days",
  GIỜ: "hours",
  THÁNG: "months",
  NĂM: "years",
  KHÁC: "other",
};

const FEE_KINDS: Record<string, "fee" | "charge" | "service"> = {
  FEE: "fee",
  PHI: "fee",
  "PHÍ": "fee",
  CHARGE: "charge",
  LE_PHI: "charge",
  LEPHI: "charge",
  "LỆ PHÍ": "charge",
  // The portal's SERVICE_FEE is what the law calls lệ phí (its descriptions say so); PRICE_LEVEL is a price.
  SERVICE_FEE: "charge",
  PRICE_LEVEL: "service",
  SERVICE: "service",
  GIA_DICH_VU: "service",
  "GIÁ DỊCH VỤ": "service",
};

const CURRENCIES: Record<string, string> = {
  VND: "VND",
  VNĐ: "VND",
  Đ: "VND",
  ĐỒNG: "VND",
  "ĐỒNG VIỆT NAM": "VND",
  "VIỆT NAM ĐỒNG": "VND",
  USD: "USD",
  $: "USD",
  "ĐÔ LA MỸ": "USD",
  "ĐÔ-LA MỸ": "USD",
  EUR: "EUR",
  EURO: "EUR",
};

const num = (v: Json | undefined): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\s*\d+([.,]\d+)?\s*$/.test(v)) return Number(v.trim().replace(",", "."));
  return null;
};
const bool = (v: Json | undefined): boolean | undefined => (v === true || v === 1 || v === "1" || v === "true" ? true : v === false || v === 0 || v === "0" || v === "false" ? false : undefined);

/** Epoch milliseconds (or an ISO text) as the calendar date in Vietnam (UTC+7 all year). */
export function vietnamDate(v: Json | undefined): string | null {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return new Date(v + 7 * 3600_000).toISOString().slice(0, 10);
  if (typeof v === "string") {
    if (/^\d{12,14}$/.test(v)) return vietnamDate(Number(v));
    const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim());
    if (vn) return `${vn[3]}-${vn[2].padStart(2, "0")}-${vn[1].padStart(2, "0")}`;
    const iso = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(v.trim());
    if (iso) return iso[2] ? vietnamDate(Date.parse(v)) : iso[1];
  }
  return null;
}

const instant = (v: Json | undefined): string | null => {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return new Date(v).toISOString();
  if (typeof v === "string" && !Number.isNaN(Date.parse(v))) return new Date(Date.parse(v)).toISOString();
  return null;
};

/** Cuts a text that exceeds its field, keeping the whole of it in `importedUnmapped` so nothing is lost. */
function fit(r: Reader, path: string, text: string, max: number): string {
  if (text.length <= max) return text;
  r.keep(path, text);
  r.warn(path, `Văn bản dài ${text.length} ký tự, quá ${max} ký tự của trường: phần đầu được giữ ở trường, toàn văn ở «Dữ liệu nhập chưa ánh xạ»`);
  return `${text.slice(0, max - 1)}…`;
}

/** The "Nghị định số 123/2015/NĐ-CP" style number in a text. */
const LEGAL_NUMBER = /\b(\d{1,5}\/(?:\d{4}\/)?[\p{Lu}Đ][\p{L}Đđ0-9]*(?:-[\p{L}Đđ0-9]+)*)\b/u;

function legalFrom(r: Reader, item: Obj, path: string): Procedure["legalBasis"] extends (infer T)[] | undefined ? T | null : never {
  const code = cleanLine(item.code ?? item.number ?? "");
  const name = cleanLine(item.name ?? item.title ?? "");
  const number = code || LEGAL_NUMBER.exec(name)?.[1] || "";
  if (!number) {
    if (name) r.keep(path, item);
    r.warn(path, name ? `Văn bản «${name.slice(0, 80)}» không có số, ký hiệu: giữ ở «Dữ liệu nhập chưa ánh xạ»` : "Văn bản căn cứ trống: bỏ qua");
    return null;
  }
  const ref: NonNullable<Procedure["legalBasis"]>[number] = { number: fit(r, `${path}.code`, number, 100) };
  if (name && name !== number) ref.title = fit(r, `${path}.name`, name, 2000);
  // "… ngày 15 tháng 11 năm 2015 của Chính phủ" / "ngày 15/11/2015": the dates and issuer the title gives.
  const date = /ngày\s+(\d{1,2})\s*(?:tháng|\/)\s*(\d{1,2})\s*(?:năm|\/)\s*(\d{4})/iu.exec(name);
  if (date) {
    const iso = `${date[3]}-${date[2].padStart(2, "0")}-${date[1].padStart(2, "0")}`;
    if (!Number.isNaN(Date.parse(iso))) ref.issuedDate = iso;
  }
  const issuer = /\bcủa\s+((?:Chính phủ|Quốc hội|Thủ tướng Chính phủ|Ủy ban Thường vụ Quốc hội|(?:Bộ trưởng )?Bộ [\p{Lu}][\p{L}\s,]{2,60}?|Hội đồng nhân dân [\p{L}\s]{2,60}?|Ủy ban nhân dân [\p{L}\s]{2,60}?))(?=\s+(?:quy định|về|hướng dẫn|sửa đổi|ban hành|bãi bỏ)\b|[,.;]|$)/u.exec(name);
  if (issuer) ref.issuer = issuer[1].trim();
  // The old export gives them as fields of their own (dd/mm/yyyy).
  const issued = vietnamDate(item.issuedDate);
  if (issued) ref.issuedDate = issued;
  const effective = vietnamDate(item.effectiveDate);
  if (effective) ref.effectiveDate = effective;
  const issuedBy = cleanLine(item.issuer ?? "");
  if (issuedBy) ref.issuer = issuedBy.slice(0, 500);
  r.rest(item, ["code", "number", "name", "title", "id", ...(issued ? ["issuedDate"] : []), ...(effective ? ["effectiveDate"] : []), "issuer"], path);
  return ref;
}

function durationFrom(r: Reader, value: Json | undefined, unitRaw: Json | undefined, text: string, path: string): Procedure["channels"][number]["timeLimit"] {
  const v = num(value ?? null);
  const key = typeof unitRaw === "string" ? unitRaw.trim().toUpperCase() : "";
  let unit = UNITS[key];
  const words = cleanLine(text);
  if (!unit) {
    unit = "other";
    if (key) r.warn(path, `Đơn vị thời gian không rõ «${String(unitRaw).slice(0, 40)}»: ghi là «Khác», giữ nguyên văn trong phần diễn giải`);
    else r.warn(path, "Không ghi đơn vị thời gian: ghi là «Khác»");
  }
  if (unit === "other" || v === null || (v === 0 && words)) {
    // The real rule is only in words: the process-time check says it could not check (never a silent pass).
    // A limit given as a sentence ("Theo mô tả") is kept as said.
    const valueWords = typeof value === "string" && v === null ? cleanLine(value) : "";
    const said = [key && !UNITS[key] ? `${v ?? ""} ${String(unitRaw)}`.trim() : "", valueWords, words].filter(Boolean).join(" – ");
    if (!said) r.warn(path, "Thời hạn không có giá trị và không có diễn giải");
    else r.warn(path, "Thời hạn chỉ ghi bằng lời: không đối chiếu tự động được với quy trình nội bộ");
    return { value: v ?? 0, unit: "other", ...(said ? { text: fit(r, `${path}.description`, said, 1000) } : {}) };
  }
  return { value: v, unit };
}

function feeFrom(r: Reader, fee: Obj, path: string): NonNullable<Procedure["channels"][number]["fees"]>[number] {
  const rawType = typeof fee.type === "string" ? fee.type.trim().toUpperCase() : "";
  // "Đồng (Phí … 2.000 đồng/trang)": the currency's name glued before the real text by the portal's form.
  const description = cleanText(fee.description ?? "").replace(/^Đồng\s*\(([\s\S]*)\)$/u, "$1");
  // What the description calls it ("Lệ phí …", "Phí …", "Giá …") when it says so at its start.
  const said = /^\W*(lệ phí|phí|giá)/iu.exec(description)?.[1].toLowerCase();
  const saidKind = said === "lệ phí" ? "charge" : said === "phí" ? "fee" : said === "giá" ? "service" : undefined;
  let kind = FEE_KINDS[rawType];
  // The portal files phí under SERVICE_FEE too: its description decides.
  if (rawType === "SERVICE_FEE" && saidKind) kind = saidKind;
  if (!kind) {
    kind = saidKind ?? (/lệ phí/i.test(description) ? "charge" : /giá dịch vụ|phí dịch vụ/i.test(description) ? "service" : /phí/i.test(description) ? "fee" : "charge");
    const label = FEE_KIND_WORDS[kind][0].toUpperCase() + FEE_KIND_WORDS[kind].slice(1);
    r.warn(path, rawType ? `Loại khoản thu không rõ «${String(fee.type).slice(0, 40)}»: ghi là «${label}»` : `Khoản thu không ghi loại: ghi là «${label}»`);
    if (rawType) r.keep(`${path}.type`, fee.type);
  }
  const out: NonNullable<Procedure["channels"][number]["fees"]>[number] = { kind };
  const value = num(fee.value ?? fee.amount ?? null);
  const currencyRaw = cleanLine(fee.currencyName ?? fee.currency ?? fee.currencyCode ?? "");
  const currency = CURRENCIES[currencyRaw.toUpperCase()] ?? (/^[A-Z]{3}$/.test(currencyRaw) ? currencyRaw : undefined);
  // A zero beside a description with a number ("2.000 đồng/trang") is no amount, not "free".
  const onlyText = value === 0 && /\d/.test(description) && !/miễn|không thu/i.test(description);
  if (value !== null && value >= 0 && !onlyText) {
    out.amount = { amount: value, ...(currency ? { currency } : {}) };
    if (!currency && value > 0) r.warn(path, `Khoản thu ${value} không ghi đơn vị tiền tệ: giữ nguyên, không đoán là đồng`);
    if (currencyRaw && !currency) {
      r.warn(path, `Đơn vị tiền tệ không rõ «${currencyRaw.slice(0, 40)}»: giữ ở «Dữ liệu nhập chưa ánh xạ»`);
      r.keep(`${path}.currencyName`, currencyRaw);
    }
  } else if (description) r.warn(path, "Khoản thu chỉ ghi mức thu bằng lời (trong mô tả): không tính tự động được");
  else r.warn(path, "Khoản thu không có số tiền và không có mô tả");
  if (description) out.description = fit(r, `${path}.description`, description, 2000);
  // currencyId is the portal's id of the currency it also names.
  r.rest(fee, ["type", "value", "amount", "currencyName", "currency", "currencyCode", "description", "id", ...(currency ? ["currencyId"] : [])], path);
  return out;
}

type Agency = NonNullable<Procedure["agencies"]>[number];

function agencyKind(name: string): Agency["kind"] | undefined {
  if (/^(Ủy ban nhân dân|UBND)\b/iu.test(name)) return "people_committee";
  if (/công chứng/iu.test(name)) return "notary";
  if (/(cơ quan đại diện|đại sứ quán|lãnh sự)/iu.test(name)) return "overseas_mission";
  if (/(đơn vị sự nghiệp|trung tâm|bệnh viện|trường)/iu.test(name)) return "public_service_unit";
  if (/^(Bộ|Sở|Phòng|Cục|Tổng cục|Chi cục|Công an|Ban|Văn phòng|Thanh tra|Kho bạc|Cơ quan|Chính phủ|Thủ tướng)\b/u.test(name)) return "state_agency";
  return undefined;
}

const AGENCY_LISTS: readonly [string, Agency["role"], boolean][] = [
  ["departmentsExecuting", "executing", false],
  ["unitGroupsExecuting", "executing", true],
  ["departmentsAuthority", "competent", false],
  ["unitGroupsAuthority", "competent", true],
  ["departmentsAuthorized", "authorized", false],
  ["unitGroupsAuthorized", "authorized", true],
  ["departmentsCoordinating", "coordinating", false],
  ["unitGroupsCoordinating", "coordinating", true],
];

const AGENCY_TEXTS: readonly [string, Agency["role"]][] = [
  ["executingAgencies", "executing"],
  ["authorizedAgencies", "authorized"],
  ["coordinatingAgencies", "coordinating"],
];

/** Level flags of the record that none of the schema's levels stands for. */
const LEVEL_FLAGS_WITHOUT_LEVEL = ["isOtherAgency", "isVertical", "isUndetermined", "isInternal"] as const;

/** The record read into a procedure document (before it is merged with the catalog's own values). */
export function mapPortalRecord(form: PortalForm, record: Obj): MappedRecord {
  const r = new Reader();
  const code = cleanLine(record.code);
  if (!PROCEDURE_CODE.test(code)) {
    throw new RecordError("code", `Mã thủ tục «${code.slice(0, 40)}» không đúng dạng (một hoặc hai chữ số, dấu chấm, ba đến sáu chữ số, ví dụ 1.001193)`);
  }
  const name = cleanLine(record.name);
  if (!name) throw new RecordError("name", "Bản ghi không có tên thủ tục");
  const known = new Set<string>(["code", "name"]);
  const use = (...keys: string[]) => keys.forEach((k) => known.add(k));

  // Field (lĩnh vực)
  use("category", "categoriesDetails");
  const categories = [...(isObj(record.category) ? [record.category] : []), ...arr(record.categoriesDetails)];
  const category = categories.find((c) => FIELD_CODE.test(cleanLine(c.code))) ?? null;
  const field = category ? { code: cleanLine(category.code), name: cleanLine(category.name) || cleanLine(category.code) } : null;
  if (!field) {
    if (categories.length) r.keep("categoriesDetails", categories);
    r.warn("categoriesDetails", "Bản ghi không có mã lĩnh vực dùng được: thủ tục tạm xếp vào lĩnh vực đang có trong danh mục, hãy sửa trước khi trình duyệt");
  }
  categories.filter((c) => c !== category && cleanLine(c.code) !== field?.code).forEach((c, i) => r.keep(`categoriesDetails[${i}]`, c));

  // Levels
  use("isMinistry", "isProvince", "isDistrict", "isWard", "isCommune", "levelText", ...LEVEL_FLAGS_WITHOUT_LEVEL);
  // Flags the schema's levels do not cover (another agency, a vertical branch, internal…): kept when set.
  for (const flag of LEVEL_FLAGS_WITHOUT_LEVEL) if (bool(record[flag])) r.keep(flag, record[flag]);
  const levels: Procedure["level"][] = [];
  if (bool(record.isWard) || bool(record.isCommune)) levels.push("commune");
  if (bool(record.isDistrict)) levels.push("district");
  if (bool(record.isProvince)) levels.push("province");
  if (bool(record.isMinistry)) levels.push("central");
  if (typeof record.levelText === "string") {
    const t = record.levelText.toLowerCase();
    if (/xã|phường/.test(t)) levels.push("commune");
    if (/huyện/.test(t)) levels.push("district");
    if (/tỉnh/.test(t)) levels.push("province");
    if (/bộ|trung ương/.test(t)) levels.push("central");
  }
  const uniqueLevels = [...new Set(levels)];
  if (uniqueLevels.length === 0) r.warn("isWard", "Bản ghi không ghi cấp thực hiện: ghi là cấp xã");
  const [level = "commune", ...otherLevels] = uniqueLevels;

  const body: Procedure = { code, name, fieldCode: field?.code ?? "", level, status: "in_force", channels: [] };
  if (otherLevels.length) body.otherLevels = otherLevels;

  // Steps
  use("executionSteps");
  const steps: NonNullable<Procedure["steps"]> = [];
  arr(record.executionSteps).forEach((s, i) => {
    const path = `executionSteps[${i}]`;
    const stepName = cleanLine(s.name);
    const text = cleanText(s.description);
    if (!stepName && !text) return r.warn(path, "Bước trống: bỏ qua");
    if (!text) steps.push({ description: textToMdx(s.name) });
    else steps.push({ ...(stepName ? { name: fit(r, `${path}.name`, stepName, 1000) } : {}), description: fit(r, `${path}.description`, textToMdx(s.description), 50000) });
    r.rest(s, ["name", "description", "id", "order", "index"], path);
  });
  if (steps.length) body.steps = steps;

  // Channels: one per execution method, in the record's order (two desk channels with their own places and fees stay two)
  use("executionMethods");
  arr(record.executionMethods).forEach((m, i) => {
    const path = `executionMethods[${i}]`;
    const rawType = cleanLine(m.submissionMethod).toUpperCase();
    const type = CHANNELS[rawType];
    if (!type) {
      r.keep(path, m);
      return r.warn(path, `Cách thức nộp không rõ «${rawType.slice(0, 40)}»: cách thức này giữ ở «Dữ liệu nhập chưa ánh xạ»`);
    }
    const description = cleanText(m.description);
    const channel: Procedure["channels"][number] = { type, timeLimit: durationFrom(r, m.processingTime, m.processingTimeUnit, description, `${path}.processingTime`) };
    const fees = arr(m.fees).map((f, j) => feeFrom(r, f, `${path}.fees[${j}]`));
    if (fees.length) channel.fees = fees.slice(0, 30);
    if (description) channel.description = fit(r, `${path}.description`, description, 4000);
    const place = cleanText(m.receivingAddress ?? m.address ?? m.place ?? "");
    if (place) channel.place = fit(r, `${path}.receivingAddress`, place, 1000);
    r.rest(m, ["submissionMethod", "processingTime", "processingTimeUnit", "description", "fees", "receivingAddress", "address", "place", "id"], path);
    body.channels.push(channel);
  });
  if (body.channels.length === 0) {
    throw new RecordError("executionMethods", "Bản ghi không có cách thức thực hiện nào (DIRECT, ONLINE, POSTAL): thủ tục cần ít nhất một cách thức");
  }
  if (body.channels.length > 20) throw new RecordError("executionMethods", `Bản ghi có ${body.channels.length} cách thức, quá 20 cách thức một thủ tục được ghi`);
  // The receiving address: the desk's place when the record has one desk channel without a place of its own.
  use("dossierReceivingAddresses");
  const receiving = cleanText(record.dossierReceivingAddresses ?? "");
  const desks = body.channels.filter((c) => c.type === "DIRECT");
  if (receiving && desks.length === 1 && !desks[0].place) desks[0].place = fit(r, "dossierReceivingAddresses", receiving, 1000);
  else if (receiving) {
    r.keep("dossierReceivingAddresses", record.dossierReceivingAddresses);
    r.warn("dossierReceivingAddresses", "Địa chỉ tiếp nhận không gắn được với một cách thức nộp trực tiếp duy nhất: giữ ở «Dữ liệu nhập chưa ánh xạ»");
  }
  use("timeLimitText", "feeText");
  const note = [record.timeLimitText, record.feeText].filter((x): x is string => typeof x === "string").map(cleanText).join("\n");
  if (note) body.timeLimitNote = fit(r, "timeLimitText", note, 2000);

  // Dossier by case, and the cases' own time limits
  use("executionCases", "cases");
  const cases: NonNullable<Procedure["cases"]> = [];
  arr(record.executionCases).forEach((c, i) => {
    const path = `executionCases[${i}]`;
    const components: NonNullable<NonNullable<Procedure["cases"]>[number]["components"]> = [];
    arr(c.profileComponents).forEach((g, j) => {
      const at = `${path}.profileComponents[${j}]`;
      // A one-line name written as a bullet ("- Giấy tờ …") loses the bullet; a multi-line one keeps its list.
      const compName = cleanText(g.name).replace(/^[-+•*]\s+(?=[^\n]*$)/u, "");
      if (!compName) return r.warn(at, "Giấy tờ không có tên: bỏ qua"), r.keep(at, g);
      const comp: (typeof components)[number] = {
        name: fit(r, `${at}.name`, compName, 4000),
        originals: Math.max(0, Math.trunc(num(g.originalQty ?? null) ?? 0)),
        copies: Math.max(0, Math.trunc(num(g.copyQty ?? null) ?? 0)),
        required: bool(g.required) ?? false,
      };
      const nationalCode = cleanLine(g.code);
      if (nationalCode) {
        if (PORTAL_CODE.test(nationalCode) && nationalCode.length <= 100) comp.nationalCode = nationalCode;
        else r.keep(`${at}.code`, g.code);
      }
      const electronic = bool(g.hasElectronicForm);
      if (electronic !== undefined) comp.hasElectronicForm = electronic;
      const isResult = bool(g.isProcessingResult ?? g.isResult ?? null);
      if (isResult) comp.isResult = true;
      const templates = arr(g.attachments ?? g.templates).flatMap((t, k) => {
        const fileName = cleanLine(t.fileName ?? t.name ?? "");
        const url = cleanLine(t.url ?? t.fileUrl ?? t.link ?? "");
        const safeUrl = /^https?:\/\/[^\s]+$/i.test(url) && url.length <= 2000 ? url : "";
        if (!fileName && !safeUrl) return [];
        // The storage keys (bucket, path, id) name the file on the portal's side: kept, not shown.
        r.rest(t, ["fileName", "name", "url", "fileUrl", "link"], `${at}.attachments[${k}]`);
        if (url && !safeUrl) r.keep(`${at}.attachments[${k}].url`, url);
        return [{ name: (fileName || safeUrl.split("/").pop() || "Tệp mẫu").slice(0, 500), ...(safeUrl ? { url: safeUrl } : {}) }];
      });
      if (templates.length) comp.templates = templates.slice(0, 20);
      r.rest(g, ["name", "originalQty", "copyQty", "required", "code", "hasElectronicForm", "isProcessingResult", "isResult", "attachments", "templates", "id"], at);
      components.push(comp);
    });
    const caseName = cleanText(c.name);
    const caseCode = cleanLine(c.code);
    const entry: (typeof cases)[number] = { name: fit(r, `${path}.name`, caseName, 2000) };
    if (caseCode && PORTAL_CODE.test(caseCode)) entry.code = caseCode;
    if (components.length) entry.components = components.slice(0, 100);
    if (typeof c.dossierText === "string") {
      r.keep(`${path}.dossierText`, c.dossierText);
      r.warn(path, "Thành phần hồ sơ chỉ có dạng văn bản: giữ nguyên văn ở «Dữ liệu nhập chưa ánh xạ», hãy tách thành từng giấy tờ");
    }
    r.rest(c, ["name", "code", "profileComponents", "dossierText", "id"], path);
    cases.push(entry);
  });
  arr(record.cases).forEach((c, i) => {
    const path = `cases[${i}]`;
    const caseCode = cleanLine(c.code);
    const day = isObj(c.processingDay) ? c.processingDay : isObj(c.processingTime) ? c.processingTime : null;
    const limit = day ? durationFrom(r, day.qty ?? day.value ?? null, day.type ?? day.unit ?? null, cleanText(day.description ?? c.description ?? ""), `${path}.processingDay`) : null;
    const same = cases.find((x) => (caseCode && x.code === caseCode) || (cleanText(c.name) && x.name === cleanText(c.name)));
    const target = same ?? { name: fit(r, `${path}.name`, cleanText(c.name) || caseCode, 2000) };
    if (!same) {
      if (caseCode && PORTAL_CODE.test(caseCode)) target.code = caseCode;
      cases.push(target);
    }
    if (limit) target.timeLimit = limit;
    r.rest(c, ["code", "name", "processingDay", "processingTime", "description", "id"], path);
    if (day) r.rest(day, ["qty", "value", "type", "unit", "description"], `${path}.processingDay`);
  });
  if (cases.length) body.cases = cases.slice(0, 100);

  // Subjects, results
  use("subjectTypesDetails", "resultsDetails");
  const subjects = arr(record.subjectTypesDetails).flatMap((s, i) => {
    const subjectName = cleanLine(s.name);
    if (!subjectName) return [];
    const subjectCode = cleanLine(s.code);
    r.rest(s, ["code", "name", "id"], `subjectTypesDetails[${i}]`);
    return [{ ...(subjectCode && PORTAL_CODE.test(subjectCode) ? { code: subjectCode } : {}), name: fit(r, `subjectTypesDetails[${i}].name`, subjectName, 500) }];
  });
  if (subjects.length) body.subjects = subjects.slice(0, 50);
  const results = arr(record.resultsDetails).flatMap((s, i) => {
    const resultName = cleanLine(s.name);
    if (!resultName) return [];
    const resultCode = cleanLine(s.code);
    r.rest(s, ["code", "name", "id"], `resultsDetails[${i}]`);
    return [{ ...(resultCode && PORTAL_CODE.test(resultCode) ? { code: resultCode } : {}), name: fit(r, `resultsDetails[${i}].name`, resultName, 1000) }];
  });
  if (results.length) body.results = results.slice(0, 50);

  // Legal basis
  use("legalBasisesDetails");
  const legal = arr(record.legalBasisesDetails).flatMap((l, i) => legalFrom(r, l, `legalBasisesDetails[${i}]`) ?? []);
  if (legal.length) body.legalBasis = legal.slice(0, 200);

  // Agencies
  const agencies: Agency[] = [];
  for (const [key, role, isGroup] of AGENCY_LISTS) {
    use(key);
    arr(record[key]).forEach((a, i) => {
      const agencyName = cleanLine(a.name);
      if (!agencyName) return;
      const kind = isGroup ? undefined : agencyKind(agencyName);
      const address = cleanText(a.address ?? "");
      agencies.push({ role, name: fit(r, `${key}[${i}].name`, agencyName, 500), ...(kind ? { kind } : {}), ...(isGroup ? { isGroup: true } : {}), ...(address ? { address: address.slice(0, 1000) } : {}) });
      r.rest(a, ["name", "address", "id", "code"], `${key}[${i}]`);
      if (!isEmpty(a.code)) r.keep(`${key}[${i}].code`, a.code);
    });
  }
  use("departmentPromulgateName", ...AGENCY_TEXTS.map(([key]) => key));
  const promulgating = cleanLine(record.departmentPromulgateName);
  if (promulgating) agencies.push({ role: "promulgating", name: promulgating.slice(0, 500), ...(agencyKind(promulgating) ? { kind: agencyKind(promulgating) } : {}) });
  // The agencies as one text: a mirror of the lists when they are given, the only source when not.
  for (const [key, role] of AGENCY_TEXTS) {
    if (typeof record[key] !== "string" || agencies.some((a) => a.role === role)) continue;
    for (const agencyName of cleanText(record[key]).split(/\n|;/).map((x) => x.trim()).filter(Boolean)) {
      agencies.push({ role, name: agencyName.slice(0, 500), ...(agencyKind(agencyName) ? { kind: agencyKind(agencyName) } : {}) });
    }
  }
  if (agencies.length) body.agencies = agencies.slice(0, 50);

  // Requirements, online level, flags
  use("requirementsAndConditions", "isFullProcess", "isNonTerritorial");
  // Mirrors of what is read elsewhere: the `*Ids` lists (the ids of the details read above), the code's notation
  // and the description when they repeat the code and the requirements (as they do in every real record).
  for (const key of Object.keys(record)) if (/^[a-z][A-Za-z]*Ids$/.test(key) && Array.isArray(record[key])) use(key);
  if (cleanLine(record.codeNotation) === code) use("codeNotation");
  if (cleanText(record.description) === cleanText(record.requirementsAndConditions)) use("description");
  const requirements = cleanText(record.requirementsAndConditions);
  if (requirements) body.requirements = fit(r, "requirementsAndConditions", textToMdx(record.requirementsAndConditions), 50000);
  const full = bool(record.isFullProcess);
  if (full === true) body.onlineLevel = "full";
  else if (full === false) body.onlineLevel = body.channels.some((c) => c.type === "ONLINE") ? "partial" : "none";
  const nonTerritorial = bool(record.isNonTerritorial);
  if (nonTerritorial !== undefined) body.nonTerritorial = nonTerritorial;

  // Publication decision
  use("procedureProposal", "decisionNo");
  const proposal = isObj(record.procedureProposal) ? record.procedureProposal : null;
  const decisionNumber = cleanLine(proposal?.proposalNumber ?? proposal?.decisionNumber ?? record.decisionNo ?? "");
  if (decisionNumber) {
    const decision: NonNullable<Procedure["publicationDecision"]> = { number: decisionNumber.slice(0, 100) };
    const date = vietnamDate(proposal?.decisionDate ?? proposal?.signedDate ?? null);
    if (date) decision.date = date;
    const effective = vietnamDate(proposal?.effectiveDate ?? null);
    if (effective) decision.effectiveDate = effective;
    const issuing = isObj(proposal?.issuingAgency) ? cleanLine(proposal.issuingAgency.name) : cleanLine(proposal?.issuingAgencyName ?? "");
    if (issuing) decision.agency = issuing.slice(0, 500);
    body.publicationDecision = decision;
    if (proposal) {
      r.rest(proposal, ["proposalNumber", "decisionNumber", "decisionDate", "signedDate", "effectiveDate", "issuingAgency", "issuingAgencyName", "id"], "procedureProposal");
      if (isObj(proposal.issuingAgency)) r.rest(proposal.issuingAgency, ["name", "id"], "procedureProposal.issuingAgency");
    }
  } else if (proposal) r.keep("procedureProposal", proposal);

  // The portal's own identity
  use("id", "state", "updatedAt");
  const id = cleanLine(record.id);
  if (id && /^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(id) && id.length <= 100) {
    body.portal = { id };
    const state = cleanLine(record.state);
    if (state) body.portal.state = state.slice(0, 50);
    const updated = instant(record.updatedAt);
    if (updated) body.portal.updatedAt = updated;
  } else if (id) r.keep("id", record.id);

  r.rest(record, [...known], "");
  if (r.unmapped.length) {
    body.importedUnmapped = r.unmapped.slice(0, 200).map((u) => ({ path: u.path.slice(0, 300), value: u.value.length > 20000 ? `${u.value.slice(0, 19999)}…` : u.value }));
    if (r.unmapped.length > 200) r.warn("", `Có ${r.unmapped.length} trường chưa ánh xạ; chỉ giữ được 200 trường đầu`);
    for (const u of r.unmapped) if (u.value.length > 20000) r.warn(u.path, "Giá trị chưa ánh xạ dài quá 20.000 ký tự: chỉ giữ phần đầu");
  }
  return { form, body, field, warnings: r.warnings };
}
