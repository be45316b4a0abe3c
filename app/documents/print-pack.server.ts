import { publicCustomValues } from "~/domain/custom-fields";
import { formatDuration, todayInVietnam } from "~/domain/format";
import type { CodeOfConduct, Organization } from "~/generated";
import { getOrganization, getPublishedProcedure, listCodesOfConduct, listPublishedProceduresByField, type ProcedureView } from "~/models/procedure.server";
import type { PublicCatalog } from "~/models/public-catalog.server";
import { releaseCatalog, releaseDay, type Release } from "~/models/release.server";
import { publicAddressOf, type Unit } from "~/models/unit.server";
import { procedurePageLabels, safeHtml, type ProcedurePageLabels } from "~/routes/procedure.server";
import type { DB } from "~/utils/db.server";
import { qrCodeSvg } from "~/utils/qr-code.server";

/**
 * The notice-board print pack of a release (docs/decisions/016-print-pack.md): a cover (the release, the
 * commune, its desk's contacts), one list per field of every procedure it lists with each channel's time limit
 * and fees and a QR code to the procedure's public page, and the code of conduct as a desk placard. Read from
 * the release itself (app/models/public-catalog.server.ts), so it prints exactly what the public pages show or
 * will show.
 */

export type PrintPart = { kind: "cover" } | { kind: "field"; code: string } | { kind: "placard" };

export interface PrintProcedure {
  code: string;
  name: string;
  /** The procedure's public page, which its QR code opens. */
  url: string;
  qrCode: string;
  /** Channels with the same time limit and fees share one line ("Trực tiếp, Trực tuyến: 5 ngày làm việc"). */
  channels: { types: string[]; labels: string[]; timeLimit: string; channel: ProcedureView["procedure"]["channels"][number] }[];
  timeLimitNote: string | null;
  fees: ProcedureView["fees"];
}

export interface PrintField {
  code: string;
  name: string;
  /** The desk's counters that receive this field ("Quầy số 1 – Tư pháp – Hộ tịch, Chứng thực"). */
  counters: string[];
  procedures: PrintProcedure[];
}

export interface PrintPack {
  /** The commune ("Phường Hòa An"), as the footer of every page names it. */
  communeName: string;
  /** Whose desk posts it: the commune's organization ("Ủy ban nhân dân phường Hòa An"), else the commune. */
  unitName: string;
  organization: Organization | null;
  organizationExtra: { name: string; title: string; text: string }[];
  release: { number: number; status: Release["status"]; effectiveAt: string; liveSince: string | null; note: string };
  /** The day whose fee rates and procedures in force are printed: today, or the release's later effective day. */
  day: string;
  printedOn: string;
  /** The commune's public address: each QR code leads below it. */
  publicAddress: string;
  fields: PrintField[];
  codes: (Pick<CodeOfConduct, "code" | "name" | "decision" | "appliesTo" | "slogans"> & { html: string | null })[];
  feeKinds: ProcedurePageLabels["options"]["feeKind"];
}

/** `?phan=` of the print pages: "bia", "quy-tac-ung-xu", or "linh-vuc-<field code>". */
export const PART_PARAM = "phan";

export function partSlug(part: PrintPart): string {
  return part.kind === "cover" ? "bia" : part.kind === "placard" ? "quy-tac-ung-xu" : `linh-vuc-${part.code}`;
}

/** The part a `?phan=` value names in this pack (null: the whole pack); undefined when it names none. */
export function partOf(pack: PrintPack, slug: string | null): PrintPart | null | undefined {
  if (slug === null || slug === "") return null;
  if (slug === "bia") return { kind: "cover" };
  if (slug === "quy-tac-ung-xu") return pack.codes.length > 0 ? { kind: "placard" } : undefined;
  const field = pack.fields.find((f) => `linh-vuc-${f.code}` === slug);
  return field ? { kind: "field", code: field.code } : undefined;
}

