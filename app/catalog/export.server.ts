import { DOCUMENT_KINDS } from "~/domain/kinds";
import { getAllCustomFieldLists } from "~/models/custom-fields.server";
import { getDocuments } from "~/models/document.server";
import type { DB } from "~/utils/db.server";
import { writeCatalogDocument, writeCustomFieldList } from "./files.server";

/** Writes every current document, and each kind's custom field list, as catalog files (the inverse of importCatalog). Returns the files written. */
export async function exportCatalog(db: DB, options: { dir: string }): Promise<string[]> {
  const written: string[] = [];
  for (const [kind, list] of await getAllCustomFieldLists(db)) written.push(writeCustomFieldList(options.dir, kind, list.fields));
  for (const kind of DOCUMENT_KINDS) {
    for (const doc of await getDocuments(db, { kind })) {
      written.push(...writeCatalogDocument(options.dir, kind, doc.key, doc.body));
    }
  }
  return written;
}
