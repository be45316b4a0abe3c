import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { importProvinceCatalog } from "~/catalog/province.server";
import { formatDate, formatDateTime, formatMoney, formatNumber, todayInVietnam } from "~/domain/format";
import { auditTable, CATALOG_HEADERS, catalogTables, releaseTables, reportTable, tableCsv, tablesXlsx } from "~/exports/index.server";
import type { ExportTable } from "~/exports/table";
import { listAudit } from "~/models/audit.server";
import { unitConsistency } from "~/models/consistency.server";
import { createAndPublish } from "~/models/release.server";
import { getUnit, scopeOfUnit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { parseCsv } from "./setup/csv";
import { useTestDb } from "./setup/db";
import { libreOfficeSheetsToCsv } from "./setup/libreoffice";
import { catalogWithUnknownResponsible, UNKNOWN_RESPONSIBLE } from "./setup/seeded-catalog";

/**
 * The spreadsheet exports (docs/decisions/021-spreadsheet-exports.md): the CSV writer's bytes, the .xlsx read back
 * with exceljs and through LibreOffice Calc, and the tables built from the sample catalog through the real migrations.
 */

const HOA_AN = "00000";

/** Every column type, with text a spreadsheet would otherwise run as a formula. */
const SAMPLE: ExportTable = {
  title: "Thử",
  columns: [
    { header: "Tên", width: 30, type: "text" },
    { header: "Mức thu", width: 14, type: "money" },
    { header: "Ngày", width: 12, type: "date" },
    { header: "Lúc", width: 20, type: "datetime" },
    { header: "Số", width: 8, type: "number" },
  ],
  rows: [
    ["=1+1", 2000, "2026-12-01", "2026-11-21T18:30:00Z", 1],
    ['Ông "Ba", phường\nHòa An', 200000, null, null, 12345],
    ["+84 912", 0, "2016-01-01", "2026-01-01T00:00:00Z", 0],
    ["-5", null, null, null, null],
    ["@SUM(A1)", null, null, null, null],
    ["\tTab", null, null, null, null],
    ["\rCR", null, null, null, null],
    ["Bình thường", 5000, null, null, 2],
  ],
};

async function sampleCommune(testDb: ReturnType<typeof useTestDb>, dir = "catalog"): Promise<{ root: DB; db: DB }> {
  const root = await testDb.open({ unscoped: true });
  const loaded = await importProvinceCatalog(root, { dir, author: "nap-danh-muc" });
  expect(loaded.ok).toBe(true);
  const unit = (await getUnit(root, HOA_AN))!;
  return { root, db: scoped(root, scopeOfUnit(unit)) };
}

async function readXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** What a spreadsheet in vi-VN shows for each cell of `table` (money and dates by their number formats). */
function shownAsVietnamese(table: ExportTable): string[][] {
  return [
    table.columns.map((c) => c.header),
    ...table.rows.map((row) =>
      row.map((value, i) => {
        const type = table.columns[i].type;
        if (value === null) return "";
        if (type === "money") return formatMoney(value as number);
        if (type === "number") return formatNumber(value as number);
        if (type === "date") return formatDate(value as string);
        if (type === "datetime") return formatDateTime(value as string);
        return String(value);
      }),
    ),
  ];
}

describe("CSV", () => {
  it("is UTF-8 with a BOM, CRLF rows, RFC 4180 quoting, and a leading apostrophe before = + - @ tab CR", () => {
    expect(tableCsv(SAMPLE)).toBe(
      "\uFEFF" +
        [
          "Tên,Mức thu,Ngày,Lúc,Số",
          "'=1+1,2000,01/12/2026,22/11/2026 01:30:00,1",
          '"Ông ""Ba"", phường\nHòa An",200000,,,12345',
          "'+84 912,0,01/01/2016,01/01/2026 07:00:00,0",
          "'-5,,,,",
          "'@SUM(A1),,,,",
          "'\tTab,,,,",
          "\"'\rCR\",,,,",
          "Bình thường,5000,,,2",
        ]
          .join("\r\n") +
        "\r\n",
    );
  });

  it("reads back to the same cells (apostrophes aside)", () => {
    const [header, ...rows] = parseCsv(tableCsv(SAMPLE));
    expect(header).toEqual(SAMPLE.columns.map((c) => c.header));
    expect(rows.map((r) => r[0])).toEqual(SAMPLE.rows.map((r) => (/^[=+\-@\t\r]/.test(r[0] as string) ? `'${r[0]}` : r[0])));
  });
});

describe("xlsx", () => {
  it("has a bold, frozen header row, column widths, wrapped text, and typed cells with vi-VN number formats", async () => {
    const sheet = (await readXlsx(await tablesXlsx([SAMPLE]))).getWorksheet("Thử")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(1).values).toEqual([undefined, "Tên", "Mức thu", "Ngày", "Lúc", "Số"]);
    expect(SAMPLE.columns.map((_, i) => sheet.getColumn(i + 1).width)).toEqual([30, 14, 12, 20, 8]);

    const formula = sheet.getCell("A2");
    expect(formula.type).toBe(ExcelJS.ValueType.String);
    expect(formula.value).toBe("=1+1");
    expect(formula.formula).toBeUndefined();
    expect(formula.alignment?.wrapText).toBe(true);
    expect(sheet.getCell("A3").value).toBe('Ông "Ba", phường\nHòa An');

    const money = sheet.getCell("B3");
    expect(money.type).toBe(ExcelJS.ValueType.Number);
    expect(money.value).toBe(200000);
    expect(money.numFmt).toBe('#,##0" đồng"');

    const date = sheet.getCell("C2");
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect(date.value).toEqual(new Date("2026-12-01T00:00:00Z"));
    expect(date.numFmt).toBe("dd/mm/yyyy");
    // An instant is shown in Vietnam's time (18:30 UTC is 01:30 the next day in Hà Nội).
    expect(sheet.getCell("D2").value).toEqual(new Date("2026-11-22T01:30:00Z"));
    expect(sheet.getCell("D2").numFmt).toBe("dd/mm/yyyy hh:mm:ss");
    expect(sheet.getCell("E3").value).toBe(12345);
    expect(sheet.getCell("B5").value).toBeNull();
  });
});

