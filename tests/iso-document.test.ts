import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { XMLParser } from "fast-xml-parser";
import { createHash } from "node:crypto";
import JSZip from "jszip";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importProvinceCatalog } from "~/catalog/province.server";
import { buildAuditPack } from "~/documents/iso/audit-pack.server";
import { processDocument, type IsoDocument } from "~/documents/iso/iso-document.server";
import { listIsoIssues, loadIsoDocument } from "~/documents/iso/load.server";
import { renderIso } from "~/documents/iso/render.server";
import type { Procedure, Process } from "~/generated";
import { verifyAuditChain } from "~/models/audit.server";
import { getDocument, getInForceDocuments } from "~/models/document.server";
import { getUnit, scopeOfUnit, type Unit } from "~/models/unit.server";
import { applyStep } from "~/models/workflow.server";
import { saveFromEditor } from "~/routes/admin/documents/edit.server";
import type { DB } from "~/utils/db.server";
import { closePdfBrowser } from "~/utils/pdf.server";
import { scoped } from "~/utils/unit-scope.server";
import { readPdf } from "./e2e/pdf";
import { createTestDb, tempDir } from "./setup/db";
import { libreOfficeToPdf } from "./setup/libreoffice";

/**
 * ISO process documents from the sample catalog as Hòa An applies it, through the real store (migrations, the
 * province import, the commune's overrides, the workflow): the HTML, the PDF Chromium prints, the DOCX read
 * back with mammoth and converted by LibreOffice, and the flowchart as SVG, all with the same content.
 */

const CODE = "QT-HT-01";
const nfc = (s: string) => s.normalize("NFC").replace(/\s+/g, " ");

/** What every output must show: each heading, each table's header cells, each step's name and who does it. */
function landmarks(doc: IsoDocument): string[] {
  const texts = doc.blocks.flatMap((b) =>
    b.type === "heading" ? [b.text] : b.type === "table" && b.header ? b.rows[0]!.map((c) => c.text).filter(Boolean) : [],
  );
  return [...new Set([doc.documentCode, ...texts])];
}

let root: DB;
let commune: DB;
let province: DB;
let hoaAn: Unit;

beforeAll(async () => {
  ({ db: root } = await createTestDb({ unscoped: true }));
  expect((await importProvinceCatalog(root, { dir: "catalog", author: "nap-danh-muc" })).ok).toBe(true);
  hoaAn = (await getUnit(root, "00000"))!;
  commune = scoped(root, scopeOfUnit(hoaAn));
  province = scoped(root, scopeOfUnit((await getUnit(root, "01"))!));
});

afterAll(async () => {
  await closePdfBrowser();
  await root.destroy();
});

