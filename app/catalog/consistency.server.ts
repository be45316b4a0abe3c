import { checkConsistency, onOverrideValues, type Finding, type UnitDocument } from "~/domain/consistency";
import { applyOverrideValues, overrideKey, isOverridable } from "~/domain/overrides";
import type { LocalOverride, Organization } from "~/generated";
import { fieldLabel } from "~/utils/validation.server";
import type { CatalogEntry } from "./files.server";

/**
 * The consistency rules (app/domain/consistency.ts) over catalog files: a folder's documents, and for a commune
 * the province documents it inherits as its local overrides adjust them. Each finding names the file to fix: the
 * document's, or the commune's override file when the field is one the commune sets.
 */

export interface CatalogFinding extends Finding {
  file: string;
}

export function catalogConsistency(
  own: readonly CatalogEntry[],
  options: { inherited?: readonly CatalogEntry[]; today: string },
): CatalogFinding[] {
  const overrides = new Map(
    own.filter((e) => e.kind === "local-override").map((e) => [String(e.data.code), e.data as unknown as LocalOverride]),
  );
  const files = new Map<string, string>();
  const documents: UnitDocument[] = [];
  for (const entry of options.inherited ?? []) {
    const override = isOverridable(entry.kind) ? overrides.get(overrideKey(entry.kind, entry.code)) : undefined;
    const body = override && isOverridable(entry.kind) ? applyOverrideValues(entry.kind, entry.data, override.values ?? []).body : entry.data;
    documents.push({ kind: entry.kind, code: entry.code, body, listed: override?.listed ?? true });
    files.set(`${entry.kind}/${entry.code}`, entry.file);
  }
  for (const entry of own) {
    files.set(`${entry.kind}/${entry.code}`, entry.file);
    if (entry.kind !== "local-override") documents.push({ kind: entry.kind, code: entry.code, body: entry.data });
  }
  const organizations = own.filter((e) => e.kind === "organization");
  const organization = organizations.length === 1 ? { code: organizations[0].code, body: organizations[0].data as unknown as Organization } : null;
  const findings = checkConsistency({
    documents,
    organization,
    isCommune: options.inherited !== undefined || organization?.body.level === "commune",
    today: options.today,
    fieldTitle: fieldLabel,
  });
  return onOverrideValues(findings, overrides, fieldLabel).map((f) => ({ ...f, file: files.get(`${f.kind}/${f.code}`) ?? "(thông tin đơn vị)" }));
}
