/**
 * One row of a procedure list applied to the procedure it names (or to a new one). A mapped cell that reads
 * exactly as the stored value would be written (app/domain/procedure-cells.ts) keeps the stored value untouched,
 * so a sheet exported from the catalog re-imports as "no change"; a cell that differs is parsed, and a cell that
 * cannot be parsed unambiguously is a warning that keeps the stored value. An empty cell never clears anything.
 * Pure: the plan computes it for the preview and again for the import.
 */
import type { Procedure } from "~/generated";
import {
  agenciesCell,
  cellLines,
  channelsCell,
  feesCell,
  feeText,
  legalBasisCell,
  levelCell,
  linesByChannel,
  parseChannels,
  parseDuration,
  parseFee,
  parseLegalLine,
  parseLevel,
  timeLimitCell,
  type ChannelType,
} from "~/domain/procedure-cells";
import { CHANNEL_LABELS } from "~/domain/consistency";
import { formatDuration } from "~/domain/format";
import { cleanLine } from "../text";
import { TARGET_LABELS, type ColumnMapping, type Target } from "./mapping";

type Channel = Procedure["channels"][number];

export interface RowContext {
  /** Field code by its code and by its folded name. */
  fieldOf: (text: string) => string | null;
  fieldName: (code: string) => string | null;
  /** Legal document key by the folded number. */
  legalDocument: (number: string) => string | null;
  legalKey: (number: string) => string;
}

export interface RowOutcome {
  body: Procedure;
  /** Target → message. */
  warnings: { target: Target; message: string }[];
  /** For a new procedure: the required information the row does not give. */
  missing: string[];
}

/** The row's cells applied to `stored` (null: a new procedure with this code). */
export function applyRow(code: string, stored: Procedure | null, cell: (t: Target) => string, mapping: ColumnMapping, ctx: RowContext): RowOutcome {
  const body: Procedure = stored ? structuredClone(stored) : ({ code, status: "in_force", channels: [] } as unknown as Procedure);
  const warnings: RowOutcome["warnings"] = [];
  const warn = (target: Target, message: string) => warnings.push({ target, message });
  const given = (t: Target) => (mapping[t] === undefined ? "" : cell(t));

  const name = cleanLine(given("name"));
  if (name && name !== body.name) body.name = name;

  const field = given("field");
  if (field && !(stored && ctx.fieldName(stored.fieldCode) === field)) {
    const fieldCode = ctx.fieldOf(field);
    if (fieldCode) body.fieldCode = fieldCode;
    else warn("field", `Lĩnh vực «${field}» không có trong danh mục (theo tên hoặc mã)${stored ? ": giữ lĩnh vực đang có" : ""}`);
  }

  const level = given("level");
  if (level && !(stored && levelCell(stored) === level)) {
    const parsed = parseLevel(level);
    if (!parsed.ok) warn("level", `${parsed.message}${stored ? ": giữ giá trị đang có" : ""}`);
    else {
      body.level = parsed.value[0];
      if (parsed.value.length > 1) body.otherLevels = parsed.value.slice(1);
      else delete body.otherLevels;
    }
  }

  applyChannels(body, stored, given("channels"), warn);
  applyTimeLimits(body, stored, given("timeLimit"), mapping.channels !== undefined && !!given("channels"), warn);
  applyFees(body, stored, given("fees"), warn);
  applyLegalBasis(body, stored, given("legalBasis"), ctx, warn);
  applyAgencies(body, stored, given("agency"));

  const missing: string[] = [];
  if (!stored) {
    if (!body.name) missing.push(TARGET_LABELS.name);
    if (!body.fieldCode) missing.push(TARGET_LABELS.field);
    if (!body.level) missing.push(TARGET_LABELS.level);
    if (body.channels.length === 0) missing.push(`${TARGET_LABELS.channels} (hoặc thời hạn ghi theo cách thức, ví dụ «Trực tiếp: 15 ngày làm việc»)`);
    else if (body.channels.some((c) => !c.timeLimit)) missing.push(`${TARGET_LABELS.timeLimit} của từng cách thức`);
  } else if (body.channels.some((c) => !c.timeLimit)) {
    warn("channels", `Cách thức mới không có thời hạn giải quyết đọc được: giữ các cách thức đang có`);
    body.channels = structuredClone(stored.channels);
  }
  return { body, warnings, missing };
}

type Warn = (target: Target, message: string) => void;

function applyChannels(body: Procedure, stored: Procedure | null, cell: string, warn: Warn) {
  if (!cell || (stored && channelsCell(stored) === cell)) return;
  const parsed = parseChannels(cell);
  if (!parsed.ok) return warn("channels", `${parsed.message}${stored ? ": giữ các cách thức đang có" : ""}`);
  const pool = [...body.channels];
  body.channels = parsed.value.map((type) => {
    const i = pool.findIndex((c) => c.type === type);
    return i >= 0 ? pool.splice(i, 1)[0] : ({ type } as Channel);
  });
}

/** The n-th line for a channel type belongs to the n-th channel of that type. */
function channelsFor(body: Procedure, groups: { channel: ChannelType | null; text: string }[]): [Channel, string][] {
  if (groups.length === 1 && groups[0].channel === null) return body.channels.map((c) => [c, groups[0].text]);
  const taken = new Map<ChannelType, number>();
  return groups.flatMap((g): [Channel, string][] => {
    if (!g.channel) return [];
    const n = taken.get(g.channel) ?? 0;
    taken.set(g.channel, n + 1);
    const ch = body.channels.filter((c) => c.type === g.channel)[n];
    return ch ? [[ch, g.text]] : [];
  });
}

