import { DOCUMENT_KINDS } from "~/domain/kinds";
import { getAllCustomFieldLists } from "~/models/custom-fields.server";
import { getInForceDocuments } from "~/models/document.server";
import type { DB } from "~/utils/db.server";
import { writeCatalogDocument, writeCustomFieldList } from "./files.server";

/**
 * Writes the approved catalog as catalog files (the inverse of importCatalog): each document's revision in force
 * (drafts and revisions waiting for approval stay in the database), and each kind's custom field list. Retired
 * documents are left out: the files hold what applies. Returns the files written.
 */
export async function exportCatalog(db: DB, options: { dir: string; customFields?: boolean }): Promise<string[]> {
  const written: string[] = [];
  // Custom field lists are the deployment's (one per kind): written with the province catalog, not per commune.
  if (options.customFields !== false) {
    for (const [kind, list] of await getAllCustomFieldLists(db)) written.push(writeCustomFieldList(options.dir, kind, list.fields));
  }
  for (const kind of DOCUMENT_KINDS) {
    for (const doc of await getInForceDocuments(db, { kind })) {
      if (doc.retiredFrom !== null) continue;
      written.push(...writeCatalogDocument(options.dir, kind, doc.key, doc.body));
    }
  }
  return written;
}
