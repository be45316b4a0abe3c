import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Procedure } from "~/generated";
import { exportCatalog } from "~/catalog/export.server";
import { importCatalog } from "~/catalog/import.server";
import { IMPORT_LIMITS } from "~/domain/limits";
import { ImportFileError, readImportPath, readUploadedFiles, sha256Hex, type ImportFile } from "~/imports/files.server";
import { applyPortalImport, planPortalImport, PORTAL_FILE, type ImportPlan } from "~/imports/portal/import.server";
import { describePlan } from "~/imports/portal/report";
import { listAudit, verifyAuditChain } from "~/models/audit.server";
import { getDocument, listRevisions } from "~/models/document.server";
import { applyStep } from "~/models/workflow.server";
import type { DB } from "~/utils/db.server";
import { createTestDb, tempDir, useTestDb } from "./setup/db";
import { makeZip } from "./setup/zip";

/**
 * National-portal records (DOMAIN.md §9) imported into a commune's catalog through the real store: the dry run,
 * the drafts submitted for review with the file's sha256, what a real record holds (several desks, fees in USD
 * or only in words, cases with their own limits, the old upper-case export), and hostile files that write nothing.
 */

const FIXTURES = "tests/fixtures/portal";
const fixture = (name: string): ImportFile => {
  const bytes = readFileSync(join(FIXTURES, name));
  return { name, bytes, sha256: sha256Hex(bytes) };
};
const jsonFile = (name: string, value: unknown): ImportFile => {
  const bytes = Buffer.from(typeof value === "string" ? value : JSON.stringify(value), "utf8");
  return { name, bytes, sha256: sha256Hex(bytes) };
};
const wrappedData = () => JSON.parse(readFileSync(join(FIXTURES, "1.001193-wrapped.json"), "utf8")).data as Record<string, unknown>;

async function loaded(db: DB) {
  expect((await importCatalog(db, { dir: "catalog", author: "nap-danh-muc" })).ok).toBe(true);
  return db;
}

