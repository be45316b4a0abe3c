import { todayInVietnam } from "~/domain/format";
import type { Organization, Procedure, Process, Quality } from "~/generated";
import type { DB } from "~/utils/db.server";
import { getDocument, getInForceDocuments, getRevision, listRevisions, type RevisionSummary } from "~/models/document.server";
import { getEffectiveInForce } from "~/models/override.server";
import type { Unit } from "~/models/unit.server";
import { optionsAt } from "~/utils/schema-labels.server";
import { processDocument, qualityDocument, type IsoDocument, type IsoMark } from "./iso-document.server";

/**
 * An ISO document read from the store for the unit acting (its handle is scoped to it): the issue in force as
 * the unit applies it (a commune's override of a province process names its own staff), or any other revision
 * by number — a draft is marked BẢN NHÁP, an issue no longer in force HẾT HIỆU LỰC, in every output.
 */

export const ISO_KINDS = ["process", "quality"] as const;
export type IsoKind = (typeof ISO_KINDS)[number];
export const isIsoKind = (kind: string): kind is IsoKind => (ISO_KINDS as readonly string[]).includes(kind);

export interface IsoIssue extends RevisionSummary {
  /** The document control's issue number of this revision ("00", "01", …). */
  issue: string | null;
  mark: IsoMark;
  distribution: string[];
}

/** Every revision of an ISO document with its issue number and mark, oldest first (the auditor's history). */
export async function listIsoIssues(db: DB, ref: { kind: IsoKind; key: string; today?: string }): Promise<IsoIssue[]> {
  const doc = await getDocument(db, ref);
  if (!doc) return [];
  const today = ref.today ?? todayInVietnam();
  const inForce = doc.inForceRevision === null ? null : await getEffectiveInForce(db, { kind: ref.kind, key: ref.key, today });
  const revisions = await listRevisions(db, ref);
  return Promise.all(
    revisions.map(async (r) => {
      const body = (await getRevision<Process | Quality>(db, { ...ref, revision: r.revision }))?.body;
      return {
        ...r,
        issue: body?.documentControl?.issue ?? null,
        distribution: body?.documentControl?.distribution ?? [],
        mark: markOf(r, doc.inForceRevision, inForce?.retiredFrom ?? null, today),
      };
    }),
  );
}

function markOf(r: Pick<RevisionSummary, "revision" | "status">, inForceRevision: number | null, retiredFrom: string | null, today: string): IsoMark {
  if (r.revision === inForceRevision) return retiredFrom !== null && retiredFrom <= today ? "superseded" : null;
  if (r.status === "draft" || r.status === "in_review") return inForceRevision !== null && r.revision < inForceRevision ? "superseded" : "draft";
  return "superseded";
}

export async function loadIsoDocument(
  db: DB,
  input: { unit: Unit; kind: IsoKind; key: string; revision?: number; today?: string },
): Promise<IsoDocument | null> {
  const today = input.today ?? todayInVietnam();
  const ref = { kind: input.kind, key: input.key };
  const doc = await getDocument(db, ref);
  if (!doc) return null;
  const number = input.revision ?? doc.inForceRevision ?? doc.revision;
  // The issue in force is read as the unit applies it (overrides set); any other revision as stored.
  const effective = number === doc.inForceRevision ? await getEffectiveInForce<Process | Quality>(db, { ...ref, today }) : null;
  const revision = effective ? { revision: number, status: doc.status, body: effective.body } : await getRevision<Process | Quality>(db, { ...ref, revision: number });
  if (!revision) return null;
  const body = revision.body;
  const retiredFrom = effective?.retiredFrom ?? null;
  const mark = markOf(revision, doc.inForceRevision, retiredFrom, today);
  const organization = await getEffectiveInForce<Organization>(db, { kind: "organization", key: input.unit.code, today });
  const issuer = (organization?.body.name ?? input.unit.name).toLocaleUpperCase("vi");
  const common = { key: input.key, revision: number, mark, issuer };
  if (input.kind === "quality") return qualityDocument({ ...common, quality: body as Quality });

  const process = body as Process;
  const procedures: Procedure[] = [];
  for (const code of process.procedureCodes ?? []) {
    const found = await getEffectiveInForce<Procedure>(db, { kind: "procedure", key: code, today });
    if (found) procedures.push(found.body);
  }
  const formCodes = [...new Set(process.steps.flatMap((s) => s.forms ?? []))];
  const forms = formCodes.length ? await getInForceDocuments<{ name: string }>(db, { kind: "form", keys: formCodes }) : [];
  return processDocument({
    ...common,
    process,
    procedures,
    formNames: new Map(forms.map((f) => [f.key, f.body.name])),
    channelNames: optionsAt("procedure", ["channels", "type"]),
  });
}