describe("tables from the sample catalog", () => {
  const testDb = useTestDb();

  it("the catalog sheet has the import's ten headers and one row per listed procedure, worded as the public page", async () => {
    const { db } = await sampleCommune(testDb);
    const [catalog, fees] = await catalogTables(db, { today: todayInVietnam() });
    expect(catalog.columns.map((c) => c.header)).toEqual([
      "STT",
      "Mã thủ tục",
      "Tên thủ tục",
      "Lĩnh vực",
      "Cấp thực hiện",
      "Thời hạn giải quyết",
      "Phí, lệ phí",
      "Cách thức thực hiện",
      "Căn cứ pháp lý",
      "Cơ quan thực hiện",
    ]);
    expect(catalog.columns.map((c) => c.header)).toEqual([...CATALOG_HEADERS]);
    expect(catalog.rows.length).toBe(29);
    expect(catalog.rows.map((r) => r[0])).toEqual(catalog.rows.map((_, i) => i + 1));
    const row = catalog.rows.find((r) => r[1] === "2.000815")!;
    const cell = (header: string) => row[CATALOG_HEADERS.indexOf(header as (typeof CATALOG_HEADERS)[number])];
    expect(cell("Lĩnh vực")).toBe("Chứng thực");
    expect(cell("Cấp thực hiện")).toBe("Cấp xã");
    expect(cell("Thời hạn giải quyết")).toMatch(/^Trực tiếp: 8 giờ làm việc/);
    expect(cell("Phí, lệ phí")).toBe(
      "Trực tiếp: Phí 2.000 đồng/trang từ trang thứ 1 đến trang thứ 2; 1.000 đồng/trang từ trang thứ 3 trở đi; tối đa 200.000 đồng/bản" +
        " – 2.000 đồng/trang với hai trang đầu, từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản. (Phí chứng thực bản sao từ bản chính)",
    );
    // The commune's receiving place (its local override) is applied.
    expect(cell("Cách thức thực hiện")).toMatch(/^Trực tiếp: Bộ phận Một cửa Ủy ban nhân dân phường Hòa An/);
    expect((cell("Căn cứ pháp lý") as string).split("\n")).toContain("226/2016/TT-BTC, Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực");
    expect((cell("Cơ quan thực hiện") as string).split("\n")).toEqual(["Ủy ban nhân dân cấp xã", "Cơ quan có thẩm quyền: Ủy ban nhân dân cấp xã"]);
    // Several channels: one line each.
    const many = catalog.rows.find((r) => r[1] === "2.000355")!;
    expect(many[5]).toBe("Trực tiếp: 10 ngày làm việc\nTrực tuyến: 10 ngày làm việc\nDịch vụ bưu chính: 10 ngày làm việc");
    expect(many[6]).toBe("Trực tiếp: Không quy định\nTrực tuyến: Không quy định\nDịch vụ bưu chính: Không quy định");

    // The fee sheet: amounts as numbers, first days as dates.
    const copyFee = fees.rows.find((r) => r[0] === "phi-chung-thuc-chu-ky")!;
    expect(typeof copyFee[4]).toBe("number");
    expect(copyFee[6]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("a release just published from the catalog lists the same rows", async () => {
    const { root, db } = await sampleCommune(testDb);
    const published = await createAndPublish(root, { unit: (await getUnit(root, HOA_AN))!, actor: "lanh-dao", note: "Bản đầu" });
    expect(published.ok).toBe(true);
    const release = published.ok ? published.release : null;
    expect(await releaseTables(db, { release: release! })).toEqual(await catalogTables(db, { today: todayInVietnam() }));
  });

  it("the report has a row per finding and the audit table a row per entry", async () => {
    const { root, db } = await sampleCommune(testDb, catalogWithUnknownResponsible());
    const unit = (await getUnit(root, HOA_AN))!;
    const findings = await unitConsistency(db, { unit, today: todayInVietnam() });
    const report = reportTable(findings);
    expect(report.rows.length).toBe(findings.length);
    expect(report.rows.some((r) => r[0] === "Lỗi" && String(r[6]).includes(UNKNOWN_RESPONSIBLE))).toBe(true);
    const entries = await listAudit(root, {});
    const audit = auditTable(entries);
    expect(audit.rows.map((r) => r[0])).toEqual(entries.map((e) => e.seq));
    expect(audit.columns[1]).toMatchObject({ header: "Thời gian (giờ Việt Nam)", type: "datetime" });
  });

  it("LibreOffice Calc opens the .xlsx and shows every cell as the table says (converted to CSV and compared)", async () => {
    const { db } = await sampleCommune(testDb);
    const tables = [...(await catalogTables(db, { today: todayInVietnam() })), SAMPLE];
    const sheets = await libreOfficeSheetsToCsv(await tablesXlsx(tables), tables.map((t) => t.title));
    for (const table of tables) {
      // LibreOffice writes a cell's lone CR as a line break; the rest is as stored (text stays text: "=1+1", not 2).
      expect(parseCsv(sheets.get(table.title)!), table.title).toEqual(shownAsVietnamese(table).map((r) => r.map((c) => c.replace(/\r/g, "\n"))));
    }
  });
});
