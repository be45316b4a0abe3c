/**
 * `npm run bench` (last part): ISO documents, through the real store (a temporary SQLite file, the real
 * migrations, the sample catalog as Hòa An applies it).
 * - one 20-step process (the sample QT-HT-01 with its steps repeated): time to build the model with its flowchart,
 *   to write the DOCX, and to print the PDF in Chromium (browser already running); goal under 2 s for the PDF;
 * - the audit pack of Hòa An (every document in force as PDF and DOCX): time, size, and the process's peak RSS;
 *   goal under 30 s and 400 MiB.
 */
import { performance } from "node:perf_hooks";
import { importProvinceCatalog } from "~/catalog/province.server";
import { buildAuditPack } from "~/documents/iso/audit-pack.server";
import { processDocument } from "~/documents/iso/iso-document.server";
import { loadIsoDocument } from "~/documents/iso/load.server";
import { renderIso } from "~/documents/iso/render.server";
import { formatNumber } from "~/domain/format";
import type { Process } from "~/generated";
import { getDocument } from "~/models/document.server";
import { getUnit, scopeOfUnit } from "~/models/unit.server";
import { closePdfBrowser } from "~/utils/pdf.server";
import { scoped } from "~/utils/unit-scope.server";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateToLatest, openDatabase } from "~/utils/db.server";

const ms = (start: number) => `${formatNumber(performance.now() - start, 0)} ms`;
const root = openDatabase(join(mkdtempSync(join(tmpdir(), "niemyet-bench-iso-")), "bench.sqlite"));
await migrateToLatest(root);
try {
  const imported = await importProvinceCatalog(root, { dir: "catalog", author: "bench" });
  if (!imported.ok) throw new Error("sample catalog did not import");
  const unit = (await getUnit(root, "00000"))!;
  const db = scoped(root, scopeOfUnit(unit));
  const sample = (await loadIsoDocument(db, { unit, kind: "process", key: "QT-HT-01" }))!;
  const base = (await getDocument<Process>(db, { kind: "process", key: "QT-HT-01" }))!.body;
  const steps = Array.from({ length: 20 }, (_, i) => ({ ...base.steps[i % base.steps.length]!, order: i + 1, branches: i === 3 ? [{ condition: "Cần xác minh", action: "Gia hạn", goTo: 2 }] : undefined }));

  let start = performance.now();
  const doc = processDocument({ key: "QT-BENCH", revision: 1, mark: null, issuer: sample.issuer, process: { ...base, steps }, procedures: [], formNames: new Map(), channelNames: {} });
  console.log(`20-step process, model with flowchart: ${ms(start)}`);
  start = performance.now();
  const docx = await renderIso(doc, "docx");
  console.log(`  DOCX: ${ms(start)}, ${formatNumber(Math.round(docx!.body.length / 1024))} KB`);
  await renderIso(sample, "pdf"); // the browser's start-up is not the document's cost
  start = performance.now();
  const pdf = await renderIso(doc, "pdf");
  console.log(`  PDF (Chromium running): ${ms(start)}, ${formatNumber(Math.round(pdf!.body.length / 1024))} KB (goal < 2.000 ms)`);

  start = performance.now();
  const pack = await buildAuditPack(root, db, { unit, auditUnits: ["00000", "01"] });
  console.log(
    `Audit pack of Hòa An: ${ms(start)} (goal < 30.000 ms), ${pack.files.length} files, ${formatNumber(Math.round(pack.zip.length / 1024))} KB, ` +
      `peak RSS ${formatNumber(Math.round(process.resourceUsage().maxRSS / 1024))} MiB (goal < 400 MiB)`,
  );
} finally {
  await closePdfBrowser();
  await root.destroy();
}

