import { RULES, type Finding } from "~/domain/consistency";
import { KINDS } from "~/domain/kinds";
import { text, type ExportTable } from "./table";

/** The consistency report (app/domain/consistency.ts) as a table: one row per finding, as /admin/kiem-tra lists them. */
export function reportTable(findings: readonly Finding[]): ExportTable {
  return {
    title: "Kiểm tra tính nhất quán",
    columns: [
      text("Mức", 10),
      text("Quy tắc", 40),
      text("Loại tài liệu", 16),
      text("Mã", 14),
      text("Trường", 24),
      text("Vị trí (JSON pointer)", 24),
      text("Nội dung", 70),
    ],
    rows: findings.map((f) => [f.severity === "error" ? "Lỗi" : "Cảnh báo", RULES[f.rule].title, KINDS[f.kind].label, f.code, f.fieldTitle, f.pointer, f.message]),
  };
}
