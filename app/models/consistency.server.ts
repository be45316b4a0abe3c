import { checkConsistency, onOverrideValues, type Finding, type UnitDocument } from "~/domain/consistency";
import type { DocumentKind } from "~/domain/kinds";
import type { Organization } from "~/generated";
import type { DB } from "~/utils/db.server";
import { unitOf } from "~/utils/unit-scope.server";
import { fieldLabel } from "~/utils/validation.server";
import { getInForceDocuments } from "./document.server";
import { asApplied, overridesInForce } from "./override.server";
import type { Unit } from "./unit.server";

/** The kinds the consistency rules read (app/domain/consistency.ts). */
const CHECKED_KINDS = ["procedure", "process", "form", "fee", "quality", "organization"] as const satisfies readonly DocumentKind[];

/**
 * The consistency report of the handle's unit (the admin page /admin/kiem-tra): its documents in force and its
 * province's, as it applies them (local overrides set). A document retired by `today` is kept as retired, so a
 * reference to it says so; a form never approved is not in force, so a reference to it is to a missing form. A
 * field the commune sets in a province document is reported on its override, where it is fixed.
 */
export async function unitConsistency(db: DB, { unit, today }: { unit: Unit; today: string }): Promise<Finding[]> {
  const overrides = await overridesInForce(db);
  const documents: UnitDocument[] = [];
  let organization: { code: string; body: Organization } | null = null;
  for (const kind of CHECKED_KINDS) {
    for (const doc of await getInForceDocuments(db, { kind })) {
      const retired = doc.retiredFrom !== null && doc.retiredFrom <= today;
      const { body, listed } = asApplied(db, doc, overrides);
      if (kind === "organization") {
        if (doc.unit === unitOf(db) && !retired) organization ??= { code: doc.key, body: body as unknown as Organization };
        continue;
      }
      documents.push({ kind, code: doc.key, body, retired, listed });
    }
  }
  const findings = checkConsistency({ documents, organization, isCommune: unit.level === "commune", today, fieldTitle: fieldLabel });
  return onOverrideValues(findings, overrides, fieldLabel);
}
