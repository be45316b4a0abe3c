import { channelFeeLine, channelFeeTexts, describeFeeRule, NO_FEE_TEXT } from "~/domain/fees";
import { formatDuration } from "~/domain/format";
import type { Fee, Field, Procedure } from "~/generated";
import { getInForceDocuments } from "~/models/document.server";
import { asApplied, overridesInForce } from "~/models/override.server";
import { feeViews, listListedProcedures, type FeeView } from "~/models/procedure.server";
import { releaseCatalog, releaseDay, type Release } from "~/models/release.server";
import { procedurePageLabels, type ProcedurePageLabels } from "~/routes/procedure.server";
import type { DB } from "~/utils/db.server";
import { column, lines, text, type ExportTable } from "./table";

/**
 * The catalog of procedures as a spreadsheet: the unit's catalog in force (as it applies it: its overrides set,
 * the procedures it does not list and repealed ones left out) or a release, one row per procedure, and a second
 * sheet with the rates of the fees they refer to. The first sheet's headers are read back by the Excel import:
 * they are a contract, change them only with it.
 */

export const CATALOG_HEADERS = [
  "STT",
  "Mã thủ tục",
  "Tên thủ tục",
  "Lĩnh vực",
  "Cấp thực hiện",
  "Thời hạn giải quyết",
  "Phí, lệ phí",
  "Cách thức thực hiện",
  "Căn cứ pháp lý",
  "Cơ quan thực hiện",
] as const;

interface CatalogInput {
  procedures: Procedure[];
  fieldNames: ReadonlyMap<string, string>;
  fees: Record<string, FeeView>;
}

/** The unit's catalog in force on `today`, through the handle scoped to the unit (requireWorkspace, cliUnit). */
export async function catalogTables(db: DB, { today }: { today: string }): Promise<ExportTable[]> {
  const [overrides, procedures, fields, fees] = await Promise.all([
    overridesInForce(db),
    getInForceDocuments<Procedure>(db, { kind: "procedure", today }),
    getInForceDocuments<Field>(db, { kind: "field", today }),
    getInForceDocuments<Fee>(db, { kind: "fee", today }),
  ]);
  const applied = procedures.map((doc) => asApplied(db, doc, overrides)).filter((p) => p.listed && p.body.status !== "repealed");
  return tablesOf({
    procedures: applied.map((p) => p.body),
    fieldNames: new Map(fields.map((f) => [f.key, f.body.name])),
    fees: feeViews(fees, today),
  });
}

/** What release `release` lists, read on its day (today, or the first day of a release that takes effect later). */
export async function releaseTables(db: DB, { release, now }: { release: Release; now?: Date }): Promise<ExportTable[]> {
  const catalog = releaseCatalog(db, release);
  const day = releaseDay(release, now);
  const [listed, fields, fees] = await Promise.all([listListedProcedures(catalog, { today: day }), catalog.many<Field>("field", day), catalog.many<Fee>("fee", day)]);
  const procedures = await Promise.all(listed.map(async (p) => (await catalog.body<Procedure>("procedure", p.key))!));
  return tablesOf({ procedures, fieldNames: new Map(fields.map((f) => [f.key, f.body.name])), fees: feeViews(fees, day) });
}

