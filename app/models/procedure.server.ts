import { describeFeeRule, rateInForce } from "~/domain/fees";
import type { CodeOfConduct, Fee, Field, Form, Organization, Procedure, Process } from "~/generated";
import type { PublicCatalog, ReleasedDocument, ReleasedSummary } from "./public-catalog.server";
import { versionOn } from "./versions.server";

/**
 * Procedures as the public sees them: from the commune's live release (app/models/public-catalog.server.ts), with
 * their references (field, fees, forms, internal processes) resolved so a page never has to look anything up
 * itself. Dates inside the release still count: a fee rate or a form version applies from its own date.
 */

export interface FieldGroup {
  field: { code: string; name: string };
  procedures: { code: string; name: string }[];
}

/** The procedures listed on `today`: in force, not retired by then, not repealed, and listed by the commune. */
export async function listListedProcedures(catalog: PublicCatalog, { today }: { today: string }): Promise<ReleasedSummary[]> {
  return (await catalog.inForce("procedure", today)).filter((p) => p.listed && !p.facts.repealed);
}

/** The procedures listed today, grouped by field (the home page). */
export async function listPublishedProceduresByField(catalog: PublicCatalog, { today }: { today: string }): Promise<FieldGroup[]> {
  const [procedures, fields] = await Promise.all([listListedProcedures(catalog, { today }), catalog.inForce("field", today)]);
  const fieldNames = new Map(fields.map((f) => [f.key, f.title]));
  const groups = new Map<string, FieldGroup>();
  for (const p of procedures) {
    const code = p.fieldCode ?? "";
    const group = groups.get(code) ?? {
      field: { code, name: fieldNames.get(code) ?? (code || "Lĩnh vực khác") },
      procedures: [],
    };
    group.procedures.push({ code: p.key, name: p.title });
    groups.set(code, group);
  }
  const collator = new Intl.Collator("vi");
  for (const group of groups.values()) group.procedures.sort((a, b) => collator.compare(a.name, b.name));
  return [...groups.values()].sort((a, b) => collator.compare(a.field.name, b.field.name));
}

/** A procedure in the citizens' list, with what its filters look at. */
export interface PublicProcedureItem {
  code: string;
  name: string;
  fieldCode: string;
  onlineLevel: string | null;
  /** Every channel costs nothing (no fee, or each fee free today). */
  free: boolean;
  /** Some channel returns the result the same day. */
  sameDay: boolean;
}

/** The procedures listed today (as listPublishedProceduresByField), with their filters' facts (no body read). */
export function listPublicProcedures(catalog: PublicCatalog, { today }: { today: string }): Promise<PublicProcedureItem[]> {
  // The same for every request on that day: computed once, in name order.
  return catalog.memo(`public-procedures/${today}`, () => publicProcedures(catalog, today));
}

async function publicProcedures(catalog: PublicCatalog, today: string): Promise<PublicProcedureItem[]> {
  const collator = new Intl.Collator("vi");
  const [procedures, fees] = await Promise.all([listListedProcedures(catalog, { today }), catalog.many<Fee>("fee", today)]);
  const freeFee = new Map(fees.map((f) => [f.key, rateInForce(f.body.rates, today)?.rule.type === "free"]));
  return procedures.map((p) => ({
    code: p.key,
    name: p.title,
    fieldCode: p.fieldCode ?? "",
    onlineLevel: p.facts.onlineLevel ?? null,
    free: !p.facts.paidOwnFee && (p.facts.feeCodes ?? []).every((code) => freeFee.get(code) === true),
    sameDay: p.facts.sameDay === true,
  })).sort((a, b) => collator.compare(a.name, b.name));
}

export interface FeeView {
  code: string;
  name: string;
  kind: Fee["kind"];
  /** The rule in force today for each channel the procedure uses, described in Vietnamese. */
  ruleToday: string | null;
  legalBasis?: Fee["legalBasis"];
  /** Who sets the rates (e.g. the provincial council). */
  setBy?: Fee["setBy"];
  /** Every dated rate, for the fee calculator on another day (a charge applies only from its effective date). */
  rates: Fee["rates"];
}

export interface ProcedureView {
  procedure: Procedure;
  field: Pick<Field, "code" | "name"> | null;
  fees: Record<string, FeeView>;
  /** Each form with the version that applies today (from when), and the next one if it is already approved. */
  forms: Record<string, Pick<Form, "code" | "name"> & { from: string; next: string | null }>;
  processes: Pick<Process, "code" | "name" | "documentControl">[];
  /** Repealed (status in the record): no longer listed, its page says so. */
  repealed: boolean;
  /** The revision in force, and when it was approved. */
  revision: number;
  updatedAt: string;
  /** The release number in which its page last changed ("cập nhật trong bản niêm yết số N"). */
  changedIn: number;
}

