import { DOCUMENT_KINDS, KINDS, referencesIn, type DocumentKind, type FoundReference } from "~/domain/kinds";
import { walkWithSchema } from "~/domain/schema-walk";
import type { DB } from "~/utils/db.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { containsText } from "./search.server";

/**
 * Every reference a document holds: those the kinds registry lists, and legal references (a legal basis may
 * name a legal document of the catalog), which are found by schema wherever they occur, as the catalog check does.
 */
export function allReferencesIn(kind: DocumentKind, body: unknown): FoundReference[] {
  const found = referencesIn(kind, body);
  walkWithSchema(getBundledSchema(kind), body, (value, raw, _schema, pointer) => {
    const code = raw.$ref === "#/definitions/legalReference" && value && typeof value === "object" ? (value as { documentCode?: unknown }).documentCode : undefined;
    if (typeof code === "string" && code) found.push({ pointer: `${pointer}/documentCode`, kind: "legal-document", key: code });
  });
  return found;
}

export interface Referrer {
  kind: DocumentKind;
  key: string;
  title: string;
  /** Where in the referrer the key appears (JSON pointers). */
  pointers: string[];
}

/**
 * The documents that refer to (kind, key), wherever `allReferencesIn` finds references. Bodies are narrowed
 * with a text match on the quoted key first, so only candidates are parsed.
 */
export async function findReferrers(db: DB, target: { kind: DocumentKind; key: string }): Promise<Referrer[]> {
  const referringKinds =
    target.kind === "legal-document" ? [...DOCUMENT_KINDS] : DOCUMENT_KINDS.filter((k) => KINDS[k].references.some((r) => r.kind === target.kind));
  if (referringKinds.length === 0) return [];
  const candidates = await db
    .selectFrom("documents")
    .select(["kind", "key", "title", "body"])
    .where("kind", "in", referringKinds)
    .where(containsText("body", JSON.stringify(target.key)))
    .orderBy("kind")
    .orderBy("key")
    .execute();
  const referrers: Referrer[] = [];
  for (const row of candidates) {
    const kind = row.kind as DocumentKind;
    const pointers = allReferencesIn(kind, JSON.parse(row.body))
      .filter((r) => r.kind === target.kind && r.key === target.key)
      .map((r) => r.pointer);
    if (pointers.length > 0) referrers.push({ kind, key: row.key, title: row.title, pointers });
  }
  return referrers;
}
