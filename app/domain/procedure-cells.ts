/**
 * A procedure's facts as the cells of a catalog sheet (the .xlsx/CSV lists provinces circulate and the catalog
 * export writes), and those cells read back. One value per line: «Trực tiếp: 15 ngày làm việc» for a time limit,
 * «Trực tiếp: Lệ phí 8.000 đồng» for a fee, «23/2015/NĐ-CP, Nghị định về …» for a legal basis. The writer and the
 * reader live together so that a sheet written from the catalog reads back as exactly the catalog (the list import
 * compares each cell with the stored value written this way before it parses anything). Pure.
 */
import type { LegalReference, Procedure } from "~/generated/procedure";
import { CHANNEL_LABELS } from "./consistency";
import { FEE_KIND_WORDS, formatDuration, formatMoney, type Duration } from "./format";
import { foldForSearch } from "./search";

type Channel = Procedure["channels"][number];
type Fee = NonNullable<Channel["fees"]>[number];
export type ChannelType = Channel["type"];

export const LEVEL_WORDS: Record<Procedure["level"], string> = { province: "Cấp tỉnh", commune: "Cấp xã", district: "Cấp huyện", central: "Cấp trung ương" };

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** The values of a multi-valued cell: one a line, blank lines dropped. */
export const cellLines = (cell: string) =>
  cell
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

// ---------------------------------------------------------------------------------------------
// Writing

export const levelCell = (p: Procedure) => [p.level, ...(p.otherLevels ?? [])].map((l) => LEVEL_WORDS[l]).join("\n");
export const channelsCell = (p: Procedure) => p.channels.map((c) => CHANNEL_LABELS[c.type]).join("\n");
export const timeLimitCell = (p: Procedure) => p.channels.map((c) => `${CHANNEL_LABELS[c.type]}: ${formatDuration(c.timeLimit)}`).join("\n");

/** One fee in the words of the procedure page: «Lệ phí 8.000 đồng», «Lệ phí miễn», «Phí – 2.000 đồng/trang …». */
export function feeText(fee: Fee): string {
  const amount = fee.amount ? (fee.amount.amount === 0 ? " miễn" : ` ${formatMoney(fee.amount.amount, fee.amount.currency ?? null)}`) : "";
  return `${capitalized(FEE_KIND_WORDS[fee.kind])}${amount}${fee.description ? ` – ${fee.description.replace(/\s*\n\s*/g, " ")}` : ""}`;
}

export const feesCell = (p: Procedure) => p.channels.flatMap((c) => (c.fees ?? []).map((f) => `${CHANNEL_LABELS[c.type]}: ${feeText(f)}`)).join("\n");
export const legalLine = (ref: LegalReference) => (ref.title ? `${ref.number}, ${ref.title.replace(/\s*\n\s*/g, " ")}` : ref.number);
export const legalBasisCell = (p: Procedure) => (p.legalBasis ?? []).map(legalLine).join("\n");
export const agenciesCell = (p: Procedure) =>
  (p.agencies ?? [])
    .filter((a) => a.role === "executing")
    .map((a) => a.name)
    .join("\n");

// ---------------------------------------------------------------------------------------------
// Reading

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const CHANNEL_BY_WORD = new Map<string, ChannelType>([
  ...Object.entries(CHANNEL_LABELS).map(([type, label]) => [foldForSearch(label), type as ChannelType] as const),
  ["truc tiep tai bo phan mot cua", "DIRECT"],
  ["nop truc tiep", "DIRECT"],
  ["truc tuyen toan trinh", "ONLINE"],
  ["truc tuyen mot phan", "ONLINE"],
  ["nop truc tuyen", "ONLINE"],
  ["dich vu cong truc tuyen", "ONLINE"],
  ["buu chinh", "POSTAL"],
  ["qua buu chinh", "POSTAL"],
  ["buu chinh cong ich", "POSTAL"],
  ["qua dich vu buu chinh", "POSTAL"],
]);

export function channelOfWord(word: string): ChannelType | null {
  return CHANNEL_BY_WORD.get(foldForSearch(word).replace(/[.;:]+$/, "")) ?? null;
}

export function parseLevel(cell: string): Parsed<Procedure["level"][]> {
  const found: Procedure["level"][] = [];
  for (const line of cellLines(cell)) {
    const f = foldForSearch(line);
    const level = /^cap (xa|phuong)/.test(f) ? "commune" : /^cap tinh/.test(f) ? "province" : /^cap huyen/.test(f) ? "district" : /^cap trung uong|^bo, nganh/.test(f) ? "central" : null;
    if (!level) return { ok: false, message: `Không hiểu cấp thực hiện «${line}» (cần «Cấp tỉnh», «Cấp xã»…)` };
    if (!found.includes(level)) found.push(level);
  }
  return found.length ? { ok: true, value: found } : { ok: false, message: "Ô trống" };
}

export function parseChannels(cell: string): Parsed<ChannelType[]> {
  const types: ChannelType[] = [];
  for (const line of cellLines(cell).flatMap((l) => l.split(/[;,]/).map((x) => x.trim()).filter(Boolean))) {
    const type = channelOfWord(line);
    if (!type) return { ok: false, message: `Không hiểu cách thức «${line}» (cần «Trực tiếp», «Trực tuyến» hoặc «Dịch vụ bưu chính»)` };
    types.push(type);
  }
  return types.length ? { ok: true, value: types } : { ok: false, message: "Ô trống" };
}