/** A province procedure the commune does not handle (its approved override says so); citizens are told why. */
export interface UnlistedProcedure {
  unlisted: true;
  name: string;
  reason: string | null;
}

/** A procedure retired from the catalog (by the workflow) no longer has a page; citizens are told since when. */
export interface RetiredProcedure {
  retired: true;
  name: string;
  retiredFrom: string;
}

export async function getPublishedProcedure(
  catalog: PublicCatalog,
  { code, today }: { code: string; today: string },
): Promise<ProcedureView | RetiredProcedure | UnlistedProcedure | null> {
  // With the commune's own values (receiving place, hours…) where it set them; one it does not list has no page.
  const stored = await catalog.get<Procedure>("procedure", code);
  if (!stored) return null;
  if (!stored.listed) return { unlisted: true, name: stored.body.name, reason: stored.facts.unlistedReason ?? null };
  if (stored.retiredFrom !== null && stored.retiredFrom <= today) return { retired: true, name: stored.body.name, retiredFrom: stored.retiredFrom };
  const procedure = stored.body;

  const feeCodes = new Set<string>();
  for (const ch of procedure.channels) for (const fee of ch.fees ?? []) if (fee.feeCode) feeCodes.add(fee.feeCode);
  const formCodes = new Set<string>();
  for (const c of procedure.cases ?? []) for (const comp of c.components ?? []) if (comp.formCode) formCodes.add(comp.formCode);
  for (const r of procedure.results ?? []) if (r.formCode) formCodes.add(r.formCode);

  const [field, fees, forms, processes] = await Promise.all([
    catalog.inForce("field", today).then((all) => all.find((f) => f.key === procedure.fieldCode) ?? null),
    catalog.many<Fee>("fee", today, [...feeCodes]),
    catalog.inForce("form", today).then((all) => Promise.all(all.filter((f) => formCodes.has(f.key)).map((f) => formVersionToday(catalog, f.key, today)))),
    catalog.many<Process>("process", today, procedure.processCodes ?? []),
  ]);

  return {
    procedure,
    field: field ? { code: field.key, name: field.title } : null,
    fees: feeViews(fees, today),
    forms: Object.fromEntries(forms.flatMap((f) => (f ? [[f.code, f]] : []))),
    processes: processes.map((p) => ({ code: p.key, name: p.body.name, documentControl: p.body.documentControl })),
    repealed: procedure.status === "repealed",
    revision: stored.revision,
    updatedAt: stored.approvedAt,
    changedIn: stored.changedIn,
  };
}

/** Fee documents as a procedure's page reads them (by code), with the rule in force on `today`. */
export function feeViews(fees: readonly { key: string; body: Fee }[], today: string): Record<string, FeeView> {
  return Object.fromEntries(
    fees.map((f) => {
      const rate = rateInForce(f.body.rates, today);
      const view: FeeView = {
        code: f.key,
        name: f.body.name,
        kind: f.body.kind,
        ruleToday: rate ? describeFeeRule(rate.rule) : null,
        legalBasis: f.body.legalBasis,
        setBy: f.body.setBy,
        rates: f.body.rates,
      };
      return [f.key, view];
    }),
  );
}

/** A form as it applies today: the name of today's version, since when, and when a newer approved one starts. */
async function formVersionToday(catalog: PublicCatalog, code: string, today: string) {
  const versions = await catalog.versions("form", code);
  const current = versionOn(versions, today);
  if (!current) return null;
  const body = await catalog.body<Form>("form", code, current.revision);
  if (!body) return null;
  return { code, name: body.name, from: current.from, next: versions.find((v) => v.from > today)?.from ?? null };
}

/** A unit's profile: its organization document in the release, whose key is the unit's code. */
export async function getOrganization(catalog: PublicCatalog, { today, unit }: { today: string; unit: string }): Promise<Organization | null> {
  const found = (await catalog.inForce("organization", today)).find((o) => o.key === unit);
  return found ? await catalog.body<Organization>("organization", unit) : null;
}

/** The codes of conduct a commune's desk lists on `today`: its own first, then its province's. */
export async function listCodesOfConduct(catalog: PublicCatalog, { today, unit }: { today: string; unit: string }): Promise<ReleasedDocument<CodeOfConduct>[]> {
  const codes = await catalog.many<CodeOfConduct>("code-of-conduct", today);
  return [...codes].sort((a, b) => Number(b.unit === unit) - Number(a.unit === unit));
}