describe("ISO process document", () => {
  it("shows the process as the commune applies it, with the same headings, tables and staff in HTML, PDF and DOCX", async () => {
    const doc = (await loadIsoDocument(commune, { unit: hoaAn, kind: "process", key: CODE }))!;
    expect(doc.mark).toBeNull();
    expect(doc.issuer).toBe("ỦY BAN NHÂN DÂN PHƯỜNG HÒA AN");
    const expected = [...landmarks(doc), "Công chức Tư pháp – Hộ tịch phường Hòa An", "Tổng thời gian", "8 giờ làm việc"];
    expect(expected).toEqual(expect.arrayContaining(["1. Mục đích", "5. Nội dung quy trình", "7. Hồ sơ cần lưu", "Soạn thảo", "Kiểm tra", "Phê duyệt", "Lần ban hành"]));

    const html = nfc((await renderIso(doc, "html"))!.body.toString("utf8"));
    for (const text of expected) expect(html, text).toContain(text);
    expect(html).toContain("<svg");

    const pdf = await readPdf((await renderIso(doc, "pdf"))!.body);
    expect(pdf.pageSize).toEqual([595, 842]);
    for (const text of expected) expect(nfc(pdf.text), text).toContain(text);
    pdf.pageTexts.forEach((text, i) => {
      expect(text).toContain(`Trang ${i + 1}/${pdf.pages}`);
      expect(nfc(text)).toContain("QT-01/HT – Lần ban hành 00");
    });

    const docx = (await renderIso(doc, "docx"))!.body;
    const raw = nfc((await mammoth.extractRawText({ buffer: docx })).value);
    for (const text of expected) expect(raw, text).toContain(text);
    const tables = doc.blocks.filter((b) => b.type === "table");
    const docxHtml = (await mammoth.convertToHtml({ buffer: docx })).value;
    expect(docxHtml.match(/<table>/g)?.length).toBe(tables.length);

    // LibreOffice opens the DOCX with the same text, the page fields filled in, and the tables' columns.
    const office = await readPdf(await libreOfficeToPdf(docx));
    for (const text of expected) expect(nfc(office.text), text).toContain(text);
    expect(office.pages).toBeGreaterThanOrEqual(3);
    // pdf.js reads LibreOffice's page fields as separate runs: "Trang 1 / 4".
    office.pageTexts.forEach((text, i) => expect(text).toMatch(new RegExp(`Trang ${i + 1} ?/ ?${office.pages}`)));
  }, 120_000);

  it("draws the flowchart alone as valid SVG with every step and branch", async () => {
    const doc = (await loadIsoDocument(commune, { unit: hoaAn, kind: "process", key: CODE }))!;
    const svg = (await renderIso(doc, "svg"))!.body.toString("utf8");
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(parsed.svg["@_role"]).toBe("img");
    const process = (await getDocument<Process>(province, { kind: "process", key: CODE }))!.body;
    const text = nfc(svg.replace(/<[^>]+>/g, " "));
    for (const step of process.steps) expect(text).toContain(`${step.order}.`);
    for (const branch of process.steps.flatMap((s) => s.branches ?? [])) expect(svg).toContain(`data-condition="${branch.condition}"`);
  });

  it("catches the 8.5-vs-7 arithmetic in the step table", async () => {
    const process = (await getDocument<Process>(province, { kind: "process", key: CODE }))!.body;
    const procedure = (await getDocument<Procedure>(province, { kind: "procedure", key: "1.001193" }))!.body;
    const wrong: Process = {
      ...process,
      channels: ["DIRECT"],
      steps: [
        { ...process.steps[0]!, order: 1, duration: { value: 4.5, unit: "working_days" }, branches: undefined },
        { ...process.steps[1]!, order: 2, duration: { value: 4, unit: "working_days" }, branches: undefined },
      ],
    };
    const limit7: Procedure = { ...procedure, channels: procedure.channels.map((ch) => ({ ...ch, timeLimit: { value: 7, unit: "working_days" as const } })) };
    const doc = processDocument({ key: CODE, revision: 1, mark: null, issuer: "UBND", process: wrong, procedures: [limit7], formNames: new Map(), channelNames: { DIRECT: "Trực tiếp" } });
    const checks = doc.blocks.filter((b) => b.type === "check");
    expect(checks).toEqual([{ type: "check", ok: false, text: "Tổng thời gian các bước (8,5 ngày làm việc) khác thời hạn giải quyết của thủ tục «1.001193» theo cách thức Trực tiếp (7 ngày làm việc)." }]);
    const pdf = await readPdf((await renderIso(doc, "pdf"))!.body);
    expect(nfc(pdf.text)).toContain("Không khớp thời hạn");
  }, 60_000);
});

