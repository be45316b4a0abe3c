import { describeFeeRule, rateInForce } from "~/domain/fees";
import { isSameDayLimit } from "~/domain/due-date";
import type { Fee, Field, Form, Organization, Procedure, Process } from "~/generated";
import type { DB } from "~/utils/db.server";
import { getInForceDocument, getInForceDocuments, getRevision, listInForce, type InForceSummary } from "./document.server";
import { getEffectiveInForce, unlistedKeys } from "./override.server";
import { approvedVersions, versionOn } from "./versions.server";

/**
 * Procedures as the public sees them: only the approved revisions in force (a draft newer than them stays in
 * the admin until it is approved), with their references (field, fees, forms, internal processes) resolved so a
 * page never has to look anything up itself.
 */

export interface FieldGroup {
  field: { code: string; name: string };
  procedures: { code: string; name: string }[];
}

/** The procedures a commune lists today, from the indexed columns (key, name, field, when approved). */
export async function listListedProcedures(db: DB, { today }: { today: string }): Promise<InForceSummary[]> {
  const [listed, unlisted] = await Promise.all([
    listInForce(db, { kind: "procedure", today, withoutTag: "repealed" }),
    unlistedKeys(db, { kind: "procedure", today }),
  ]);
  return listed.filter((p) => !unlisted.has(p.key));
}

/**
 * The procedures listed today: in force, not retired by today, not repealed (a repealed one keeps its page,
 * marked as such), and, for a commune, not among the province's procedures it does not list.
 */
export async function listPublishedProceduresByField(db: DB, { today }: { today: string }): Promise<FieldGroup[]> {
  const [procedures, fields] = await Promise.all([listListedProcedures(db, { today }), listInForce(db, { kind: "field", today })]);
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

/** The procedures listed today (as listPublishedProceduresByField), with their filters' facts. */
export async function listPublicProcedures(db: DB, { today }: { today: string }): Promise<PublicProcedureItem[]> {
  const [procedures, fees, unlisted] = await Promise.all([
    getInForceDocuments<Procedure>(db, { kind: "procedure", today }),
    getInForceDocuments<Fee>(db, { kind: "fee", today }),
    unlistedKeys(db, { kind: "procedure", today }),
  ]);
  const freeFee = new Map(fees.map((f) => [f.key, rateInForce(f.body.rates, today)?.rule.type === "free"]));
  return procedures
    .filter((p) => p.body.status !== "repealed" && !unlisted.has(p.key))
    .map(({ body: p }) => ({
      code: p.code,
      name: p.name,
      fieldCode: p.fieldCode,
      onlineLevel: p.onlineLevel ?? null,
      free: p.channels.every((ch) =>
        (ch.fees ?? []).every((fee) => (fee.amount ? fee.amount.amount === 0 : fee.feeCode ? freeFee.get(fee.feeCode) === true : false)),
      ),
      sameDay: p.channels.some((ch) => isSameDayLimit(ch.timeLimit)),
    }));
}

export interface FeeView {
  code: string;
  name: string;
  kind: Fee["kind"];
  /** The rule in force today for each channel the procedure uses, described in Vietnamese. */
  ruleToday: string | null;
  legalBasis?: Fee["legalBasis"];
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
  db: DB,
  { code, today }: { code: string; today: string },
): Promise<ProcedureView | RetiredProcedure | UnlistedProcedure | null> {
  // With the commune's own values (receiving place, hours…) where it set them; one it does not list has no page.
  const stored = await getEffectiveInForce<Procedure>(db, { kind: "procedure", key: code, today });
  if (!stored) return null;
  if (stored.override?.listed === false) return { unlisted: true, name: stored.body.name, reason: stored.override.unlistedReason };
  if (stored.retiredFrom !== null && stored.retiredFrom <= today) return { retired: true, name: stored.body.name, retiredFrom: stored.retiredFrom };
  const procedure = stored.body;

  const feeCodes = new Set<string>();
  for (const ch of procedure.channels) for (const fee of ch.fees ?? []) if (fee.feeCode) feeCodes.add(fee.feeCode);
  const formCodes = new Set<string>();
  for (const c of procedure.cases ?? []) for (const comp of c.components ?? []) if (comp.formCode) formCodes.add(comp.formCode);
  for (const r of procedure.results ?? []) if (r.formCode) formCodes.add(r.formCode);

  const [field, fees, forms, processes] = await Promise.all([
    getInForceDocument<Field>(db, { kind: "field", key: procedure.fieldCode, today }),
    getInForceDocuments<Fee>(db, { kind: "fee", keys: [...feeCodes], today }),
    getInForceDocuments<Form>(db, { kind: "form", keys: [...formCodes], today }).then((found) =>
      Promise.all(found.map((f) => formVersionToday(db, f.key, today))),
    ),
    getInForceDocuments<Process>(db, { kind: "process", keys: procedure.processCodes ?? [], today }),
  ]);

  return {
    procedure,
    field: field ? { code: field.body.code, name: field.body.name } : null,
    fees: Object.fromEntries(
      fees.map((f) => {
        const rate = rateInForce(f.body.rates, today);
        return [
          f.key,
          {
            code: f.key,
            name: f.body.name,
            kind: f.body.kind,
            ruleToday: rate ? describeFeeRule(rate.rule) : null,
            legalBasis: f.body.legalBasis,
            rates: f.body.rates,
          },
        ];
      }),
    ),
    forms: Object.fromEntries(forms.flatMap((f) => (f ? [[f.code, f]] : []))),
    processes: processes.map((p) => ({ code: p.key, name: p.body.name, documentControl: p.body.documentControl })),
    repealed: procedure.status === "repealed",
    revision: stored.revision,
    updatedAt: stored.approvedAt,
  };
}

/** A form as it applies today: the name of today's version, since when, and when a newer approved one starts. */
async function formVersionToday(db: DB, code: string, today: string) {
  const versions = await approvedVersions(db, { kind: "form", key: code });
  const current = versionOn(versions, today);
  if (!current) return null;
  const body = (await getRevision<Form>(db, { kind: "form", key: code, revision: current.revision }))?.body;
  if (!body) return null;
  return { code, name: body.name, from: current.from, next: versions.find((v) => v.from > today)?.from ?? null };
}

/** A unit's profile: its organization document in force, whose key is the unit's code. */
export async function getOrganization(db: DB, { today, unit }: { today: string; unit: string }): Promise<Organization | null> {
  return (await getInForceDocument<Organization>(db, { kind: "organization", key: unit, today }))?.body ?? null;
}
