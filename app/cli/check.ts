import { checkCatalog } from "~/catalog/check.server";
import { catalogConsistency, type CatalogFinding } from "~/catalog/consistency.server";
import { formatProblem, type Problem } from "~/catalog/problem";
import { checkProvinceCatalog, isProvinceFolder } from "~/catalog/province.server";
import { RULE_IDS, RULES } from "~/domain/consistency";
import { formatNumber, todayInVietnam } from "~/domain/format";

/**
 * `npm run cli -- check [folder]`: the catalog check (schemas, references, domain rules), then the consistency
 * rules (app/domain/consistency.ts) for the province and for each commune as it applies the province's documents.
 * Errors go to stderr and exit 1; warnings are printed grouped by rule and leave the exit code 0.
 */

interface Section {
  /** Heading of a commune's section in a province folder (null: the folder's own documents). */
  heading: string | null;
  findings: CatalogFinding[];
}

export function checkCommand(dir: string, today = todayInVietnam()): number {
  let problems: Problem[];
  let sections: Section[];
  let summary: string;
  if (isProvinceFolder(dir)) {
    const checked = checkProvinceCatalog(dir);
    problems = checked.problems;
    const province = catalogConsistency(checked.province.valid, { today });
    sections = [{ heading: checked.communes.size > 0 ? "Danh mục của tỉnh" : null, findings: province }];
    // What a commune inherits is reported once, for the province; a commune's section has what is its own.
    const seen = new Set(province.map(findingId));
    for (const [code, commune] of checked.communes) {
      const unit = checked.units.find((u) => u.code === code);
      const findings = catalogConsistency(commune.valid, { inherited: checked.province.valid, today }).filter((f) => !seen.has(findingId(f)));
      sections.push({ heading: `${unit?.name ?? code} (${code})`, findings });
    }
    const communeDocs = [...checked.communes.values()].reduce((n, c) => n + c.entries.length, 0);
    summary =
      `Danh mục ${dir} hợp lệ: ${checked.units.length} đơn vị, ${checked.province.entries.length} tài liệu của tỉnh, ` +
      `${communeDocs} tài liệu riêng của ${checked.communes.size} xã, phường`;
  } else {
    const checked = checkCatalog(dir);
    problems = checked.problems;
    sections = [{ heading: null, findings: catalogConsistency(checked.valid, { today }) }];
    summary = `Danh mục ${dir} hợp lệ: ${checked.entries.length} tài liệu`;
  }

  // A field the catalog check already reports (a step-time mismatch, a form that is not there) is not repeated.
  const reported = new Set(problems.map((p) => `${p.file}#${p.pointer ?? ""}`));
  for (const section of sections) section.findings = section.findings.filter((f) => !reported.has(`${f.file}#${f.pointer}`));

  for (const p of problems) console.error(formatProblem(p));
  let errors = problems.length;
  let warnings = 0;
  for (const section of sections) {
    const lines = groupedLines(section.findings);
    if (lines.length === 0) continue;
    if (section.heading) {
      // The heading goes to each stream that gets lines of the section.
      if (section.findings.some((f) => f.severity === "error")) console.error(`\n== ${section.heading} ==`);
      if (section.findings.some((f) => f.severity === "warning")) console.log(`\n== ${section.heading} ==`);
    }
    for (const line of lines) (line.severity === "error" ? console.error : console.log)(line.text);
    errors += section.findings.filter((f) => f.severity === "error").length;
    warnings += section.findings.filter((f) => f.severity === "warning").length;
  }
  const warningText = warnings > 0 ? `${formatNumber(warnings)} cảnh báo` : "không có cảnh báo";
  if (errors > 0) {
    console.error(`\n${formatNumber(errors)} lỗi, ${warningText}.`);
    return 1;
  }
  console.log(`${summary}; không có lỗi, ${warningText}.`);
  return 0;
}

const findingId = (f: CatalogFinding) => `${f.rule}\u0000${f.file}\u0000${f.pointer}\u0000${f.message}`;

/** "Lỗi (n): rule" or "Cảnh báo (n): rule", then one line per finding, errors first. */
function groupedLines(findings: readonly CatalogFinding[]): { severity: "error" | "warning"; text: string }[] {
  return RULE_IDS.flatMap((rule) => {
    const these = findings.filter((f) => f.rule === rule);
    if (these.length === 0) return [];
    const { severity, title } = RULES[rule];
    const label = severity === "error" ? "Lỗi" : "Cảnh báo";
    return [
      { severity, text: `${label} (${formatNumber(these.length)}): ${title}` },
      ...these.map((f) => ({ severity, text: `  ${formatProblem(f)}` })),
    ];
  });
}
