import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { importCatalog } from "~/catalog/import.server";
import { importProvinceCatalog } from "~/catalog/province.server";
import { createUser } from "~/models/user.server";
import { agenciesCell, channelsCell, feesCell, legalBasisCell, levelCell, timeLimitCell } from "~/domain/procedure-cells";
import { IMPORT_LIMITS } from "~/domain/limits";
import { todayInVietnam } from "~/domain/format";
import { catalogTables, exportBytes } from "~/exports/index.server";
import type { Procedure } from "~/generated";
import { sha256Hex, type ImportFile } from "~/imports/files.server";
import { applyListImport, getRememberedMapping, planListImport } from "~/imports/list/import.server";
import { problemText } from "~/imports/list/report";
import { guessMapping, TARGET_LABELS } from "~/imports/list/mapping";
import { getDocument, getInForceDocuments } from "~/models/document.server";
import type { DB } from "~/utils/db.server";
import { createTestDb, tempDir, useTestDb } from "./setup/db";
import { makeZip } from "./setup/zip";

const file = (name: string, bytes: Buffer | Uint8Array | ArrayBuffer): ImportFile => {
  const buffer = Buffer.from(bytes as Uint8Array);
  return { name, bytes: buffer, sha256: sha256Hex(buffer) };
};

async function xlsx(build: (ws: ExcelJS.Worksheet) => void, sheet = "Danh mục"): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet(sheet));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The catalog export's sheet, built from the stored catalog with the cell formatters the export uses. */
export const EXPORT_HEADERS = ["STT", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Thời hạn giải quyết", "Phí, lệ phí", "Cách thức thực hiện", "Căn cứ pháp lý", "Cơ quan thực hiện"];

async function catalogSheet(db: DB): Promise<Buffer> {
  const procedures = await getInForceDocuments<Procedure>(db, { kind: "procedure" });
  const fields = new Map((await getInForceDocuments<{ code: string; name: string }>(db, { kind: "field" })).map((f) => [f.body.code, f.body.name]));
  return xlsx((ws) => {
    ws.addRow(EXPORT_HEADERS);
    procedures.forEach(({ body: p }, i) =>
      ws.addRow([i + 1, p.code, p.name, fields.get(p.fieldCode) ?? p.fieldCode, levelCell(p), timeLimitCell(p), feesCell(p), channelsCell(p), legalBasisCell(p), agenciesCell(p)]),
    );
  }, "Danh mục thủ tục");
}

/** A province's list: title rows, a two-line header (Thời hạn over nothing, merged down), merged lĩnh vực cells. */
async function provinceSheet(rows: (string | number)[][]): Promise<Buffer> {
  return xlsx((ws) => {
    ws.addRow(["DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ"]);
    ws.mergeCells("A1:F1");
    ws.addRow([]);
    ws.addRow(["STT", "Thông tin thủ tục", "", "Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí"]);
    ws.addRow(["", "Mã TTHC", "Tên thủ tục hành chính", "", "", ""]);
    ws.mergeCells("B3:C3");
    for (const c of ["A", "D", "E", "F"]) ws.mergeCells(`${c}3:${c}4`);
    ws.addRow(["I. LĨNH VỰC HỘ TỊCH"]);
    ws.mergeCells("A5:F5");
    for (const row of rows) ws.addRow(row);
  });
}

describe("import of a procedure list (.xlsx, .csv)", () => {
  const test = useTestDb();
  const seeded = async () => {
    const db = await test.open();
    expect((await importCatalog(db, { dir: "catalog", author: "test" })).ok).toBe(true);
    return db;
  };
  const name = async (db: DB, code: string) => (await getDocument<Procedure>(db, { kind: "procedure", key: code }))?.body.name;

  it("guesses the mapping of a province sheet with a two-line merged header, fills merged lĩnh vực cells, skips the banner row", async () => {
    const db = await seeded();
    const bytes = await provinceSheet([
      [1, "1.001193", "Đăng ký khai sinh (tên mới)", "Hộ tịch", "Trực tiếp: 5 ngày làm việc", ""],
      [2, "1.000656", "Đăng ký khai tử", "", "", ""],
    ]);
    // «Hộ tịch» merged down over both rows: the second row has it too.
    const withMerge = new ExcelJS.Workbook();
    await withMerge.xlsx.load(bytes as unknown as ArrayBuffer);
    withMerge.worksheets[0].mergeCells("D6:D7");
    const plan = await planListImport(db, { file: file("ds.xlsx", Buffer.from(await withMerge.xlsx.writeBuffer())) });
    expect(plan.problems).toEqual([]);
    expect(plan.headerRows).toEqual([3, 4]);
    expect(plan.headers.slice(0, 6)).toEqual(["STT", "Thông tin thủ tục Mã TTHC", "Thông tin thủ tục Tên thủ tục hành chính", "Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí"]);
    expect(plan.mapping).toEqual({ code: 1, name: 2, field: 3, timeLimit: 4, fees: 5 });
    expect(plan.mappingSource).toBe("guessed");
    expect(plan.rows.map((r) => [r.row, r.code, r.outcome])).toEqual([
      [6, "1.001193", "update"],
      [7, "1.000656", "unchanged"],
    ]);
    expect(plan.rows[0].changes.map((c) => c.path)).toContain("Tên thủ tục");
    expect(plan.rows[0].body.channels[0].timeLimit).toEqual({ value: 5, unit: "working_days" });
  });

  it("row errors in Vietnamese name the row and column; one bad row imports nothing (no partial writes)", async () => {
    const db = await seeded();
    const bytes = await provinceSheet([
      [1, "1.001193", "Đăng ký khai sinh (sửa)", "Hộ tịch", "", ""],
      [2, "1.00x", "Thủ tục sai mã", "Hộ tịch", "", ""],
      [3, "1.999999", "Thủ tục mới thiếu thông tin", "", "", ""],
    ]);
    const result = await applyListImport(db, { file: file("ds.xlsx", bytes), author: "bien-tap", fingerprint: null, via: "cli" });
    expect(result.ok).toBe(false);
    expect(result.plan!.problems.map(problemText)).toEqual([
      "Dòng 7, cột B «Thông tin thủ tục Mã TTHC»: Mã thủ tục «1.00x» không đúng dạng (một hoặc hai chữ số, dấu chấm, ba đến sáu chữ số, ví dụ 1.001193)",
      "Dòng 8: Thủ tục «1.999999» chưa có trong danh mục; không tạo được vì dòng thiếu: Lĩnh vực; Cấp thực hiện; Cách thức thực hiện (hoặc thời hạn ghi theo cách thức, ví dụ «Trực tiếp: 15 ngày làm việc»)",
    ]);
    expect(await name(db, "1.001193")).toBe("Đăng ký khai sinh");
  });

  it("a dry run writes nothing; the import makes drafts in review and remembers the mapping", async () => {
    const db = await seeded();
    const bytes = await provinceSheet([[1, "1.001193", "Đăng ký khai sinh (sửa)", "Hộ tịch", "", "Trực tiếp: Lệ phí 2.000 đồng/bản"]]);
    const plan = await planListImport(db, { file: file("ds.xlsx", bytes) });
    expect(plan.rows[0].outcome).toBe("update");
    expect(plan.rows[0].body.channels[0].fees).toEqual([{ feeCode: "le-phi-dang-ky-khai-sinh-dung-han", kind: "charge", amount: { amount: 2000, currency: "VND" }, description: "2.000 đồng/bản" }]);
    expect((await getDocument<Procedure>(db, { kind: "procedure", key: "1.001193" }))!.status).toBe("approved");
    expect(await getRememberedMapping(db)).toBeNull();

    const result = await applyListImport(db, { file: file("ds.xlsx", bytes), author: "bien-tap", fingerprint: plan.fingerprint, via: "web" });
    expect(result).toMatchObject({ ok: true, created: 0, updated: 1, unchanged: 0 });
    const stored = await getDocument<Procedure>(db, { kind: "procedure", key: "1.001193" });
    expect(stored!.status).toBe("in_review");
    expect((await getRememberedMapping(db))!.mapping).toEqual(plan.mapping);
  });

  it("uses the remembered mapping while the headers match, and the guess when they do not", async () => {
    const db = await seeded();
    const sheet = (header: string) =>
      xlsx((ws) => {
        ws.addRow(["Tên", header, "Ghi chú"]);
        ws.addRow(["Đăng ký khai sinh", "1.001193", ""]);
      });
    // The officer maps «Số hiệu» (no guess) to the code by hand; the next import of the same layout remembers it.
    const given = { code: 1, name: 0 };
    const first = await applyListImport(db, { file: file("a.xlsx", await sheet("Mã số hiệu")), mapping: given, author: "bien-tap", fingerprint: null, via: "cli" });
    expect(first.ok).toBe(true);
    const again = await planListImport(db, { file: file("a.xlsx", await sheet("Mã số hiệu")) });
    expect(again.mappingSource).toBe("remembered");
    expect(again.mapping).toEqual(given);
    const other = await planListImport(db, { file: file("b.xlsx", await sheet("Mã TTHC")) });
    expect(other.mappingSource).toBe("guessed");
  });

  it("round trip: the catalog export's sheet of the unchanged catalog plans «no change» for every row, and its headers are recognised", async () => {
    const db = await seeded();
    expect(guessMapping(EXPORT_HEADERS)).toEqual({ code: 1, name: 2, field: 3, level: 4, timeLimit: 5, fees: 6, channels: 7, legalBasis: 8, agency: 9 });
    expect(EXPORT_HEADERS.slice(1)).toEqual(Object.values(TARGET_LABELS));
    const plan = await planListImport(db, { file: file("danh-muc.xlsx", await catalogSheet(db)) });
    expect(plan.problems).toEqual([]);
    const procedures = await getInForceDocuments(db, { kind: "procedure" });
    expect(plan.rows).toHaveLength(procedures.length);
    expect(plan.rows.filter((r) => r.outcome !== "unchanged" || r.warnings.length > 0)).toEqual([]);
    const result = await applyListImport(db, { file: file("danh-muc.xlsx", await catalogSheet(db)), author: "bien-tap", fingerprint: null, via: "cli" });
    expect(result).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: procedures.length });
  });

  it("round trip through the real export: the catalog's .xlsx and CSV downloads read back plan «no change» for every row, without warnings", async () => {
    const db = await seeded();
    for (const format of ["xlsx", "csv"] as const) {
      const bytes = await exportBytes(await catalogTables(db, { today: todayInVietnam() }), format);
      const plan = await planListImport(db, { file: file(`danh-muc.${format}`, bytes) });
      expect(plan.problems).toEqual([]);
      expect(plan.rows.length).toBeGreaterThan(20);
      expect(plan.rows.filter((r) => r.outcome !== "unchanged" || r.warnings.length > 0)).toEqual([]);
    }
  });

  it("a new procedure is created when the row gives every required field; while it is in review the list does not import over it", async () => {
    const db = await seeded();
    const bytes = await xlsx((ws) => {
      ws.addRow(EXPORT_HEADERS);
      ws.addRow([1, "1.999999", "Thủ tục thử", "Hộ tịch", "Cấp xã", "Trực tiếp: 3 ngày làm việc\nTrực tuyến: 2 ngày làm việc", "Trực tiếp: Lệ phí miễn", "", "23/2015/NĐ-CP, Nghị định về chứng thực", ""]);
    });
    const created = await applyListImport(db, { file: file("moi.xlsx", bytes), author: "bien-tap", fingerprint: null, via: "cli" });
    expect(created).toMatchObject({ ok: true, created: 1 });
    const body = (await getDocument<Procedure>(db, { kind: "procedure", key: "1.999999" }))!.body;
    expect(body).toMatchObject({ fieldCode: "G15-TP07", level: "commune", status: "in_force" });
    expect(body.channels).toEqual([
      { type: "DIRECT", timeLimit: { value: 3, unit: "working_days" }, fees: [{ kind: "charge", amount: { amount: 0, currency: "VND" } }] },
      { type: "ONLINE", timeLimit: { value: 2, unit: "working_days" } },
    ]);
    expect(body.legalBasis).toEqual([{ number: "23/2015/NĐ-CP", title: "Nghị định về chứng thực", documentCode: "23-2015-ND-CP" }]);
    const again = await planListImport(db, { file: file("moi.xlsx", bytes) });
    expect(again.problems.map(problemText)).toEqual([
      "Dòng 2, cột B «Mã thủ tục»: Thủ tục «1.999999» đang chờ duyệt: hãy xử lý trên trang quản trị trước khi nhập",
    ]);
  });

  it("a cell that cannot be parsed is a row warning and keeps the stored value", async () => {
    const db = await seeded();
    const bytes = await xlsx((ws) => {
      ws.addRow(["Mã thủ tục", "Thời hạn giải quyết"]);
      ws.addRow(["1.001193", "Trực tiếp: khi nào xong"]);
    });
    const plan = await planListImport(db, { file: file("x.xlsx", bytes) });
    expect(plan.rows[0].outcome).toBe("unchanged");
    expect(plan.rows[0].warnings).toEqual([{ column: "B «Thời hạn giải quyết»", message: "Không đọc được thời hạn «khi nào xong» (cần dạng «15 ngày làm việc»): giữ thời hạn đang có" }]);
  });

  it("reads CSV in UTF-8 with and without a BOM, with quoted multi-line cells and «;» separators", async () => {
    const db = await seeded();
    const text = 'Mã thủ tục;Tên thủ tục;Thời hạn giải quyết\n1.001193;"Đăng ký khai sinh;\nmới";"Trực tiếp: 4 ngày làm việc"\r\n';
    for (const bytes of [Buffer.from(`\ufeff${text}`), Buffer.from(text)]) {
      const plan = await planListImport(db, { file: file("ds.csv", bytes) });
      expect(plan.problems).toEqual([]);
      expect(plan.rows.map((r) => [r.code, r.name, r.outcome])).toEqual([["1.001193", "Đăng ký khai sinh; mới", "update"]]);
    }
    const latin = await planListImport(db, { file: file("cu.csv", Buffer.from("Mã thủ tục\n1.001193\n", "latin1")) });
    expect(latin.problems.map(problemText)).toEqual(["cu.csv: Tệp CSV không phải văn bản UTF-8: trong Excel hãy lưu lại bằng «CSV UTF-8 (Comma delimited)»"]);
  });

  it("refuses a list with too many rows, naming the file", async () => {
    const db = await seeded();
    const rows = ["Mã thủ tục", ...Array.from({ length: IMPORT_LIMITS.rows + 1 }, () => "1.001193")].join("\n");
    const plan = await planListImport(db, { file: file("dai.csv", Buffer.from(rows)) });
    expect(plan.problems.map(problemText)).toEqual([`dai.csv: Trang tính «CSV» có 5.001 dòng, quá giới hạn 5.000 dòng của một danh sách`]);
    const xl = await xlsx((ws) => {
      ws.addRow(["Mã thủ tục"]);
      ws.getCell(IMPORT_LIMITS.rows + 1, 1).value = "1.001193";
    });
    const big = await planListImport(db, { file: file("dai.xlsx", xl) });
    expect(big.problems.map(problemText)).toEqual([`dai.xlsx: Trang tính «Danh mục» có 5.001 dòng, quá giới hạn 5.000 dòng của một danh sách`]);
  });
  it("refuses an .xlsx that is a zip bomb (declared or lying about its size) and a file that is no .xlsx, before the spreadsheet is read", async () => {
    const db = await seeded();
    const sheet = Buffer.alloc(IMPORT_LIMITS.totalBytes + 1024 * 1024, " ");
    const declared = makeZip([{ name: "[Content_Types].xml", data: "<Types/>" }, { name: "xl/worksheets/sheet1.xml", data: sheet }]);
    expect(declared.length).toBeLessThan(IMPORT_LIMITS.fileBytes);
    const plan = await planListImport(db, { file: file("bom.xlsx", declared) });
    expect(plan.problems.map(problemText)).toEqual(["bom.xlsx › xl/worksheets/sheet1.xml: Tệp dài 41 MB, vượt quá giới hạn 40 MB của một tệp"]);
    const lying = makeZip([{ name: "xl/worksheets/sheet1.xml", data: sheet, claimedSize: 2048 }]);
    const lied = await planListImport(db, { file: file("bom.xlsx", lying) });
    expect(lied.problems.map(problemText)).toEqual([
      "bom.xlsx › xl/worksheets/sheet1.xml: Kích thước giải nén không khớp với kích thước khai báo trong tệp nén (tệp nén có thể là «bom nén»): tệp nén bị từ chối",
    ]);
    const text = await planListImport(db, { file: file("gia.xlsx", Buffer.from("STT;Mã thủ tục\n1;1.001193\n")) });
    expect(text.problems.map(problemText)).toEqual(["gia.xlsx: Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx (tệp .xls cũ hãy lưu lại dạng .xlsx)"]);
    expect(plan.rows).toEqual([]);
  });
});