const procedure = async (db: DB, code: string) => (await getDocument<Procedure>(db, { kind: "procedure", key: code }))!;
const documentCount = async (db: DB) => Number((await db.selectFrom("revisions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
const recordOf = (plan: ImportPlan, code: string) => plan.records.find((r) => r.code === code)!;

describe("portal import: the dry run and the writes", () => {
  const testDb = useTestDb();

  it("previews per record (outcome, field-level diff, warnings), writes nothing, then imports drafts in review with the file's sha256", async () => {
    const db = await loaded(await testDb.open());
    const files = [fixture("1.001193-wrapped.json"), fixture("2.000815-bare.json"), fixture("legacy-upper.json")];
    const before = await documentCount(db);

    const plan = await planPortalImport(db, files);
    expect(plan.problems).toEqual([]);
    expect(plan.records.map((r) => [r.code, r.form, r.outcome])).toEqual([
      ["1.001193", "wrapped", "update"],
      ["2.000815", "bare", "update"],
      ["2.000884", "legacy", "update"],
    ]);
    const birth = recordOf(plan, "1.001193");
    expect(birth.changes.map((c) => c.pointer.split("/")[1])).toEqual(expect.arrayContaining(["channels", "steps", "publicationDecision"]));
    expect(birth.warnings).toContainEqual({ path: "executionMethods[0].processingTime", message: "Thời hạn chỉ ghi bằng lời: không đối chiếu tự động được với quy trình nội bộ" });
    expect(birth.unmapped.map((u) => u.path)).toContain("returningMethods");
    expect(describePlan(plan).join("\n")).toContain("1.001193");
    expect(await documentCount(db)).toBe(before);

    const result = await applyPortalImport(db, { files, author: "can-bo", fingerprint: plan.fingerprint, via: "web" });
    expect(result).toMatchObject({ ok: true, created: 0, updated: 3, unchanged: 0, fields: 0 });
    const stored = await procedure(db, "1.001193");
    expect(stored.status).toBe("in_review");
    const [latest] = (await listRevisions(db, { kind: "procedure", key: "1.001193" })).slice(-1);
    expect(latest.note).toContain(`tệp «1.001193-wrapped.json», sha256 ${files[0].sha256}`);
    const audit = (await listAudit(db, { action: "catalog.import" })).filter((e) => e.actor === "can-bo");
    expect(audit).toHaveLength(1);
    expect(audit[0].summary).toContain(files[1].sha256);
    expect(audit[0].actor).toBe("can-bo");
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // The same records again: no change, nothing written (the drafts wait for review as they were).
    const again = await planPortalImport(db, files);
    expect(again.records.map((r) => r.outcome)).toEqual(["unchanged", "unchanged", "unchanged"]);
    const revisions = await documentCount(db);
    expect(await applyPortalImport(db, { files, author: "can-bo", fingerprint: again.fingerprint, via: "web" })).toMatchObject({ ok: true, updated: 0, created: 0, unchanged: 3 });
    expect(await documentCount(db)).toBe(revisions);
  });

  it("into an empty catalog: creates the procedures and their fields, each a draft submitted for review", async () => {
    const db = await testDb.open();
    const files = [fixture("legacy-upper.json"), fixture("2.000815-bare.json")];
    const plan = await planPortalImport(db, files);
    expect(plan.problems).toEqual([]);
    expect(plan.records.map((r) => [r.code, r.outcome, r.createsField?.code ?? null])).toEqual([
      ["2.000884", "create", "G15-TP03"],
      ["2.000815", "create", null],
    ]);
    const result = await applyPortalImport(db, { files, author: "can-bo", fingerprint: plan.fingerprint, via: "cli" });
    expect(result).toMatchObject({ ok: true, created: 2, fields: 1 });
    expect(await getDocument(db, { kind: "field", key: "G15-TP03" })).toMatchObject({ status: "in_review", title: "Chứng thực" });
    expect((await procedure(db, "2.000815")).status).toBe("in_review");
  });

  it("refuses a confirmation whose preview no longer matches the catalog, and writes nothing", async () => {
    const db = await loaded(await testDb.open());
    const files = [fixture("2.000815-bare.json")];
    const stale = await planPortalImport(db, [fixture("1.001193-wrapped.json")]);
    const before = await documentCount(db);
    const result = await applyPortalImport(db, { files, author: "can-bo", fingerprint: stale.fingerprint, via: "web" });
    expect(result).toMatchObject({ ok: false, message: "Danh mục đã thay đổi từ lúc xem trước (hoặc tệp khác): không nhập gì, hãy xem trước lại" });
    expect(await documentCount(db)).toBe(before);
  });

  it("round trip: import → catalog export → catalog import elsewhere → the same record again changes nothing", async () => {
    const db = await loaded(await testDb.open());
    const files = [fixture("1.001193-wrapped.json"), fixture("2.000815-bare.json"), fixture("legacy-upper.json")];
    const plan = await planPortalImport(db, files);
    expect((await applyPortalImport(db, { files, author: "can-bo", fingerprint: plan.fingerprint, via: "web" })).ok).toBe(true);
    for (const record of plan.records) {
      const doc = await procedure(db, record.code);
      expect(await applyStep(db, { kind: "procedure", key: record.code, action: "approve", revision: doc.revision, actor: "lanh-dao", text: "" })).toMatchObject({ ok: true });
    }
    const dir = tempDir("portal-roundtrip-");
    await exportCatalog(db, { dir });
    const exported = JSON.parse(readFileSync(join(dir, "procedures", "2.000815.json"), "utf8")) as Procedure;
    expect(exported).toEqual(recordOf(plan, "2.000815").body);

    const other = await testDb.open();
    expect(await importCatalog(other, { dir, author: "nap-danh-muc" })).toEqual({ ok: true, created: expect.any(Number), updated: 0, unchanged: 0 });
    const replay = await planPortalImport(other, files);
    expect(replay.problems).toEqual([]);
    expect(replay.records.map((r) => r.outcome)).toEqual(["unchanged", "unchanged", "unchanged"]);
  });
});

describe("portal import: what real records hold is kept", () => {
  const testDb = useTestDb();

  it("several desk channels with their own limits and fees (in đồng, in USD, only in words), a free online channel, a limit only in words", async () => {
    const db = await loaded(await testDb.open());
    const body = recordOf(await planPortalImport(db, [fixture("2.000815-bare.json")]), "2.000815").body;
    expect(body.channels.map((c) => [c.type, c.timeLimit.value, c.timeLimit.unit])).toEqual([
      ["DIRECT", 1, "working_days"],
      ["DIRECT", 2, "working_days"],
      ["DIRECT", 2, "working_days"],
      ["ONLINE", 8, "hours"],
      ["POSTAL", 0, "other"],
    ]);
    expect(body.channels[4].timeLimit.text).toMatch(/^Theo mô tả – Thời hạn tính từ khi Ủy ban nhân dân cấp xã nhận được hồ sơ/);
    // The commune desk: 2.000 đồng a page, only in words (value 0 beside a rule is no amount, not "free").
    // (its link to the catalog's fee document is the catalog's own and is kept)
    expect(body.channels[0].fees).toEqual([
      { kind: "fee", feeCode: "phi-chung-thuc-ban-sao-tu-ban-chinh", description: expect.stringMatching(/^Phí chứng thực bản sao từ bản chính: 2\.000 đồng\/trang/) },
    ]);
    // The notary office: the glued "Đồng (" is gone; the copying costs are a price (PRICE_LEVEL).
    expect(body.channels[1].fees!.map((f) => [f.kind, f.description!.slice(0, 20)])).toEqual([
      ["fee", "Phí chứng thực bản s"],
      ["service", "Chi phí chụp, in giấ"],
    ]);
    // The overseas mission: SERVICE_FEE in USD.
    expect(body.channels[2].fees!.map((f) => [f.kind, f.amount])).toEqual([
      ["charge", { amount: 10, currency: "USD" }],
      ["charge", { amount: 5, currency: "USD" }],
    ]);
    expect(body.channels[3].fees).toEqual([{ kind: "fee", amount: { amount: 0 }, description: "Không thu phí đối với yêu cầu nộp trực tuyến" }]);
    // No currency given: kept without one, never guessed.
    expect(body.channels[4].fees).toEqual([{ kind: "fee", amount: { amount: 2000 } }]);
    expect(body.cases!.filter((c) => c.code).map((c) => [c.code, c.timeLimit])).toEqual([
      ["2.000815.01", { value: 1, unit: "working_days" }],
      ["2.000815.02", { value: 2, unit: "working_days" }],
      ["2.000815.03", { value: 8, unit: "hours" }],
    ]);
    expect(body.agencies!.filter((a) => a.role === "executing").map((a) => [a.name, a.kind ?? null, a.isGroup ?? false])).toEqual([
      ["Ủy ban Nhân dân xã, phường, đặc khu.", "people_committee", false],
      ["Tổ chức hành nghề công chứng (Phòng công chứng, Văn phòng công chứng)", "notary", false],
      ["Cơ quan đại diện ngoại giao", "overseas_mission", false],
      ["Ủy ban nhân dân cấp xã", null, true],
      ["Cơ quan đại diện Việt Nam ở nước ngoài", null, true],
    ]);
    expect(body.nonTerritorial).toBe(true);
    // 1765731600000 ms is 15/12/2025 00:00 in Vietnam (14/12 in UTC).
    expect(body.publicationDecision).toEqual({ number: "3152/QĐ-BTP", date: "2025-12-15", agency: "Bộ Tư pháp" });
    expect(body.subjects!.map((s) => s.code)).toEqual(["ĐT1", "DT12", "ĐT9"]);
    expect(body.portal!.id).toMatch(/^[0-9a-f-]{36}$/);
    // isOtherAgency has no level of the schema: kept verbatim and reported, not dropped.
    expect(body.importedUnmapped).toContainEqual({ path: "isOtherAgency", value: "true" });
  });

  it("steps, dossier per case with counts, national codes, the result flag and the template; the previous decision goes into the history", async () => {
    const db = await loaded(await testDb.open());
    const body = recordOf(await planPortalImport(db, [fixture("1.001193-wrapped.json")]), "1.001193").body;
    expect(body.channels.map((c) => c.type)).toEqual(["DIRECT", "ONLINE", "POSTAL"]);
    expect(body.channels[0].place).toMatch(/^\+ Bộ phận Một cửa của Ủy ban nhân dân cấp xã nơi cư trú/);
    const [submit, present] = body.cases!;
    expect(submit.name).toBe("* Giấy tờ phải nộp:");
    expect(submit.components![0]).toMatchObject({ originals: 1, copies: 0, nationalCode: "000.00.00.G15-KQ004389", hasElectronicForm: true, templates: [{ name: "Mẫu số 01. To khai dang ky khai sinh (1).docx" }] });
    expect(submit.components!.filter((c) => c.isResult).map((c) => c.name)).toEqual(["Giấy chứng nhận kết hôn của cha, mẹ trẻ (nếu cha, mẹ đã đăng ký kết hôn)"]);
    expect(present.name).toBe("* Giấy tờ phải xuất trình:");
    expect(body.cases!.find((c) => c.code === "1.001193.02")!.timeLimit).toEqual({ value: 3.5, unit: "working_days" });
    expect(body.results).toEqual([{ code: "KQ.G15.000031", name: expect.any(String) }]);
    expect(body.legalBasis!.every((l) => l.number === l.number.trim() && !l.title?.includes("  "))).toBe(true);
    // Cleaned text: the HTML fragment's entities decoded, no tags, bullets made a list.
    const steps = body.steps!.map((s) => s.description).join("\n");
    expect(steps).not.toMatch(/<\/?p>|<br|&nbsp;|&amp;|\t|\r/);
    expect(steps).toContain("cha, mẹ & con");
    expect(steps).toMatch(/^- Nếu lựa chọn hình thức nộp hồ sơ trực tiếp/m);
    expect(body.steps![0].name).toBeUndefined();
    // The requirements repeat in `description` (as in every real record): read once, not reported as unmapped.
    expect(body.importedUnmapped!.map((u) => u.path)).not.toContain("description");
    expect(body.importedUnmapped!.map((u) => u.path).filter((p) => p.endsWith("Ids"))).toEqual([]);

    // A later decision amends it: the one before goes into the history.
    const data = wrappedData();
    const amended = { ...data, procedureProposal: { ...(data.procedureProposal as object), proposalNumber: "99/QĐ-BTP", decisionDate: 1780000000000 } };
    const first = await planPortalImport(db, [fixture("1.001193-wrapped.json")]);
    expect((await applyPortalImport(db, { files: [fixture("1.001193-wrapped.json")], author: "can-bo", fingerprint: first.fingerprint, via: "web" })).ok).toBe(true);
    await db.updateTable("documents").set({ status: "draft" }).where("key", "=", "1.001193").execute();
    const later = recordOf(await planPortalImport(db, [jsonFile("1.001193-amended.json", { code: "OK", data: amended })]), "1.001193");
    expect(later.body.publicationDecision).toMatchObject({ number: "99/QĐ-BTP", date: "2026-05-29" });
    expect(later.body.publicationHistory).toEqual([{ number: "1027/QĐ-BTP", date: "2026-02-10", agency: "Bộ Tư pháp" }]);
  });

  it("the old upper-case export ({result: […]}) read as the same procedure: levels, steps per case, channels, fees per case, documents with their dates", async () => {
    const db = await testDb.open();
    const body = recordOf(await planPortalImport(db, [fixture("legacy-upper.json")]), "2.000884").body;
    expect([body.level, body.otherLevels]).toEqual(["commune", ["district"]]);
    expect(body.fieldCode).toBe("G15-TP03");
    expect(body.channels.map((c) => [c.type, c.timeLimit.value, c.timeLimit.unit])).toEqual([
      ["DIRECT", 1, "working_days"],
      ["POSTAL", 1, "working_days"],
      ["ONLINE", 0, "other"],
    ]);
    expect(body.channels[0].fees).toEqual([{ kind: "fee", amount: { amount: 10000, currency: "VND" }, description: expect.stringContaining("10.000 đồng/trường hợp") }]);
    // The postal line repeats the desk's fee code without a description: the same kind, no guess.
    expect(body.channels[1].fees).toEqual([{ kind: "fee", amount: { amount: 10000, currency: "VND" } }]);
    expect(body.channels[0].place).toBe("- Bộ phận Một cửa của Ủy ban nhân dân cấp xã;\n- Phòng công chứng, Văn phòng công chứng.");
    expect(body.steps!.at(-1)).toEqual({ name: "Trường hợp người yêu cầu chứng thực không ký được", description: expect.stringMatching(/^Người yêu cầu chứng thực phải điểm chỉ/) });
    expect(body.cases!.map((c) => [c.name, c.components!.map((g) => [g.nationalCode, g.originals, g.copies])])).toEqual([
      ["", [["000.00.00.G15-KQ001230", 1, 0], ["000.00.00.G15-KQ001231", 1, 0]]],
      ["Trường hợp chứng thực chữ ký người dịch", [["000.00.00.G15-KQ001232", 1, 1]]],
    ]);
    expect(body.cases![0].components![1].name).toBe("Giấy tờ, văn bản mà mình sẽ ký");
    expect(body.legalBasis![0]).toEqual({
      number: "23/2015/NĐ-CP",
      title: expect.stringMatching(/^Nghị định số 23\/2015\/NĐ-CP về cấp bản sao/),
      issuedDate: "2015-02-16",
      effectiveDate: "2015-04-10",
      issuer: "Chính phủ",
    });
    expect(body.publicationDecision).toEqual({ number: "3152/QĐ-BTP" });
    expect(body.importedUnmapped).toContainEqual({ path: "MOTADOITUONGTHUCHIEN", value: JSON.stringify("Cá nhân có yêu cầu chứng thực chữ ký của mình trong giấy tờ, văn bản.") });
  });

  it("messy text: tabs, \\r\\n, non-breaking spaces, entities and markup cleaned; an empty step name takes nothing; MDX stays inert", async () => {
    const db = await loaded(await testDb.open());
    const data = wrappedData();
    const messy = {
      ...data,
      name: "  Đăng\u00a0ký  khai sinh\t",
      executionSteps: [
        { name: "", description: "Bước 1:\tNộp hồ sơ\r\n+ tại Bộ phận Một cửa\r\n+ hoặc trực tuyến" },
        { name: "Bước 2", description: "<p>Kiểm tra&nbsp;hồ sơ <b>đầy đủ</b></p><script>alert(1)</script><p>{process.exit()} &lt;Danger /&gt;</p>" },
      ],
    };
    const body = recordOf(await planPortalImport(db, [jsonFile("messy.json", { code: "OK", data: messy })]), "1.001193").body;
    expect(body.name).toBe("Đăng ký khai sinh");
    expect(body.steps).toEqual([
      { description: "Bước 1: Nộp hồ sơ\n\n- tại Bộ phận Một cửa\n- hoặc trực tuyến" },
      { name: "Bước 2", description: "Kiểm tra hồ sơ đầy đủ\n\n\\{process.exit()\\} \\<Danger /\\>" },
    ]);
  });
});

describe("portal import: bad input gets a Vietnamese error naming the file and the field, and nothing is written", () => {
  const testDb = useTestDb();

  async function refused(db: DB, files: ImportFile[]) {
    const before = [await documentCount(db), (await listAudit(db, {})).length];
    const plan = await planPortalImport(db, files);
    const result = await applyPortalImport(db, { files, author: "can-bo", fingerprint: null, via: "cli" });
    expect(result.ok).toBe(false);
    expect([await documentCount(db), (await listAudit(db, {})).length]).toEqual(before);
    return plan.problems;
  }

  it("not JSON, not a procedure record, a malformed code, a portal error answer: each named, and the good file beside them is not imported either", async () => {
    const db = await loaded(await testDb.open());
    const bad = { ...wrappedData(), code: "1.00A193" };
    const problems = await refused(db, [
      fixture("2.000815-bare.json"),
      jsonFile("hong.json", '{"code": "OK", "data": {'),
      jsonFile("khong-phai.json", { hello: "world" }),
      jsonFile("ma-sai.json", { code: "OK", data: bad }),
      jsonFile("loi.json", { code: "ERROR", data: null }),
    ]);
    expect(problems.map((p) => [p.file, p.field])).toEqual([
      ["hong.json", "(tệp)"],
      ["khong-phai.json", "(tệp)"],
      ["ma-sai.json", "code"],
      ["loi.json", "code"],
    ]);
    expect(problems[0].message).toMatch(/^Không phải JSON hợp lệ/);
    expect(problems[1].message).toMatch(/^Không phải bản ghi thủ tục hành chính của Cổng Dịch vụ công/);
    expect(problems[2].message).toBe("Mã thủ tục «1.00A193» không đúng dạng (một hoặc hai chữ số, dấu chấm, ba đến sáu chữ số, ví dụ 1.001193)");
    expect(problems[3].message).toBe("Cổng Dịch vụ công trả lời lỗi «ERROR», không có bản ghi");
  });

  it("a 50 MB file, a zip bomb, a path-traversal name and a zip inside a zip are refused before anything is read into the plan", async () => {
    const dir = tempDir("portal-hostile-");
    const big = join(dir, "lon.json");
    writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 0x20));
    await expect(readImportPath(big, PORTAL_FILE)).rejects.toThrow(new ImportFileError(big, "Tệp dài 50 MB, vượt quá giới hạn 4 MB của một tệp"));

    const bombBytes = Buffer.alloc(IMPORT_LIMITS.recordBytes * 20, 0x20);
    const bomb = makeZip([{ name: "bom.json", data: bombBytes, claimedSize: 100 }]);
    expect(bomb.length).toBeLessThan(IMPORT_LIMITS.fileBytes);
    await expect(readUploadedFiles([{ name: "bom.zip", bytes: bomb }], PORTAL_FILE)).rejects.toMatchObject({
      file: "bom.zip › bom.json",
      message: "Kích thước giải nén không khớp với kích thước khai báo trong tệp nén (tệp nén có thể là «bom nén»): tệp nén bị từ chối",
    });
    // An honest header that declares the huge size is refused from the header.
    const declared = makeZip([{ name: "bom.json", data: bombBytes }]);
    await expect(readUploadedFiles([{ name: "bom.zip", bytes: declared }], PORTAL_FILE)).rejects.toMatchObject({
      file: "bom.zip › bom.json",
      message: expect.stringMatching(/^Tệp dài 20 MB, vượt quá giới hạn/),
    });

    const traversal = makeZip([
      { name: "1.001193.json", data: readFileSync(join(FIXTURES, "1.001193-wrapped.json")) },
      { name: "../../etc/cron.d/x.json", data: "{}" },
    ]);
    await expect(readUploadedFiles([{ name: "ho-so.zip", bytes: traversal }], PORTAL_FILE)).rejects.toMatchObject({
      file: "ho-so.zip › ../../etc/cron.d/x.json",
      message: "Tên tệp trong tệp nén trỏ ra ngoài thư mục của tệp nén (đường dẫn tuyệt đối hoặc «..»): tệp nén bị từ chối",
    });
    const nested = makeZip([{ name: "trong.zip", data: makeZip([{ name: "a.json", data: "{}" }]) }]);
    await expect(readUploadedFiles([{ name: "long.zip", bytes: nested }], PORTAL_FILE)).rejects.toMatchObject({ file: "long.zip › trong.zip" });
  });

  it("a zip of records and a folder of them are read like the files themselves", async () => {
    const db = await loaded(await testDb.open());
    const zip = makeZip([
      { name: "ho-so/1.001193.json", data: readFileSync(join(FIXTURES, "1.001193-wrapped.json")) },
      { name: "ho-so/ghi-chu.txt", data: "không phải bản ghi" },
      { name: "__MACOSX/ho-so/._1.001193.json", data: "rác" },
    ]);
    const fromZip = await readUploadedFiles([{ name: "ho-so.zip", bytes: zip }], PORTAL_FILE);
    expect(fromZip.map((f) => f.name)).toEqual(["ho-so.zip › ho-so/1.001193.json"]);
    const fromFolder = await readImportPath(FIXTURES, PORTAL_FILE);
    expect(fromFolder.map((f) => f.name.split("/").pop())).toEqual(["1.001193-wrapped.json", "2.000815-bare.json", "legacy-upper.json"]);
    const plan = await planPortalImport(db, [...fromZip]);
    expect(plan.records.map((r) => [r.file, r.code])).toEqual([["ho-so.zip › ho-so/1.001193.json", "1.001193"]]);
  });

  it("the same procedure twice in one import is refused", async () => {
    const db = await loaded(await testDb.open());
    const problems = await refused(db, [fixture("1.001193-wrapped.json"), jsonFile("ban-sao.json", wrappedData())]);
    expect(problems).toEqual([{ file: "ban-sao.json", field: "code", message: "Mã thủ tục «1.001193» đã có trong 1.001193-wrapped.json của cùng lần nhập" }]);
  });
});

describe("npm run cli -- import-portal", () => {
  const cli = (databaseUrl: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["--import", "tsx", "app/cli/main.ts", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, NIEMYET_PASSWORD: "", ...env }, encoding: "utf8" });

  it("--dry-run prints the preview and writes nothing; the import proper makes drafts in review; a bad file exits 1 naming it", async () => {
    const { db, path } = await createTestDb();
    try {
      await loaded(db);
      const before = await documentCount(db);
      const dry = cli(path, ["import-portal", FIXTURES, "--unit", "00000", "--dry-run"]);
      expect(dry.stderr).toBe("");
      expect(dry.status).toBe(0);
      expect(dry.stdout).toContain("1.001193");
      expect(dry.stdout.trimEnd().split("\n").at(-1)).toBe("Chạy thử (--dry-run): không ghi gì.");
      expect(await documentCount(db)).toBe(before);

      expect(cli(path, ["user", "add", "--username", "can-bo", "--role", "editor"], { NIEMYET_PASSWORD: "mat-khau-rat-dai-2026" }).status).toBe(0);
      const real = cli(path, ["import-portal", join(FIXTURES, "2.000815-bare.json"), "--unit", "00000", "--as", "can-bo"]);
      expect(real.stdout).toContain("0 thủ tục mới, 1 cập nhật, 0 không đổi; các bản nháp đã gửi duyệt.");
      expect(real.status).toBe(0);
      expect((await procedure(db, "2.000815")).status).toBe("in_review");

      const dir = tempDir("portal-cli-");
      writeFileSync(join(dir, "hong.json"), "{ not json");
      const bad = cli(path, ["import-portal", join(dir, "hong.json"), "--unit", "00000", "--dry-run"]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain("hong.json");
      expect(bad.stderr).toContain("Không phải JSON hợp lệ");
    } finally {
      await db.destroy();
    }
    // Five CLI runs, each starting Node with tsx.
  }, 180_000);
});
