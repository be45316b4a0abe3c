import { writeFileSync } from "node:fs";
import { MARK_TEXT } from "~/documents/iso/iso-document.server";
import { loadIsoDocument } from "~/documents/iso/load.server";
import { isIsoFormat, ISO_FORMATS, renderIso } from "~/documents/iso/render.server";
import { getDocument } from "~/models/document.server";
import { scopeOfUnit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { withPdf } from "./pdf";
import { cliUnit } from "./units";

export const ISO_DOCUMENT_HELP = `  iso-document <mã quy trình> --unit <mã> --format html|pdf|docx|svg --out <tệp> [--revision <số>]
                           Tài liệu ISO của quy trình (hoặc chính sách chất lượng) như đơn vị áp dụng:
                           lần ban hành đang hiệu lực, hoặc phiên bản --revision (bản nháp ghi BẢN NHÁP,
                           lần ban hành cũ ghi HẾT HIỆU LỰC); svg: chỉ lưu đồ`;

/** `iso-document`: one ISO document to a file, for batch work and scripts. */
export async function isoDocumentCommand(
  db: DB,
  code: string | undefined,
  values: { unit?: string; format?: string; out?: string; revision?: string },
): Promise<number> {
  if (!code || !values.out) {
    console.error("Cách dùng: npm run cli -- iso-document <mã quy trình> --unit <mã> --format html|pdf|docx|svg --out <tệp>");
    return 1;
  }
  const format = values.format ?? "pdf";
  if (!isIsoFormat(format)) {
    console.error(`--format: «${format}» không phải một trong ${ISO_FORMATS.join(", ")}`);
    return 1;
  }
  const revision = values.revision === undefined ? undefined : Number(values.revision);
  if (revision !== undefined && !(Number.isInteger(revision) && revision >= 1)) {
    console.error(`--revision: «${values.revision}» không phải số phiên bản (số nguyên từ 1)`);
    return 1;
  }
  const unit = await cliUnit(db, values.unit);
  const unitDb = scoped(db, scopeOfUnit(unit));
  const kind = (await getDocument(unitDb, { kind: "process", key: code })) ? "process" : (await getDocument(unitDb, { kind: "quality", key: code })) ? "quality" : null;
  if (!kind) {
    console.error(`${unit.name} (${unit.code}) không có quy trình hay tài liệu chất lượng mã «${code}».`);
    return 1;
  }
  const doc = await loadIsoDocument(unitDb, { unit, kind, key: code, revision });
  if (!doc) {
    console.error(`«${code}» không có phiên bản số ${revision}.`);
    return 1;
  }
  return withPdf("PDF; dùng --format html hoặc docx", async () => {
    const rendered = await renderIso(doc, format);
    if (!rendered) {
      console.error(`«${code}» không có lưu đồ (chỉ quy trình mới có).`);
      return 1;
    }
    writeFileSync(values.out!, rendered.body);
    console.log(`Đã ghi ${values.out}: ${doc.documentCode} lần ban hành ${doc.issue} (phiên bản ${doc.revision})${doc.mark ? `, ${MARK_TEXT[doc.mark]}` : ""}.`);
    return 0;
  });
}
