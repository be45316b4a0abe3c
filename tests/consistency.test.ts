import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { checkCatalog, checkDocument } from "~/catalog/check.server";
import { catalogConsistency, type CatalogFinding } from "~/catalog/consistency.server";
import type { CatalogEntry } from "~/catalog/files.server";
import { checkConsistency, RULES, type RuleId } from "~/domain/consistency";
import { fieldLabel } from "~/utils/validation.server";
import { catalogWithUnknownResponsible } from "./setup/seeded-catalog";

/**
 * Every consistency rule (app/domain/consistency.ts) on a fixture that triggers it and one that does not. The
 * fixtures are the sample catalog (catalog/) with one change each, so the rules are seen on real documents: the
 * province's, and commune 00000 (Hòa An, which lists its departments and overrides QT-HT-01's responsible units)
 * or 99901 (no departments) applying them.
 */

const TODAY = "2026-12-02";
const province = checkCatalog("catalog").valid;
const communeOf = (code: string) => checkCatalog(`catalog/communes/${code}`, { inherited: province }).valid;

type Docs = CatalogEntry[];
/** A copy of `entries` with the document `kind/code` changed by `change` (which may replace its data). */
function changed(entries: readonly CatalogEntry[], kind: string, code: string, change: (data: any) => unknown): Docs {
  let found = false;
  const out = entries.map((e) => {
    if (e.kind !== kind || e.code !== code) return e;
    found = true;
    const data = structuredClone(e.data);
    return { ...e, data: (change(data) ?? data) as Record<string, unknown> };
  });
  expect(found, `${kind}/${code} is in the sample catalog`).toBe(true);
  return out;
}

/** The findings of commune `commune` (00000 unless said) over province documents `prov`, for the rule. */
function run(rule: RuleId, options: { prov?: Docs; own?: Docs; commune?: string } = {}): CatalogFinding[] {
  const own = options.own ?? communeOf(options.commune ?? "00000");
  return catalogConsistency(own, { inherited: options.prov ?? province, today: TODAY }).filter((f) => f.rule === rule);
}

/** The rules over the province catalog as the database has it, with the document `retiredCode` retired. */
const withRetired = (retiredCode: string | null) =>
  checkConsistency({
    documents: province.map((e) => ({ kind: e.kind, code: e.code, body: e.data, retired: e.code === retiredCode })),
    organization: null,
    isCommune: false,
    today: TODAY,
    fieldTitle: fieldLabel,
  });

const steps = (...durations: [number, string][]) => (p: any) => {
  p.steps.forEach((s: any, i: number) => (s.duration = { value: durations[i]?.[0] ?? 0, unit: durations[i]?.[1] ?? "working_days" }));
};
const limitOf = (value: number, unit: string) => (p: any) => {
  for (const ch of p.channels) ch.timeLimit = { value, unit };
};