/** Every part of the pack, in print order. */
export function partsOf(pack: PrintPack): { part: PrintPart; title: string; procedures?: number }[] {
  return [
    { part: { kind: "cover" }, title: "Trang bìa" },
    ...pack.fields.map((f) => ({ part: { kind: "field", code: f.code } as PrintPart, title: `Lĩnh vực ${f.name}`, procedures: f.procedures.length })),
    ...(pack.codes.length > 0 ? [{ part: { kind: "placard" } as PrintPart, title: "Bộ quy tắc ứng xử (đặt tại bàn làm việc)" }] : []),
  ];
}

/** The pack of `release` of the commune `unit`; QR codes lead to its public address seen from `origin`. */
export async function printPackOf(db: DB, input: { unit: Unit; release: Release; origin: string; now?: Date }): Promise<PrintPack> {
  const { unit, release } = input;
  const catalog = releaseCatalog(db, release);
  const printedOn = todayInVietnam(input.now);
  const day = releaseDay(release, input.now);
  const publicAddress = publicAddressOf(unit, input.origin);
  const labels = procedurePageLabels();
  const [organization, groups, customFields, codes] = await Promise.all([
    getOrganization(catalog, { today: day, unit: unit.code }),
    listPublishedProceduresByField(catalog, { today: day }),
    catalog.customFields("organization"),
    listCodesOfConduct(catalog, { today: day, unit: unit.code }),
  ]);
  const fields = await Promise.all(
    groups.map(async (g): Promise<PrintField> => {
      const procedures = await Promise.all(g.procedures.map((p) => printProcedure(catalog, p.code, { day, publicAddress, labels })));
      return {
        code: g.field.code,
        name: g.field.name,
        counters: (organization?.counters ?? []).filter((c) => c.fieldCodes?.includes(g.field.code)).map((c) => `Quầy số ${c.number} – ${c.name}`),
        procedures: procedures.filter((p): p is PrintProcedure => p !== null),
      };
    }),
  );
  return {
    communeName: unit.name,
    unitName: organization?.name ?? unit.name,
    organization,
    organizationExtra: organization ? publicCustomValues(customFields, organization) : [],
    release: { number: release.number, status: release.status, effectiveAt: release.effectiveAt, liveSince: release.liveSince, note: release.note },
    day,
    printedOn,
    publicAddress,
    fields: fields.filter((f) => f.procedures.length > 0),
    codes: codes.map((c) => ({ code: c.body.code, name: c.body.name, decision: c.body.decision, appliesTo: c.body.appliesTo, slogans: c.body.slogans, html: safeHtml(c.body.content) })),
    feeKinds: labels.options.feeKind,
  };
}

async function printProcedure(
  catalog: PublicCatalog,
  code: string,
  { day, publicAddress, labels }: { day: string; publicAddress: string; labels: ProcedurePageLabels },
): Promise<PrintProcedure | null> {
  const view = await getPublishedProcedure(catalog, { code, today: day });
  if (!view || !("procedure" in view)) return null;
  const p = view.procedure;
  const url = `${publicAddress}/thu-tuc/${p.code}`;
  return {
    code: p.code,
    name: p.name,
    url,
    qrCode: await qrCodeSvg(url),
    channels: sameTermsTogether(p.channels, labels),
    timeLimitNote: p.timeLimitNote ?? null,
    fees: view.fees,
  };
}

/** The channels in their order, those with the same time limit and the same fees on one line. */
function sameTermsTogether(channels: ProcedureView["procedure"]["channels"], labels: ProcedurePageLabels): PrintProcedure["channels"] {
  const lines = new Map<string, PrintProcedure["channels"][number]>();
  for (const c of channels) {
    const timeLimit = formatDuration(c.timeLimit);
    const terms = JSON.stringify([timeLimit, c.fees ?? []]);
    const label = labels.options.channelType[c.type] ?? c.type;
    const line = lines.get(terms);
    if (line) {
      line.types.push(c.type);
      line.labels.push(label);
    } else lines.set(terms, { types: [c.type], labels: [label], timeLimit, channel: c });
  }
  return [...lines.values()];
}
