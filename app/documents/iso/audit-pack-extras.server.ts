import { RULES } from "~/domain/consistency";
import { todayInVietnam } from "~/domain/format";
import { KINDS } from "~/domain/kinds";
import { unitConsistency } from "~/models/consistency.server";
import type { Unit } from "~/models/unit.server";
import { csvDocument } from "~/utils/csv";
import type { DB } from "~/utils/db.server";
import type { ExtraFiles } from "./audit-pack.server";

/** The audit pack's consistency report: the same findings as /admin/kiem-tra and `npm run cli -- check`. */
export function auditPackExtras(unit: Unit): ExtraFiles {
  return async (unitDb: DB) => {
    const findings = await unitConsistency(unitDb, { unit, today: todayInVietnam() });
    const rows = findings.map((f) => [
      f.severity === "error" ? "Lỗi" : "Cảnh báo",
      RULES[f.rule].title,
      KINDS[f.kind].label,
      f.code,
      f.fieldTitle,
      f.pointer,
      f.message,
    ]);
    return [
      {
        path: "bao-cao-kiem-tra.csv",
        bytes: Buffer.from(csvDocument([["Mức", "Quy tắc", "Loại tài liệu", "Mã", "Trường", "Vị trí (JSON pointer)", "Nội dung"], ...rows]), "utf8"),
      },
    ];
  };
}