describe("consistency rules on the sample catalog", () => {
  it("RULES: every rule has a Vietnamese title and a severity; errors are the ones that must be fixed", () => {
    const errors = Object.entries(RULES)
      .filter(([, r]) => r.severity === "error")
      .map(([id]) => id);
    expect(errors.sort()).toEqual(["form-missing", "responsible-unknown", "step-time", "step-time-unit"]);
    for (const rule of Object.values(RULES)) expect(rule.title).toMatch(/[à-ỹ]/);
  });

  it("the sample catalog has no errors in any commune, only warnings", () => {
    for (const commune of ["00000", "99901", "99902"]) {
      const findings = catalogConsistency(communeOf(commune), { inherited: province, today: TODAY });
      expect(findings.filter((f) => f.severity === "error").map((f) => f.message)).toEqual([]);
      expect(findings.length).toBeGreaterThan(0);
    }
  });

  it("step-time: 4.5 + 4 working days against a limit of 7 is caught (catalog check and editor too); the sample's steps add up", () => {
    const prov = changed(changed(province, "procedure", "1.001193", limitOf(7, "working_days")), "process", "QT-HT-01", steps([4.5, "working_days"], [4, "working_days"]));
    const found = run("step-time", { prov });
    expect(found.map((f) => [f.code, f.pointer, f.severity, f.fieldTitle])).toEqual([
      ["QT-HT-01", "/steps", "error", "Nội dung quy trình"],
      ["QT-HT-01", "/steps", "error", "Nội dung quy trình"],
    ]);
    expect(found[0].message).toBe(
      "Tổng thời gian các bước (8,5 ngày làm việc) khác thời hạn giải quyết của thủ tục «1.001193» theo cách thức Trực tiếp (7 ngày làm việc)",
    );
    expect(found[1].message).toContain("theo cách thức Trực tuyến (7 ngày làm việc)");
    expect(found[0].file).toBe("catalog/processes/QT-HT-01.json");
    // The editor's save check blocks it with the same words.
    const process = prov.find((e) => e.kind === "process" && e.code === "QT-HT-01")!;
    expect(checkDocument(process, prov).map((p) => p.message)).toContain(found[0].message);

    expect(run("step-time")).toEqual([]);
  });

  it("step-time-unchecked: a limit only in words is said to be unchecked (a warning that does not refuse the catalog), never passed", () => {
    const prov = changed(province, "procedure", "1.001193", (p) => {
      p.channels[0].timeLimit = { value: 0, unit: "other", text: "Trong ngày; sau 15 giờ trả ngày làm việc tiếp theo" };
    });
    const found = run("step-time-unchecked", { prov });
    expect(found.map((f) => [f.code, f.severity])).toEqual([["QT-HT-01", "warning"]]);
    expect(found[0].message).toBe(
      "Không đối chiếu được thời gian các bước với thời hạn giải quyết của thủ tục «1.001193» theo cách thức Trực tiếp " +
        "(«Trong ngày; sau 15 giờ trả ngày làm việc tiếp theo»): thời hạn không tính bằng ngày hay giờ làm việc; hãy đối chiếu bằng tay",
    );
    expect(run("step-time", { prov })).toEqual([]);
    expect(checkDocument(prov.find((e) => e.kind === "process" && e.code === "QT-HT-01")!, prov)).toEqual([]);
    expect(run("step-time-unchecked")).toEqual([]);
  });

  it("several desk channels (the commune, a notary office): the process agrees with one of them; none agreeing is reported for each", () => {
    const withNotary = (limit: number) => (p: any) => {
      p.channels.push({ ...structuredClone(p.channels[0]), place: "Văn phòng công chứng", timeLimit: { value: limit, unit: "working_days" } });
    };
    const agreeing = changed(province, "procedure", "2.000815", withNotary(2));
    expect(run("step-time", { prov: agreeing })).toEqual([]);
    const neither = changed(changed(province, "procedure", "2.000815", withNotary(2)), "procedure", "2.000815", (p) => {
      p.channels[0].timeLimit = { value: 3, unit: "working_days" };
    });
    expect(run("step-time", { prov: neither }).map((f) => f.message.replace(/^.* theo cách thức /, ""))).toEqual(["Trực tiếp (3 ngày làm việc)", "Trực tiếp (2 ngày làm việc)"]);
    // And the catalog check allows the two desks, but not a copy of one.
    const entry = agreeing.find((e) => e.kind === "procedure" && e.code === "2.000815")!;
    expect(checkDocument(entry, agreeing)).toEqual([]);
    const copied = changed(province, "procedure", "2.000815", (p) => {
      p.channels.push(structuredClone(p.channels[0]));
    });
    expect(checkDocument(copied.find((e) => e.kind === "procedure" && e.code === "2.000815")!, copied).map((p) => [p.pointer, p.message])).toEqual([
      ["/channels/1/type", "Cách thức «Trực tiếp» được khai báo hai lần với cùng địa điểm và mô tả: hãy ghi nơi tiếp nhận hoặc mô tả khác nhau, hoặc bỏ bản trùng"],
    ]);
  });

  it("step-time-unit: steps in hours adding up to the limit's number of days", () => {
    const prov = changed(
      changed(province, "procedure", "1.001193", limitOf(7, "working_days")),
      "process",
      "QT-HT-01",
      steps([1, "working_hours"], [4, "working_hours"], [2, "working_hours"], [0, "working_hours"]),
    );
    const found = run("step-time-unit", { prov });
    expect(found.map((f) => [f.pointer, f.severity])).toEqual([
      ["/steps", "error"],
      ["/steps", "error"],
    ]);
    expect(found[0].message).toContain("Các bước cộng lại 7 giờ làm việc, đúng bằng số ngày làm việc của thời hạn giải quyết");
    expect(found[0].message).toContain("có lẽ bị nhầm giữa giờ và ngày làm việc");
    expect(run("step-time", { prov })).toEqual([]);
  });

  it("step-time-unit: one step of 4 working days among steps in hours points at that step's unit; mixed units that add up pass", () => {
    // QT-HT-01: 1 + 4 + 2 + 1 + 0 working hours against 8 working hours; the second step written in days.
    const prov = changed(province, "process", "QT-HT-01", (p) => {
      p.steps[1].duration.unit = "working_days";
    });
    const found = run("step-time-unit", { prov });
    expect(found.map((f) => [f.pointer, f.fieldTitle])).toEqual([
      ["/steps/1/duration/unit", "Nội dung quy trình › 2 › Thời gian thực hiện › Đơn vị thời gian"],
      ["/steps/1/duration/unit", "Nội dung quy trình › 2 › Thời gian thực hiện › Đơn vị thời gian"],
    ]);
    expect(found[0].message).toMatch(/^Bước 2 «.+» ghi 4 ngày làm việc trong khi các bước khác tính bằng giờ làm việc: đơn vị có lẽ bị nhầm; tính bằng giờ làm việc thì tổng các bước khớp thời hạn/);
    expect(found[0].message).toContain("Tổng các bước (36 giờ làm việc) khác thời hạn giải quyết của thủ tục «1.001193» theo cách thức Trực tiếp (8 giờ làm việc)");
    // QT-HKD-01 mixes 4 hours and 1.5 days and adds up: nothing to say.
    const hkd = province.find((e) => e.code === "QT-HKD-01")!;
    expect(new Set((hkd.data.steps as any[]).map((s) => s.duration.unit))).toEqual(new Set(["working_hours", "working_days"]));
    expect(run("step-time-unit")).toEqual([]);
  });

  it("procedure-without-process: a listed procedure with no process; not one with a process, nor one the commune does not list", () => {
    const found = run("procedure-without-process");
    const codes = found.map((f) => f.code);
    expect(codes).toContain("1.000894");
    expect(found.find((f) => f.code === "1.000894")).toMatchObject({ pointer: "/processCodes", severity: "warning", fieldTitle: "Quy trình nội bộ" });
    expect(codes).not.toContain("1.001193");
    // Hòa An does not list 1.008004 (its override); An Phú does, and has no process for it.
    expect(codes).not.toContain("1.008004");
    expect(run("procedure-without-process", { commune: "99902" }).map((f) => f.code)).toContain("1.008004");
  });

  it("process-for-retired-procedure: a process serving a repealed procedure, or one no longer in force", () => {
    const prov = changed(province, "procedure", "1.001193", (p) => {
      p.status = "repealed";
      p.repeal = { date: "2026-07-01" };
    });
    expect(run("process-for-retired-procedure", { prov }).map((f) => [f.code, f.pointer, f.severity, f.message])).toEqual([
      ["QT-HT-01", "/procedureCodes/0", "warning", "Quy trình «QT-HT-01» phục vụ thủ tục «1.001193» đã bị bãi bỏ: bỏ thủ tục khỏi quy trình hoặc bãi bỏ quy trình"],
    ]);
    const direct = (retired: boolean) => withRetired(retired ? "1.001193" : null).filter((f) => f.rule === "process-for-retired-procedure");
    expect(direct(true).map((f) => f.message)).toEqual(["Quy trình «QT-HT-01» phục vụ thủ tục «1.001193» đã hết hiệu lực: bỏ thủ tục khỏi quy trình hoặc bãi bỏ quy trình"]);
    expect(direct(false)).toEqual([]);
    expect(run("process-for-retired-procedure")).toEqual([]);
  });

  it("form-missing and form-superseded: a form referenced that is not there is an error, one retired a warning", () => {
    const prov = changed(province, "procedure", "1.001193", (p) => {
      p.cases[0].components[0].formCode = "to-khai-khong-co";
    });
    expect(run("form-missing", { prov }).map((f) => [f.code, f.pointer, f.severity, f.message])).toEqual([
      [
        "1.001193",
        "/cases/0/components/0/formCode",
        "error",
        "Thủ tục hành chính «1.001193» dẫn chiếu biểu mẫu «to-khai-khong-co» không có trong danh mục hoặc chưa được duyệt",
      ],
    ]);
    expect(run("form-missing")).toEqual([]);

    const withForm = (retired: boolean) => withRetired(retired ? "to-khai-dang-ky-khai-sinh" : null).filter((f) => f.rule.startsWith("form-"));
    const superseded = withForm(true);
    expect(superseded.map((f) => f.rule)).toEqual(superseded.map(() => "form-superseded"));
    expect(superseded.map((f) => `${f.code} ${f.pointer}`)).toContain("1.001193 /cases/0/components/0/formCode");
    expect(superseded[0].message).toContain("dẫn chiếu biểu mẫu «to-khai-dang-ky-khai-sinh» đã hết hiệu lực");
    expect(withForm(false)).toEqual([]);
  });

  it("fee-without-legal-basis: a fee with no legal basis; the sample's fees all have one", () => {
    const prov = changed(province, "fee", "le-phi-dang-ky-ket-hon", (f) => {
      delete f.legalBasis;
    });
    expect(run("fee-without-legal-basis", { prov }).map((f) => [f.code, f.pointer, f.fieldTitle, f.severity])).toEqual([
      ["le-phi-dang-ky-ket-hon", "/legalBasis", "Căn cứ pháp lý", "warning"],
    ]);
    expect(run("fee-without-legal-basis")).toEqual([]);
  });

  it("fee-expired: a rate that ended with no later rate; not one followed by a new rate, nor one ending in the future", () => {
    const ended = (f: any) => {
      f.rates[0].effectiveTo = "2025-12-31";
    };
    const found = run("fee-expired", { prov: changed(province, "fee", "le-phi-dang-ky-ket-hon", ended) });
    expect(found.map((f) => [f.code, f.pointer, f.severity])).toEqual([["le-phi-dang-ky-ket-hon", "/rates/0/effectiveTo", "warning"]]);
    expect(found[0].message).toContain("mức thu thứ 1 áp dụng đến 31/12/2025 và không có mức thu nào sau đó");

    const followed = changed(province, "fee", "le-phi-dang-ky-ket-hon", (f) => {
      ended(f);
      f.rates.push({ ...structuredClone(f.rates[0]), effectiveFrom: "2026-01-01", effectiveTo: undefined });
      delete f.rates[1].effectiveTo;
    });
    expect(run("fee-expired", { prov: followed })).toEqual([]);
    const future = changed(province, "fee", "le-phi-dang-ky-ket-hon", (f) => {
      f.rates[0].effectiveTo = "2027-12-31";
    });
    expect(run("fee-expired", { prov: future })).toEqual([]);
  });

  it("review-overdue: a document past its periodic review date; not one due today or later", () => {
    const at = (date: string) =>
      changed(province, "process", "QT-HT-01", (p) => {
        p.documentControl.reviewDate = date;
      });
    expect(run("review-overdue", { prov: at("2026-12-01") }).map((f) => [f.kind, f.code, f.pointer, f.severity, f.message])).toEqual([
      [
        "process",
        "QT-HT-01",
        "/documentControl/reviewDate",
        "warning",
        "Quy trình nội bộ «QT-HT-01»: ngày rà soát định kỳ 01/12/2026 đã qua; cần rà soát và ghi ngày rà soát tiếp theo",
      ],
    ]);
    expect(run("review-overdue", { prov: at(TODAY) })).toEqual([]);
    expect(run("review-overdue")).toEqual([]);
  });

  it("procedure-without-publication: a procedure with no publication decision; not one with it", () => {
    expect(run("procedure-without-publication").map((f) => f.code)).toContain("1.001193");
    const prov = changed(province, "procedure", "1.001193", (p) => {
      p.publicationDecision = { number: "1234/QĐ-UBND", date: "2025-07-01", agency: "Ủy ban nhân dân Thành phố Hà Nội" };
    });
    const found = run("procedure-without-publication", { prov });
    expect(found.map((f) => f.code)).not.toContain("1.001193");
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ pointer: "/publicationDecision", fieldTitle: "Quyết định công bố", severity: "warning" });
  });

  it("responsible-unknown: a step done by someone not among Hòa An's departments, checked on the process as Hòa An applies it", () => {
    // Hòa An's override names its own staff for QT-HT-01; its departments know them and the province's names.
    expect(run("responsible-unknown")).toEqual([]);
    const own = changed(communeOf("00000"), "local-override", "process.QT-HT-01", (o) => {
      o.values[0].value = "Ông Nguyễn Văn A";
    });
    expect(run("responsible-unknown", { own }).map((f) => [f.kind, f.code, f.pointer, f.severity, f.file])).toEqual([
      // The field is the commune's to set: the finding is on its override's value, in the commune's file.
      ["local-override", "process.QT-HT-01", "/values/0/value", "error", "catalog/communes/00000/local-overrides/process.QT-HT-01.json"],
    ]);
    expect(run("responsible-unknown", { own })[0].message).toBe(
      "Quy trình «QT-HT-01», bước 1 «Tiếp nhận, kiểm tra hồ sơ»: «Ông Nguyễn Văn A» không phải bộ phận, công chức nào trong thông tin đơn vị",
    );
    // A step whose responsible unit the commune does not set is reported on the province's process.
    const prov = changed(province, "process", "QT-HT-02", (p) => {
      p.steps[0].responsible = "Tổ một cửa liên thông";
    });
    expect(run("responsible-unknown", { prov }).map((f) => [f.kind, f.code, f.pointer, f.fieldTitle, f.file])).toEqual([
      ["process", "QT-HT-02", "/steps/0/responsible", "Nội dung quy trình › 1 › Trách nhiệm", "catalog/processes/QT-HT-02.json"],
    ]);
    // Spaces and case do not matter.
    const spaced = changed(communeOf("00000"), "local-override", "process.QT-HT-01", (o) => {
      o.values[0].value = "  công chức   bộ phận Một cửa phường HÒA AN ";
    });
    expect(run("responsible-unknown", { own: spaced })).toEqual([]);
  });

  it("departments-missing: a commune listing no departments is told once that responsibility was not checked", () => {
    const found = catalogConsistency(communeOf("99901"), { inherited: province, today: TODAY }).filter((f) => f.rule.startsWith("departments") || f.rule === "responsible-unknown");
    expect(found.map((f) => [f.rule, f.kind, f.code, f.pointer, f.severity, f.file])).toEqual([
      ["departments-missing", "organization", "99901", "/departments", "warning", "catalog/communes/99901/organization/99901.json"],
    ]);
    expect(run("departments-missing")).toEqual([]);
    // The province itself has no departments to check against.
    expect(catalogConsistency(province, { today: TODAY }).filter((f) => f.rule === "departments-missing")).toEqual([]);
  });
});

