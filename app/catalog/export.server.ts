import { DOCUMENT_KINDS } from "~/domain/kinds";
import { getDocuments } from "~/models/document.server";
import type { DB } from "~/utils/db.server";
import { writeCatalogDocument } from "./files.server";

/** Writes every current document as catalog files (the inverse of importCatalog). Returns the files written. */
export async function exportCatalog(db: DB, options: { dir: string }): Promise<string[]> {
  const written: string[] = [];
  for (const kind of DOCUMENT_KINDS) {
    for (const doc of await getDocuments(db, { kind })) {
      written.push(...writeCatalogDocument(options.dir, kind, doc.key, doc.body));
    }
  }
  return written;
}
