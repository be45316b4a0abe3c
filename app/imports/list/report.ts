/**
 * A list import's plan in words, as the CLI prints it (the admin page shows the same plan as a page): the mapping
 * used, every error by row and column, then per row what would happen, its field changes and its warnings.
 */
import { changeLines, OUTCOME_LABELS } from "../portal/report";
import type { ListPlan, ListProblem } from "./import.server";
import { describeMapping } from "./mapping";

/** «Dòng 7, cột C «Tên thủ tục»: …» */
export function problemText(p: ListProblem): string {
  const where = [p.row !== null ? `Dòng ${p.row}` : null, p.column ? `cột ${p.column}` : null].filter(Boolean).join(", ");
  return where ? `${where}: ${p.message}` : p.message;
}

const MAPPING_SOURCES = { given: "theo --map", remembered: "như lần nhập trước", guessed: "đoán theo tiêu đề" } as const;

/** The sheet, its header rows and the column mapping the plan used. */
export function mappingLines(plan: ListPlan): string[] {
  if (!plan.headers.length) return [];
  return [
    `Trang tính «${plan.sheet}», tiêu đề ở dòng ${plan.headerRows.join(" và ")}; ghép cột (${MAPPING_SOURCES[plan.mappingSource]}):`,
    ...describeMapping(plan.mapping, plan.headers).map((line) => `  ${line}`),
  ];
}

export function describeListPlan(plan: ListPlan): string[] {
  const lines = mappingLines(plan);
  for (const p of plan.problems) lines.push(`LỖI ${plan.file.name}: ${problemText(p)}`);
  for (const r of plan.rows) {
    lines.push(`Dòng ${r.row}: ${OUTCOME_LABELS[r.outcome]}: ${r.code} ${r.name}`);
    lines.push(...changeLines(r.changes));
    for (const w of r.warnings) lines.push(`  ! cột ${w.column}: ${w.message}`);
  }
  const count = (o: string) => plan.rows.filter((r) => r.outcome === o).length;
  lines.push(
    plan.problems.length
      ? `${plan.problems.length} lỗi: không nhập gì.`
      : `${plan.rows.length} dòng: ${count("create")} tạo mới, ${count("update")} cập nhật, ${count("unchanged")} không đổi.`,
  );
  return lines;
}
