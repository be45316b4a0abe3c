import { describeFeeRule, rateInForce } from "~/domain/fees";
import type { Fee, Field, Form, Organization, Procedure, Process } from "~/generated";
import type { DB } from "~/utils/db.server";
import { getDocument, getDocuments, listDocuments } from "./document.server";

/**
 * Procedures as the public sees them: only approved documents, with their references (field, fees, forms,
 * internal processes) resolved so a page never has to look anything up itself.
 */

export interface FieldGroup {
  field: { code: string; name: string };
  procedures: { code: string; name: string }[];
}

/** The procedures listed today: approved and not repealed (a repealed one keeps its page, marked as such). */
export async function listPublishedProceduresByField(db: DB): Promise<FieldGroup[]> {
  const [procedures, fields] = await Promise.all([
    listDocuments(db, { kind: "procedure", status: "approved", withoutTag: "repealed" }),
    listDocuments(db, { kind: "field", status: "approved" }),
  ]);
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

export interface FeeView {
  code: string;
  name: string;
  kind: Fee["kind"];
  /** The rule in force today for each channel the procedure uses, described in Vietnamese. */
  ruleToday: string | null;
  legalBasis?: Fee["legalBasis"];
}

export interface ProcedureView {
  procedure: Procedure;
  field: Pick<Field, "code" | "name"> | null;
  fees: Record<string, FeeView>;
  forms: Record<string, Pick<Form, "code" | "name">>;
  processes: Pick<Process, "code" | "name" | "documentControl">[];
  /** Repealed (status in the record) or retired from the catalog: no longer listed, its page says so. */
  repealed: boolean;
  revision: number;
  updatedAt: string;
}

export async function getPublishedProcedure(db: DB, { code, today }: { code: string; today: string }): Promise<ProcedureView | null> {
  const stored = await getDocument<Procedure>(db, { kind: "procedure", key: code });
  // A retired document (taken out of the catalog) keeps its page, marked as repealed, like a repealed one.
  if (!stored || (stored.status !== "approved" && stored.status !== "retired")) return null;
  const procedure = stored.body;

  const feeCodes = new Set<string>();
  for (const ch of procedure.channels) for (const fee of ch.fees ?? []) if (fee.feeCode) feeCodes.add(fee.feeCode);
  const formCodes = new Set<string>();
  for (const c of procedure.cases ?? []) for (const comp of c.components ?? []) if (comp.formCode) formCodes.add(comp.formCode);
  for (const r of procedure.results ?? []) if (r.formCode) formCodes.add(r.formCode);

  const [field, fees, forms, processes] = await Promise.all([
    getDocument<Field>(db, { kind: "field", key: procedure.fieldCode }),
    getDocuments<Fee>(db, { kind: "fee", keys: [...feeCodes], status: "approved" }),
    getDocuments<Form>(db, { kind: "form", keys: [...formCodes], status: "approved" }),
    getDocuments<Process>(db, { kind: "process", keys: procedure.processCodes ?? [], status: "approved" }),
  ]);

  return {
    procedure,
    field: field ? { code: field.body.code, name: field.body.name } : null,
    fees: Object.fromEntries(
      fees.map((f) => {
        const rate = rateInForce(f.body.rates, today);
        return [
          f.key,
          { code: f.key, name: f.body.name, kind: f.body.kind, ruleToday: rate ? describeFeeRule(rate.rule) : null, legalBasis: f.body.legalBasis },
        ];
      }),
    ),
    forms: Object.fromEntries(forms.map((f) => [f.key, { code: f.key, name: f.body.name }])),
    processes: processes.map((p) => ({ code: p.key, name: p.body.name, documentControl: p.body.documentControl })),
    repealed: procedure.status === "repealed" || stored.status === "retired",
    revision: stored.revision,
    updatedAt: stored.updatedAt,
  };
}

export async function getOrganization(db: DB): Promise<Organization | null> {
  const [org] = await getDocuments<Organization>(db, { kind: "organization", status: "approved" });
  return org?.body ?? null;
}
