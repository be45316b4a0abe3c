import { writeFileSync } from "node:fs";
import { buildAuditPack } from "~/documents/iso/audit-pack.server";
import { formatNumber } from "~/domain/format";
import { scopeOfUnit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { withPdf } from "./pdf";
import { cliUnit } from "./units";

export const AUDIT_PACK_HELP = `  audit-pack --unit <mã> --out <tệp.zip>
                           Bộ hồ sơ đánh giá ISO của đơn vị: tài liệu đang hiệu lực (PDF, DOCX), bảng theo dõi
                           sửa đổi, báo cáo kiểm tra tính nhất quán, nhật ký (CSV) với mã băm mục cuối,
                           manifest.json và SHA256SUMS (sha256 của mọi tệp)`;

/** `audit-pack`: the auditor's zip of a unit (app/documents/iso/audit-pack.server.ts) to a file. */
export async function auditPackCommand(db: DB, values: { unit?: string; out?: string }): Promise<number> {
  if (!values.out) {
    console.error("Cách dùng: npm run cli -- audit-pack --unit <mã> --out <tệp.zip>");
    return 1;
  }
  const unit = await cliUnit(db, values.unit);
  const unitDb = scoped(db, scopeOfUnit(unit));
  return withPdf("các tệp PDF của bộ hồ sơ", async () => {
    const pack = await buildAuditPack(db, unitDb, { unit, auditUnits: [unit.code, ...(unit.parentCode ? [unit.parentCode] : [])] });
    writeFileSync(values.out!, pack.zip);
    console.log(`Đã ghi ${values.out}: ${formatNumber(pack.files.length)} tệp, ${formatNumber(Math.round(pack.zip.length / 1024))} KB, kèm manifest.json và SHA256SUMS.`);
    return 0;
  });
}