function tablesOf(input: CatalogInput): ExportTable[] {
  const labels = procedurePageLabels();
  const collator = new Intl.Collator("vi");
  const fieldName = (p: Procedure) => input.fieldNames.get(p.fieldCode) ?? p.fieldCode;
  // Grouped by field as the province's lists are, then by name (the public home page's order).
  const procedures = [...input.procedures].sort((a, b) => collator.compare(fieldName(a), fieldName(b)) || collator.compare(a.name, b.name));
  const used = new Set(procedures.flatMap((p) => p.channels.flatMap((ch) => (ch.fees ?? []).flatMap((f) => (f.feeCode ? [f.feeCode] : [])))));
  return [
    {
      title: "Danh mục thủ tục",
      columns: [
        column(CATALOG_HEADERS[0], 6, "number"),
        text(CATALOG_HEADERS[1], 12),
        text(CATALOG_HEADERS[2], 50),
        text(CATALOG_HEADERS[3], 20),
        text(CATALOG_HEADERS[4], 14),
        text(CATALOG_HEADERS[5], 32),
        text(CATALOG_HEADERS[6], 44),
        text(CATALOG_HEADERS[7], 28),
        text(CATALOG_HEADERS[8], 50),
        text(CATALOG_HEADERS[9], 36),
      ],
      rows: procedures.map((p, i) => [
        i + 1,
        p.code,
        p.name,
        fieldName(p),
        lines([p.level, ...(p.otherLevels ?? []).filter((l) => l !== p.level)].map((l) => labels.options.level[l] ?? l)),
        timeLimitCell(p, labels),
        feesCell(p, input.fees, labels),
        lines(p.channels.map((ch) => `${channelLabel(ch, labels)}${ch.place ? `: ${ch.place}` : ""}`)),
        lines((p.legalBasis ?? []).map((l) => (l.title ? `${l.number}, ${l.title}` : l.number))),
        lines((p.agencies ?? []).map((a) => (a.role === "executing" ? a.name : `${labels.options.agencyRole[a.role] ?? a.role}: ${a.name}`))),
      ]),
    },
    feeTable(Object.values(input.fees).filter((f) => used.has(f.code)), labels),
  ];
}

type Channel = Procedure["channels"][number];

const channelLabel = (ch: Channel, labels: ProcedurePageLabels) => labels.options.channelType[ch.type] ?? ch.type;

/** "Trực tiếp: 15 ngày làm việc", one line per channel, then the time limits of cases that have their own. */
function timeLimitCell(p: Procedure, labels: ProcedurePageLabels): string {
  return lines([
    ...p.channels.map((ch) => `${channelLabel(ch, labels)}: ${formatDuration(ch.timeLimit)}`),
    ...(p.cases ?? []).flatMap((c) => (c.timeLimit ? [`${c.name || labels.caseTimeLimit}: ${formatDuration(c.timeLimit)}`] : [])),
  ]);
}

/** "Trực tiếp: Lệ phí 2.000 đồng/bản", one line per fee of each channel, worded as on the procedure's page. */
function feesCell(p: Procedure, fees: Record<string, FeeView>, labels: ProcedurePageLabels): string {
  return lines(
    p.channels.flatMap((ch) => {
      const texts = channelFeeTexts(ch.fees, fees, labels.options.feeKind);
      return texts.length ? texts.map((t) => `${channelLabel(ch, labels)}: ${channelFeeLine(t)}`) : [`${channelLabel(ch, labels)}: ${NO_FEE_TEXT}`];
    }),
  );
}

/** Every dated rate of the fees the procedures refer to: a fixed amount (or 0 when free) as a money cell. */
function feeTable(fees: FeeView[], labels: ProcedurePageLabels): ExportTable {
  return {
    title: "Phí, lệ phí",
    columns: [
      text("Mã phí, lệ phí", 28),
      text("Tên phí, lệ phí", 44),
      text("Loại", 12),
      text("Cách thức nộp", 16),
      column("Mức thu", 16, "money"),
      text("Cách tính", 50),
      column("Áp dụng từ ngày", 14, "date"),
      column("Áp dụng đến ngày", 14, "date"),
      text("Ghi chú", 50),
    ],
    rows: fees.flatMap((f) =>
      f.rates.map((r) => [
        f.code,
        f.name,
        labels.options.feeKind[f.kind] ?? f.kind,
        r.channel ? (labels.options.channelType[r.channel] ?? r.channel) : "Mọi cách thức",
        r.rule.type === "free" ? 0 : r.rule.type === "fixed" ? r.rule.amount : null,
        describeFeeRule(r.rule),
        r.effectiveFrom,
        r.effectiveTo ?? null,
        r.note ?? null,
      ]),
    ),
  };
}