/** Lines «Trực tiếp: …» grouped by channel; a line without a channel label belongs to every channel (`null`). */
export function linesByChannel(cell: string): Parsed<{ channel: ChannelType | null; text: string }[]> {
  const out: { channel: ChannelType | null; text: string }[] = [];
  for (const line of cellLines(cell)) {
    const labelled = /^([^:]{2,40}):\s*(.+)$/.exec(line);
    const channel = labelled ? channelOfWord(labelled[1]) : null;
    if (labelled && !channel && !/\d/.test(labelled[1])) return { ok: false, message: `Không hiểu cách thức «${labelled[1]}» ở đầu dòng «${line}»` };
    out.push(channel ? { channel, text: labelled![2].trim() } : { channel: null, text: line });
  }
  return { ok: true, value: out };
}

const UNIT_WORDS: [RegExp, Duration["unit"]][] = [
  [/^ngay lam viec$/, "working_days"],
  [/^gio lam viec$/, "working_hours"],
  [/^ngay$/, "days"],
  [/^gio$/, "hours"],
  [/^thang$/, "months"],
  [/^nam$/, "years"],
];

const numberOf = (text: string): number | null => {
  // Vietnamese: "." groups thousands, "," is the decimal mark ("0,5 ngày").
  if (!/^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$/.test(text)) return null;
  return Number(text.replace(/\./g, "").replace(",", "."));
};

/** «15 ngày làm việc», «0,5 ngày làm việc (sau 15 giờ …)»: a number and a unit; anything else is not read. */
export function parseDuration(text: string): Parsed<Duration> {
  const match = /^(\d[\d.,]*)\s+([^()]+?)\s*(?:\((.+)\))?$/.exec(text.trim());
  const value = match ? numberOf(match[1]) : null;
  const unit = match ? UNIT_WORDS.find(([re]) => re.test(foldForSearch(match[2])))?.[1] : undefined;
  if (!match || value === null || !unit) return { ok: false, message: `Không đọc được thời hạn «${text}» (cần dạng «15 ngày làm việc»)` };
  return { ok: true, value: match[3] ? { value, unit, text: match[3].trim() } : { value, unit } };
}

const FEE_KINDS: [RegExp, Fee["kind"]][] = [
  [/^le phi\b/, "charge"],
  [/^gia dich vu\b/, "service"],
  [/^phi\b/, "fee"],
];
const CURRENCY_WORDS: Record<string, string> = { dong: "VND", vnd: "VND", d: "VND", usd: "USD", eur: "EUR" };

/** «Lệ phí 8.000 đồng», «Lệ phí miễn», «Phí – 2.000 đồng/trang …», «Lệ phí 2.000 đồng/bản». */
export function parseFee(text: string): Parsed<Fee> {
  const kind = FEE_KINDS.find(([re]) => re.test(foldForSearch(text)));
  if (!kind) return { ok: false, message: `Không đọc được khoản thu «${text}» (cần bắt đầu bằng «Phí», «Lệ phí» hoặc «Giá dịch vụ»)` };
  const rest = text.slice(kind[0].source.replace(/\^|\\b/g, "").length).trim();
  const fee: Fee = { kind: kind[1] };
  if (rest.startsWith("–")) {
    const description = rest.slice(1).trim();
    return description ? { ok: true, value: { ...fee, description } } : { ok: false, message: `Khoản thu «${text}» không có mức thu` };
  }
  const [head, ...tail] = rest.split(/\s+–\s+/);
  const description = tail.join(" – ").trim();
  if (/^(miễn|không thu)$/iu.test(head)) fee.amount = { amount: 0, currency: "VND" };
  else {
    const money = /^(\d[\d.,]*)\s*(đồng|VNĐ|VND|đ|USD|EUR)(\S*)$/iu.exec(head);
    const amount = money ? numberOf(money[1]) : null;
    if (!money || amount === null) return { ok: false, message: `Không đọc được mức thu «${head}» (cần dạng «2.000 đồng» hoặc «miễn»)` };
    fee.amount = { amount, currency: CURRENCY_WORDS[foldForSearch(money[2])] ?? "VND" };
    // «2.000 đồng/bản»: the amount is read, and the whole rate kept in words too.
    if (money[3]) fee.description = [head, description].filter(Boolean).join(" – ");
  }
  if (description && !fee.description) fee.description = description;
  return { ok: true, value: fee };
}

/** «23/2015/NĐ-CP, Nghị định về …» (or the number alone). */
export function parseLegalLine(line: string): Parsed<{ number: string; title?: string }> {
  const [number, ...title] = line.split(/,\s*/);
  if (!/^\d{1,5}\/(\d{4}\/)?[\p{Lu}Đ][\p{L}0-9]*(-[\p{L}0-9]+)*$/u.test(number.trim())) {
    return { ok: false, message: `Không thấy số, ký hiệu văn bản ở đầu dòng «${line}» (cần dạng «23/2015/NĐ-CP, tên văn bản»)` };
  }
  const rest = title.join(", ").trim();
  return { ok: true, value: rest ? { number: number.trim(), title: rest } : { number: number.trim() } };
}