describe("npm run cli -- check with the consistency rules", () => {
  const cli = (dir: string) => spawnSync(process.execPath, ["--import", "tsx", "app/cli/main.ts", "check", dir], { encoding: "utf8", timeout: 60_000 });

  it("a commune step done by someone the commune does not have: exit 1, the Vietnamese message under its commune", () => {
    const dir = catalogWithUnknownResponsible();
    const result = cli(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("== Phường Hòa An (đơn vị mẫu) (00000) ==");
    expect(result.stderr).toContain("Lỗi (1): Đơn vị thực hiện bước không có trong cơ cấu của xã, phường");
    expect(result.stderr).toContain(
      `/catalog/communes/00000/local-overrides/process.QT-HT-01.json: Nội dung quy trình › 1 › Trách nhiệm (giá trị của đơn vị): Quy trình «QT-HT-01», bước 1 «Tiếp nhận, kiểm tra hồ sơ»: «Ông Nguyễn Văn A» không phải bộ phận, công chức nào trong thông tin đơn vị`,
    );
    expect(result.stderr).toMatch(/\n1 lỗi, \d+ cảnh báo\.\n$/);
  });

  it("the sample catalog: exit 0, warnings grouped by rule, the success line", () => {
    const result = cli("catalog");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Cảnh báo \(\d+\): Thủ tục niêm yết nhưng chưa có quy trình nội bộ$/m);
    expect(result.stdout).toMatch(/^Cảnh báo \(\d+\): Thủ tục chưa ghi quyết định công bố$/m);
    expect(result.stdout).toContain("== Phường Hòa Bình (đơn vị mẫu) (99901) ==\nCảnh báo (1): Chưa khai báo bộ phận, công chức của đơn vị");
    expect(result.stdout).toMatch(/Danh mục catalog hợp lệ: 4 đơn vị, .+; không có lỗi, \d+ cảnh báo\.\n$/);
  });
});