describe("npm run cli -- import-list", () => {
  const cli = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "app/cli/main.ts", "import-list", ...args], { env: { ...process.env, ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("prints the mapping it used and the plan on a dry run, imports without one, and refuses a bad row in Vietnamese", async () => {
    const { db, path } = await createTestDb({ unscoped: true });
    try {
      expect((await importProvinceCatalog(db, { dir: "catalog", author: "nap-danh-muc" })).ok).toBe(true);
      await createUser(db, { username: "bientap", password: "mat-khau-01234", roles: ["editor"], actor: { name: "cli:test" }, unitCode: "01" });
    } finally {
      await db.destroy();
    }
    const dir = tempDir();
    const good = join(dir, "ds.xlsx");
    writeFileSync(good, await xlsx((ws) => {
      ws.addRow(["Số hiệu", "Tên"]);
      ws.addRow(["1.001193", "Đăng ký khai sinh (sửa qua dòng lệnh)"]);
    }));
    const env = { DATABASE_URL: path };
    const dry = await cli([good, "--unit", "01", "--dry-run", "--map", "Mã thủ tục=A,Tên thủ tục=B"], env);
    expect(dry.stderr).toBe("");
    expect(dry.stdout).toContain("ghép cột (theo --map):\n  Mã thủ tục = cột A «Số hiệu»\n  Tên thủ tục = cột B «Tên»\n");
    expect(dry.stdout).toContain("Dòng 2: Cập nhật: 1.001193 Đăng ký khai sinh (sửa qua dòng lệnh)");
    expect(dry.stdout).toContain("Chạy thử (--dry-run): không ghi gì.");
    expect(dry.code).toBe(0);

    const done = await cli([good, "--unit", "01", "--as", "bientap", "--map", "Mã thủ tục=A,Tên thủ tục=B"], env);
    expect(done.stdout).toContain("1 cập nhật, 0 không đổi; các bản nháp đã gửi duyệt.");
    expect(done.code).toBe(0);
    // The next run without --map remembers the mapping while the headers are the same.
    const next = await cli([good, "--unit", "01", "--dry-run"], env);
    expect(next.stdout).toContain("ghép cột (như lần nhập trước):");

    const bad = join(dir, "sai.csv");
    writeFileSync(bad, "Mã thủ tục,Tên thủ tục\n1.00x,Sai mã\n");
    const refused = await cli([bad, "--unit", "01", "--as", "bientap"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`LỖI ${bad}: Dòng 2, cột A «Mã thủ tục»: Mã thủ tục «1.00x» không đúng dạng`);
    expect(refused.stderr).toContain("Có 1 lỗi: không nhập gì");
    const badMap = await cli([good, "--unit", "01", "--dry-run", "--map", "Mã thủ tục=Z"], env);
    expect(badMap.stderr).toContain("--map: «Mã thủ tục=Z»: cột «Z» không có trong trang tính (có 2 cột, A đến B)");
  }, 120_000);
});