describe("document control", () => {
  it("a change is the next issue with its change note; drafts say BẢN NHÁP and the old issue HẾT HIỆU LỰC in every output", async () => {
    const stored = (await getDocument<Process>(province, { kind: "process", key: CODE }))!;
    const changed = { ...stored.body, name: `${stored.body.name} (sửa đổi)` };
    const save = (note: string, baseRevision: number) => saveFromEditor(province, { kind: "process", key: CODE, body: changed, note, author: "can-bo", baseRevision });

    const refused = await save("", stored.revision);
    expect(refused).toMatchObject({ ok: false, problems: [{ pointer: "/documentControl/changes", fieldTitle: "Kiểm soát tài liệu › Bảng theo dõi sửa đổi" }] });
    expect((await getDocument(province, { kind: "process", key: CODE }))!.revision).toBe(stored.revision);

    expect(await save("Thêm nhánh xác minh hồ sơ", stored.revision)).toMatchObject({ ok: true });
    const draft = (await getDocument<Process>(province, { kind: "process", key: CODE }))!;
    expect(draft.body.documentControl.issue).toBe("01");
    expect(draft.body.documentControl.changes?.at(-1)).toMatchObject({ issue: "01", description: "Thêm nhánh xác minh hồ sơ", by: "can-bo" });

    const draftDoc = (await loadIsoDocument(commune, { unit: hoaAn, kind: "process", key: CODE, revision: draft.revision }))!;
    expect(draftDoc.mark).toBe("draft");
    const inForceDoc = (await loadIsoDocument(commune, { unit: hoaAn, kind: "process", key: CODE }))!;
    expect([inForceDoc.mark, inForceDoc.issue]).toEqual([null, "00"]);

    await province.transaction().execute((trx) => applyStep(trx, { kind: "process", key: CODE, action: "submit", revision: draft.revision, actor: "can-bo", text: "" }));
    expect(await province.transaction().execute((trx) => applyStep(trx, { kind: "process", key: CODE, action: "approve", revision: draft.revision, actor: "lanh-dao", text: "" }))).toMatchObject({ ok: true });

    const old = (await loadIsoDocument(commune, { unit: hoaAn, kind: "process", key: CODE, revision: stored.revision }))!;
    const current = (await loadIsoDocument(commune, { unit: hoaAn, kind: "process", key: CODE }))!;
    expect([old.mark, old.issue, current.mark, current.issue]).toEqual(["superseded", "00", null, "01"]);

    const pdf = await readPdf((await renderIso(old, "pdf"))!.body);
    for (const text of pdf.pageTexts) expect(nfc(text)).toContain("HẾT HIỆU LỰC");
    expect(nfc((await mammoth.extractRawText({ buffer: (await renderIso(old, "docx"))!.body })).value)).toContain("HẾT HIỆU LỰC");
    expect((await renderIso(old, "html"))!.body.toString("utf8")).toContain("HẾT HIỆU LỰC");
    expect((await renderIso(draftDoc, "html"))!.body.toString("utf8")).toContain("BẢN NHÁP");
    expect(nfc((await mammoth.extractRawText({ buffer: (await renderIso(draftDoc, "docx"))!.body })).value)).toContain("BẢN NHÁP");

    // The history an auditor reads: each revision with its issue, mark and who it was distributed to.
    const issues = await listIsoIssues(commune, { kind: "process", key: CODE });
    expect(issues.map((i) => [i.revision, i.issue, i.mark])).toEqual([
      [stored.revision, "00", "superseded"],
      [draft.revision, "01", null],
    ]);
    expect(issues[1]!.distribution).toContain("Bộ phận Một cửa");
  }, 120_000);
});

