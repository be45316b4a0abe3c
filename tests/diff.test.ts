import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffDocuments } from "~/domain/diff";
import { getBundledSchema } from "~/utils/schemas.server";

/** Diffs between revisions on real catalog records, read as an officer would. */

const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("revision diffs in the domain's words", () => {
  it("a fee tier's amount changed: the path names the period and the tier, amounts in đồng", () => {
    const before = read("catalog/fees/phi-chung-thuc-ban-sao-tu-ban-chinh.json");
    const after = structuredClone(before);
    after.rates[0].rule.tiers[0].amountPerUnit = 3000;
    expect(diffDocuments(getBundledSchema("fee"), before, after)).toEqual([
      {
        kind: "changed",
        pointer: "/rates/0/rule/tiers/0/amountPerUnit",
        path: "Mức thu › áp dụng từ 01/01/2017 › Quy tắc tính › Bậc tính › từ 1 đến 2 › Số tiền mỗi đơn vị (đồng)",
        before: "2.000 đồng",
        after: "3.000 đồng",
      },
    ]);
  });

  it("a dossier component inserted in the middle reads as one addition, not a change of every later item", () => {
    const before = read("catalog/procedures/1.001193.json");
    const after = structuredClone(before);
    after.cases[0].components.splice(2, 0, { name: "Giấy xác nhận cư trú", originals: 1, copies: 0, required: false });
    const changes = diffDocuments(getBundledSchema("procedure"), before, after);
    expect(changes).toEqual([
      {
        kind: "added",
        pointer: "/cases/0/components/2",
        // Long names are cut in paths.
        path: `Hồ sơ theo trường hợp › ${before.cases[0].name.slice(0, 77)}… › Thành phần hồ sơ › Giấy xác nhận cư trú`,
        after: expect.stringContaining("Giấy xác nhận cư trú"),
      },
    ]);
  });

  it("a step moved: a move with its positions, nothing else", () => {
    const before = read("catalog/procedures/1.001193.json");
    const after = structuredClone(before);
    const [first] = after.steps.splice(0, 1);
    after.steps.splice(2, 0, first);
    const changes = diffDocuments(getBundledSchema("procedure"), before, after);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.kind === "moved")).toBe(true);
    expect(changes).toContainEqual(expect.objectContaining({ kind: "moved", path: "Trình tự thực hiện › Bước 1", from: 1, to: 3 }));
  });

  it("one word changed in a long legal text is marked word by word", () => {
    const before = read("catalog/procedures/2.000815.json");
    const after = structuredClone(before);
    after.notes = before.notes.replace("không phụ thuộc", "không lệ thuộc");
    const [change, ...rest] = diffDocuments(getBundledSchema("procedure"), before, after);
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ kind: "changed", pointer: "/notes", path: "Ghi chú" });
    expect(change.words?.filter((w) => w.op === "removed").map((w) => w.text.trim())).toEqual(["phụ"]);
    expect(change.words?.filter((w) => w.op === "added").map((w) => w.text.trim())).toEqual(["lệ"]);
    expect(change.words?.map((w) => (w.op === "removed" ? "" : w.text)).join("")).toBe(after.notes);
  });

  it("a time limit reads as a duration, on the channel named by its kind", () => {
    const before = read("catalog/procedures/1.001570.json");
    const after = structuredClone(before);
    after.channels[0].timeLimit = { value: 2.5, unit: "working_days" };
    expect(diffDocuments(getBundledSchema("procedure"), before, after)).toEqual([
      {
        kind: "changed",
        pointer: "/channels/0/timeLimit",
        path: "Cách thức thực hiện › Trực tiếp › Thời hạn giải quyết",
        before: "3 ngày làm việc",
        after: "2,5 ngày làm việc",
      },
    ]);
  });
});