function applyTimeLimits(body: Procedure, stored: Procedure | null, cell: string, channelsGiven: boolean, warn: Warn) {
  if (!cell || (stored && timeLimitCell(stored) === cell)) return;
  const groups = linesByChannel(cell);
  if (!groups.ok) return warn("timeLimit", `${groups.message}: giữ thời hạn đang có`);
  if (groups.value.length > 1 && groups.value.some((g) => g.channel === null)) {
    return warn("timeLimit", "Có dòng thời hạn không ghi cách thức (cần dạng «Trực tiếp: 15 ngày làm việc»): giữ thời hạn đang có");
  }
  // A list without a channel column gives its channels through the labelled time limits.
  for (const g of groups.value) {
    if (!g.channel || body.channels.filter((c) => c.type === g.channel).length >= groups.value.filter((x) => x.channel === g.channel).length) continue;
    if (channelsGiven) warn("timeLimit", `Có thời hạn cho cách thức «${CHANNEL_LABELS[g.channel]}» mà cột cách thức thực hiện không ghi: bỏ qua dòng này`);
    else body.channels.push({ type: g.channel } as Channel);
  }
  for (const [channel, text] of channelsFor(body, groups.value)) {
    if (channel.timeLimit && formatDuration(channel.timeLimit) === text) continue;
    const parsed = parseDuration(text);
    if (parsed.ok) channel.timeLimit = parsed.value;
    else warn("timeLimit", `${parsed.message}${channel.timeLimit ? ": giữ thời hạn đang có" : ""}`);
  }
}

function applyFees(body: Procedure, stored: Procedure | null, cell: string, warn: Warn) {
  if (!cell || (stored && feesCell(stored) === cell)) return;
  const groups = linesByChannel(cell);
  if (!groups.ok) return warn("fees", `${groups.message}: giữ phí, lệ phí đang có`);
  const labelled = groups.value.every((g) => g.channel !== null);
  if (!labelled && body.channels.length > 1) {
    return warn("fees", "Thủ tục có nhiều cách thức mà dòng phí, lệ phí không ghi cách thức (cần dạng «Trực tiếp: Lệ phí 8.000 đồng»): giữ phí, lệ phí đang có");
  }
  const perChannel = new Map<Channel, string[]>();
  for (const g of groups.value) {
    const channel = g.channel ? body.channels.find((c) => c.type === g.channel) : body.channels[0];
    if (!channel) {
      warn("fees", `Có phí, lệ phí cho cách thức «${g.channel ? CHANNEL_LABELS[g.channel] : ""}» mà thủ tục không có cách thức này: bỏ qua dòng này`);
      continue;
    }
    perChannel.set(channel, [...(perChannel.get(channel) ?? []), g.text]);
  }
  for (const channel of body.channels) {
    const texts = perChannel.get(channel) ?? [];
    const current = channel.fees ?? [];
    if (texts.join("\n") === current.map(feeText).join("\n")) continue;
    const parsed = texts.map(parseFee);
    const bad = parsed.find((p) => !p.ok);
    if (bad && !bad.ok) {
      warn("fees", `${bad.message}: giữ phí, lệ phí đang có của cách thức «${CHANNEL_LABELS[channel.type]}»`);
      continue;
    }
    const fees = parsed.map((p) => (p.ok ? p.value : null)!);
    // The n-th fee of a kind keeps the link to the fee document of the n-th fee of that kind.
    fees.forEach((fee, j) => {
      const same = current.filter((f) => f.kind === fee.kind)[fees.slice(0, j).filter((f) => f.kind === fee.kind).length];
      if (same?.feeCode) fee.feeCode = same.feeCode;
    });
    if (fees.length) channel.fees = fees;
    else delete channel.fees;
  }
}

function applyLegalBasis(body: Procedure, stored: Procedure | null, cell: string, ctx: RowContext, warn: Warn) {
  if (!cell || (stored && legalBasisCell(stored) === cell)) return;
  const parsed = cellLines(cell).map(parseLegalLine);
  const bad = parsed.find((p) => !p.ok);
  if (bad && !bad.ok) return warn("legalBasis", `${bad.message}: giữ căn cứ pháp lý đang có`);
  const current = body.legalBasis ?? [];
  body.legalBasis = parsed.map((p) => {
    const line = p.ok ? p.value : null!;
    const same = current.find((ref) => ctx.legalKey(ref.number) === ctx.legalKey(line.number));
    if (same) return line.title && line.title !== same.title ? { ...same, title: line.title } : same;
    const documentCode = ctx.legalDocument(line.number);
    return { ...line, ...(documentCode ? { documentCode } : {}) };
  });
}

function applyAgencies(body: Procedure, stored: Procedure | null, cell: string) {
  if (!cell || (stored && agenciesCell(stored) === cell)) return;
  const current = body.agencies ?? [];
  const executing = cellLines(cell).map((name) => current.find((a) => a.role === "executing" && a.name === name) ?? { role: "executing" as const, name });
  body.agencies = [...executing, ...current.filter((a) => a.role !== "executing")];
}
