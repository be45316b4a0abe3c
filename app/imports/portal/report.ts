/**
 * The import plan in words, as the CLI's dry run prints it (the admin page shows the same plan as a page):
 * per record what would happen, its field changes, its warnings and what is kept unmapped.
 */
import type { Change } from "~/domain/diff";
import type { ImportPlan } from "./import.server";

export const OUTCOME_LABELS = { create: "Tạo mới", update: "Cập nhật", unchanged: "Không đổi" } as const;

const short = (text: string | undefined, max = 160) => {
  if (text === undefined) return "(trống)";
  const one = text.replace(/\s+/g, " ");
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/** A document's field changes, one indented line each: «  ~ Tên thủ tục: before → after». */
export function changeLines(changes: readonly Change[]): string[] {
  return changes.map((c) =>
    c.kind === "added"
      ? `  + ${c.path}: ${short(c.after)}`
      : c.kind === "removed"
        ? `  − ${c.path}: ${short(c.before)}`
        : c.kind === "moved"
          ? `  ↕ ${c.path}: từ vị trí ${c.from} sang ${c.to}`
          : `  ~ ${c.path}: ${short(c.before)} → ${short(c.after)}`,
  );
}

export function describePlan(plan: ImportPlan): string[] {
  const lines: string[] = [];
  for (const p of plan.problems) lines.push(`LỖI ${p.file}: ${p.field}: ${p.message}`);
  for (const r of plan.records) {
    lines.push(`${OUTCOME_LABELS[r.outcome]}: ${r.code} ${r.name} (${r.file})`);
    if (r.createsField) lines.push(`  + lĩnh vực mới ${r.createsField.code} «${r.createsField.name}»`);
    lines.push(...changeLines(r.changes));
    for (const w of r.warnings) lines.push(`  ! ${w.path ? `${w.path}: ` : ""}${w.message}`);
    for (const u of r.unmapped) lines.push(`  ? chưa ánh xạ ${u.path} = ${short(u.value, 120)}`);
  }
  const count = (o: string) => plan.records.filter((r) => r.outcome === o).length;
  lines.push(
    plan.problems.length
      ? `${plan.problems.length} lỗi: không nhập gì.`
      : `${plan.records.length} bản ghi: ${count("create")} tạo mới, ${count("update")} cập nhật, ${count("unchanged")} không đổi.`,
  );
  return lines;
}

/** What a confirmed import wrote, as the CLI and the admin page say it. */
export function describeApplied(result: { created: number; updated: number; unchanged: number; fields: number }): string {
  return (
    `${result.created} thủ tục mới, ${result.updated} cập nhật, ${result.unchanged} không đổi` +
    `${result.fields ? `, ${result.fields} lĩnh vực mới` : ""}; các bản nháp đã gửi duyệt.`
  );
}