describe("audit pack", () => {
  it("holds every document in force as PDF and DOCX, the change logs, the consistency report, the audit log with its head hash, and a manifest that verifies", async () => {
    const pack = await buildAuditPack(root, commune, { unit: hoaAn, auditUnits: ["00000", "01"] });
    const zip = await JSZip.loadAsync(pack.zip);
    const read = async (path: string) => Buffer.from(await zip.file(path)!.async("uint8array"));
    const manifest = JSON.parse((await read("manifest.json")).toString("utf8"));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    expect(names.sort()).toEqual([...manifest.files.map((f: { path: string }) => f.path), "manifest.json", "SHA256SUMS"].sort());
    for (const f of manifest.files as { path: string; sha256: string; size: number }[]) {
      const bytes = await read(f.path);
      expect([f.path, createHash("sha256").update(bytes).digest("hex"), bytes.length]).toEqual([f.path, f.sha256, f.size]);
    }
    const sums = (await read("SHA256SUMS")).toString("utf8").trim().split("\n");
    expect(sums).toEqual(manifest.files.map((f: { path: string; sha256: string }) => `${f.sha256}  ${f.path}`));

    // One PDF and one DOCX per document in force (the province's processes the commune applies, its quality policy).
    const inForce = [...(await getInForceDocuments(commune, { kind: "process" })), ...(await getInForceDocuments(commune, { kind: "quality" }))];
    expect(names.filter((n) => n.startsWith("tai-lieu/") && n.endsWith(".pdf"))).toHaveLength(inForce.length);
    expect(names.filter((n) => n.startsWith("tai-lieu/") && n.endsWith(".docx"))).toHaveLength(inForce.length);
    const birth = names.find((n) => n.startsWith("tai-lieu/QT-01-HT-lan-") && n.endsWith(".pdf"))!;
    const pdf = await readPdf(await read(birth));
    expect(nfc(pdf.text)).toContain("Công chức Tư pháp – Hộ tịch phường Hòa An");

    const chain = await verifyAuditChain(root);
    expect(chain.ok).toBe(true);
    expect(manifest.auditLog).toEqual({ entries: chain.entries, headHash: chain.ok ? chain.headHash : null, verified: true });
    expect((await read("nhat-ky/kiem-tra-chuoi.txt")).toString("utf8")).toContain(chain.ok ? chain.headHash : "");
    const log = (await read("nhat-ky/nhat-ky.csv")).toString("utf8");
    expect(log.startsWith("\uFEFFSố thứ tự,")).toBe(true);
    expect(log).toContain("document.create");
    const changes = (await read("lich-su/bang-theo-doi-sua-doi.csv")).toString("utf8");
    expect(changes).toContain("QT-01/HT");
    const report = (await read("bao-cao-kiem-tra.csv")).toString("utf8");
    expect(report.startsWith("\uFEFFMức,Quy tắc,")).toBe(true);
  }, 120_000);
});

describe("npm run cli -- iso-document", () => {
  const cli = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "app/cli/main.ts", ...args], { env: { ...process.env, ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("writes the document in the format asked for and the audit pack, and refuses an unknown format or code in Vietnamese", async () => {
    const { db, path } = await createTestDb({ unscoped: true });
    try {
      expect((await importProvinceCatalog(db, { dir: "catalog", author: "nap-danh-muc" })).ok).toBe(true);
    } finally {
      await db.destroy();
    }
    const out = join(tempDir(), "qt.docx");
    const written = await cli(["iso-document", CODE, "--unit", "00000", "--format", "docx", "--out", out], { DATABASE_URL: path });
    expect(written.code).toBe(0);
    expect(written.stdout).toContain("QT-01/HT lần ban hành 00");
    expect(nfc((await mammoth.extractRawText({ path: out })).value)).toContain("Công chức Tư pháp – Hộ tịch phường Hòa An");
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");

    const badFormat = await cli(["iso-document", CODE, "--unit", "00000", "--format", "odt", "--out", out], { DATABASE_URL: path });
    expect([badFormat.code, badFormat.stderr]).toEqual([1, expect.stringContaining("--format: «odt» không phải một trong html, pdf, docx, svg")]);
    const zipPath = join(tempDir(), "ho-so.zip");
    const packed = await cli(["audit-pack", "--unit", "00000", "--out", zipPath], { DATABASE_URL: path });
    expect([packed.code, packed.stdout]).toEqual([0, expect.stringContaining("kèm manifest.json và SHA256SUMS")]);
    const zip = await JSZip.loadAsync(readFileSync(zipPath));
    expect(JSON.parse(await zip.file("manifest.json")!.async("string")).unit).toEqual({ code: "00000", name: "Phường Hòa An (đơn vị mẫu)" });
    const missing = await cli(["iso-document", "QT-KHONG-CO", "--unit", "00000", "--format", "pdf", "--out", out], { DATABASE_URL: path });
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining("không có quy trình hay tài liệu chất lượng mã «QT-KHONG-CO»")]);
  }, 120_000);
});
