/**
 * Which column of a procedure list holds what: guessed from the header text (folded Vietnamese, so «Mã TTHC»,
 * «MÃ THỦ TỤC» and «Ma thu tuc» are one header), given on the command line (`--map "Mã thủ tục=B,…"`), chosen
 * on the import page, or remembered from the unit's last import when the headers still read the same. Pure.
 */
import { foldForSearch } from "~/domain/search";

export const TARGETS = ["code", "name", "field", "level", "timeLimit", "fees", "channels", "legalBasis", "agency"] as const;
export type Target = (typeof TARGETS)[number];

/** The headers of the catalog export, in its order (after «STT»): the names officers see for each target. */
export const TARGET_LABELS: Record<Target, string> = {
  code: "Mã thủ tục",
  name: "Tên thủ tục",
  field: "Lĩnh vực",
  level: "Cấp thực hiện",
  timeLimit: "Thời hạn giải quyết",
  fees: "Phí, lệ phí",
  channels: "Cách thức thực hiện",
  legalBasis: "Căn cứ pháp lý",
  agency: "Cơ quan thực hiện",
};

/** Column index (0-based) of each mapped target. */
export type ColumnMapping = Partial<Record<Target, number>>;

/** Tried in this order: the first that matches a header names its target («Mã lĩnh vực» is a field, not a code). */
const SYNONYMS: [RegExp, Target | "ignore"][] = [
  [/^(stt|tt|so tt|so thu tu)$/, "ignore"],
  [/can cu/, "legalBasis"],
  [/linh vuc/, "field"],
  [/thoi (han|gian)/, "timeLimit"],
  [/cach thuc|hinh thuc nop|kenh/, "channels"],
  [/^cap( thuc hien| giai quyet)?$|cap thuc hien/, "level"],
  [/co quan|don vi (thuc hien|giai quyet)/, "agency"],
  [/\bphi\b|le phi/, "fees"],
  [/^ma\b|ma (so|thu tuc|tthc)/, "code"],
  [/ten (thu tuc|tthc)|^thu tuc( hanh chinh)?$|^ten$|danh muc thu tuc/, "name"],
];

export const foldHeader = (text: string) => foldForSearch(text).replace(/[^a-z0-9 ]+/g, " ").replace(/\s+/g, " ").trim();

export function targetOfHeader(header: string): Target | null {
  const folded = foldHeader(header);
  if (!folded) return null;
  const hit = SYNONYMS.find(([re]) => re.test(folded));
  return hit && hit[1] !== "ignore" ? hit[1] : null;
}

/** Each target at the first column whose header names it. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  headers.forEach((header, column) => {
    const target = targetOfHeader(header);
    if (target && mapping[target] === undefined) mapping[target] = column;
  });
  return mapping;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnIndex(letters: string): number | null {
  if (!/^[A-Z]{1,3}$/i.test(letters)) return null;
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

export function targetOfName(name: string): Target | null {
  const folded = foldHeader(name);
  return TARGETS.find((t) => t.toLowerCase() === name.trim().toLowerCase() || foldHeader(TARGET_LABELS[t]) === folded) ?? null;
}

export class MappingError extends Error {}

/** `--map "Mã thủ tục=B,Tên thủ tục=C"` (targets by their Vietnamese names or their keys, columns by letter). */
export function parseMappingArg(text: string, columns: number): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, letters] = part.split("=").map((x) => x?.trim() ?? "");
    const target = targetOfName(name);
    if (!target) throw new MappingError(`--map: không hiểu «${name}»; dùng một trong: ${TARGETS.map((t) => TARGET_LABELS[t]).join(", ")}`);
    const column = columnIndex(letters);
    if (column === null || column >= columns) throw new MappingError(`--map: «${part}»: cột «${letters}» không có trong trang tính (có ${columns} cột, A đến ${columnLetter(columns - 1)})`);
    mapping[target] = column;
  }
  return checkMapping(mapping);
}

/** A mapping is usable when it names the code column and no column twice. */
export function checkMapping(mapping: ColumnMapping): ColumnMapping {
  if (mapping.code === undefined) throw new MappingError(`Chưa chọn cột «${TARGET_LABELS.code}»: không biết dòng nào là thủ tục nào`);
  const seen = new Map<number, Target>();
  for (const target of TARGETS) {
    const column = mapping[target];
    if (column === undefined) continue;
    const other = seen.get(column);
    if (other) throw new MappingError(`Cột ${columnLetter(column)} được chọn cho cả «${TARGET_LABELS[other]}» và «${TARGET_LABELS[target]}»`);
    seen.set(column, target);
  }
  return mapping;
}

/** What is remembered per unit: the mapping and the (folded) header of each mapped column. */
export interface RememberedMapping {
  mapping: ColumnMapping;
  headers: Partial<Record<Target, string>>;
}

export function rememberMapping(mapping: ColumnMapping, headers: readonly string[]): RememberedMapping {
  const out: RememberedMapping = { mapping, headers: {} };
  for (const target of TARGETS) if (mapping[target] !== undefined) out.headers[target] = foldHeader(headers[mapping[target]!] ?? "");
  return out;
}

/** The remembered mapping, when every column it maps still has the header it had. */
export function remembered(stored: RememberedMapping | null, headers: readonly string[]): ColumnMapping | null {
  if (!stored || stored.mapping.code === undefined) return null;
  for (const target of TARGETS) {
    const column = stored.mapping[target];
    if (column !== undefined && foldHeader(headers[column] ?? "") !== stored.headers[target]) return null;
  }
  return stored.mapping;
}

/** «Mã thủ tục = cột B «Mã TTHC»», one per mapped target, for the CLI and the page. */
export function describeMapping(mapping: ColumnMapping, headers: readonly string[]): string[] {
  return TARGETS.filter((t) => mapping[t] !== undefined).map((t) => `${TARGET_LABELS[t]} = cột ${columnLetter(mapping[t]!)} «${headers[mapping[t]!] ?? ""}»`);
}
