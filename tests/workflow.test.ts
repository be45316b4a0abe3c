import { publishedCatalog } from "./setup/release";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importCatalog } from "~/catalog/import.server";
import { exportCatalog } from "~/catalog/export.server";
import { applyMerge, mergeByField } from "~/domain/merge";
import { verifyAuditChain } from "~/models/audit.server";
import { getDashboard } from "~/models/dashboard.server";
import { deleteDraft, getDocument, getInForceDocument, listRevisions, saveDocument } from "~/models/document.server";
import { getPublishedProcedure } from "~/models/procedure.server";
import { applyStep, listComments, setSelfApproval } from "~/models/workflow.server";
import type { DB } from "~/utils/db.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { cpSync, writeFileSync } from "node:fs";
import { tempDir, useTestDb } from "./setup/db";

/**
 * The revision in force beside the working draft, the approval steps, and saves that never overwrite each other,
 * on a real SQLite database through the real migrations.
 */

const CODE = "2.000815";
const TODAY = "2026-12-01";

async function loaded(db: DB) {
  expect((await importCatalog(db, { dir: "catalog", author: "nap-danh-muc" })).ok).toBe(true);
  return (await getDocument(db, { kind: "procedure", key: CODE }))!;
}

const edit = (db: DB, body: Record<string, unknown>, author: string, baseRevision: number) =>
  db.transaction().execute((trx) => saveDocument(trx, { kind: "procedure", body, author, note: "", mode: "draft", baseRevision }));

const step = (db: DB, action: "submit" | "approve" | "return" | "withdraw" | "retire", revision: number, actor: string, text = "") =>
  db.transaction().execute((trx) => applyStep(trx, { kind: "procedure", key: CODE, action, revision, actor, text }));

describe("workflow", () => {
  const testDb = useTestDb();

  it("editing an approved procedure starts a draft; the public page keeps the approved text until a leader approves", async () => {
    const db = await testDb.open();
    const original = await loaded(db);
    expect(original).toMatchObject({ status: "approved", revision: 1, inForceRevision: 1 });

    const saved = await edit(db, { ...original.body, name: "Tên mới đang soạn" }, "can-bo", 1);
    expect(saved).toEqual({ outcome: "updated", revision: 2 });
    expect(await getDocument(db, { kind: "procedure", key: CODE })).toMatchObject({ status: "draft", revision: 2, inForceRevision: 1, title: "Tên mới đang soạn" });
    const publicView = await getPublishedProcedure(await publishedCatalog(db), { code: CODE, today: TODAY });
    expect(publicView && "procedure" in publicView && publicView.procedure.name).toBe(original.body.name);

    expect(await step(db, "submit", 2, "can-bo", "Đề nghị duyệt tên mới")).toMatchObject({ ok: true, status: "in_review" });
    // While in review nobody edits it (withdraw it first).
    expect(await edit(db, { ...original.body, name: "Sửa lúc đang duyệt" }, "can-bo", 2)).toEqual({ outcome: "locked", revision: 2, status: "in_review" });
    expect(await step(db, "approve", 2, "lanh-dao")).toMatchObject({ ok: true, status: "approved" });

    const approved = await getPublishedProcedure(await publishedCatalog(db), { code: CODE, today: TODAY });
    expect(approved && "procedure" in approved && approved.procedure.name).toBe("Tên mới đang soạn");
    expect(await getInForceDocument(db, { kind: "procedure", key: CODE })).toMatchObject({ revision: 2, title: "Tên mới đang soạn" });
    const revisions = await listRevisions(db, { kind: "procedure", key: CODE });
    expect(revisions.map((r) => [r.revision, r.status, r.author, r.approvedBy, r.approvalRule])).toEqual([
      [1, "approved", "nap-danh-muc", "nap-danh-muc", "catalog_import"],
      [2, "approved", "can-bo", "lanh-dao", "four_eyes"],
    ]);
    expect((await listComments(db, { kind: "procedure", key: CODE })).map((c) => [c.action, c.author, c.text])).toEqual([
      ["submit", "can-bo", "Đề nghị duyệt tên mới"],
      ["approve", "lanh-dao", ""],
    ]);
    const audit = await db.selectFrom("audit_log").select("action").where("doc_key", "=", CODE).orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual(["document.create", "document.update", "document.submit", "document.approve"]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("a leader may not approve what they wrote, unless an admin allows it; the rule is recorded", async () => {
    const db = await testDb.open();
    const original = await loaded(db);
    await edit(db, { ...original.body, notes: "Lãnh đạo tự sửa" }, "lanh-dao", 1);
    await step(db, "submit", 2, "lanh-dao");
    const refused = await step(db, "approve", 2, "lanh-dao");
    expect(refused).toMatchObject({ ok: false, field: "_form" });
    expect(!refused.ok && refused.message).toContain("quy tắc bốn mắt");
    expect(await getDocument(db, { kind: "procedure", key: CODE })).toMatchObject({ status: "in_review", inForceRevision: 1 });

    await db.transaction().execute((trx) => setSelfApproval(trx, { allowed: true, actor: "admin" }));
    expect(await step(db, "approve", 2, "lanh-dao")).toMatchObject({ ok: true });
    const [, second] = await listRevisions(db, { kind: "procedure", key: CODE });
    expect(second).toMatchObject({ approvedBy: "lanh-dao", approvalRule: "self_approval_allowed" });
    const audit = await db.selectFrom("audit_log").select(["action", "summary"]).where("action", "in", ["settings.update", "document.approve"]).orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual(["settings.update", "document.approve"]);
    expect(audit[1].summary).toContain("người soạn tự duyệt");
  });

  it("returning needs a comment; a step on a revision that moved on is refused; nothing changes on refusal", async () => {
    const db = await testDb.open();
    const original = await loaded(db);
    await edit(db, { ...original.body, notes: "Bản nháp" }, "can-bo", 1);
    await step(db, "submit", 2, "can-bo");
    expect(await step(db, "return", 2, "lanh-dao", "  ")).toMatchObject({ ok: false, field: "text" });
    expect(await step(db, "approve", 1, "lanh-dao")).toMatchObject({ ok: false, field: "_form" });
    expect(await step(db, "return", 2, "lanh-dao", "Thiếu căn cứ pháp lý")).toMatchObject({ ok: true, status: "draft" });
    expect(await step(db, "approve", 2, "lanh-dao")).toMatchObject({ ok: false, field: "_form" });
    expect(await getDocument(db, { kind: "procedure", key: CODE })).toMatchObject({ status: "draft", revision: 2, inForceRevision: 1 });
    // Fixed and resubmitted, then approved.
    await edit(db, { ...original.body, notes: "Bản nháp đã bổ sung căn cứ" }, "can-bo", 2);
    await step(db, "submit", 3, "can-bo");
    expect(await step(db, "approve", 3, "lanh-dao")).toMatchObject({ ok: true });
    expect((await getInForceDocument(db, { kind: "procedure", key: CODE }))?.body.notes).toBe("Bản nháp đã bổ sung căn cứ");
  });

  it("of two saves from the same revision exactly one wins; the other is a conflict and stores nothing", async () => {
    const db = await testDb.open();
    const original = await loaded(db);
    const results = await Promise.all(
      ["a", "b", "c", "d", "e"].map((who) => edit(db, { ...original.body, notes: `Sửa bởi ${who}` }, `can-bo-${who}`, 1)),
    );
    expect(results.filter((r) => r.outcome === "updated")).toEqual([{ outcome: "updated", revision: 2 }]);
    expect(results.filter((r) => r.outcome === "conflict").length).toBe(4);
    const revisions = await listRevisions(db, { kind: "procedure", key: CODE });
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    const stored = await getDocument(db, { kind: "procedure", key: CODE });
    expect(revisions[1].author).toBe(`can-bo-${String(stored?.body.notes).slice(-1)}`);
  });

  it("exports read the revision in force, not the draft", async () => {
    const db = await testDb.open();
    const original = await loaded(db);
    await edit(db, { ...original.body, name: "Chưa duyệt" }, "can-bo", 1);
    const out = tempDir("niemyet-export-");
    await exportCatalog(db, { dir: out });
    expect(readFileSync(`${out}/procedures/${CODE}.json`, "utf8")).toBe(readFileSync(`catalog/procedures/${CODE}.json`, "utf8"));
  });

  it("a draft of an approved document is not deleted; an import never overwrites a draft; approval needs its references in force", async () => {
    const db = await testDb.open();
    const original = await loaded(db);
    await edit(db, { ...original.body, notes: "Bản nháp của cán bộ" }, "can-bo", 1);
    const refused = await db.transaction().execute((trx) => deleteDraft(trx, { kind: "procedure", key: CODE, author: "can-bo", referrers: 0 }));
    expect(refused).toMatchObject({ ok: false, reason: "not-draft" });
    expect((await listRevisions(db, { kind: "procedure", key: CODE })).length).toBe(2);

    // Re-importing a changed catalog file over the draft is refused whole, naming the file.
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });
    writeFileSync(`${dir}/procedures/${CODE}.json`, JSON.stringify({ ...original.body, notes: "Từ tệp" }, null, 2) + "\n");
    const imported = await importCatalog(db, { dir, author: "nap-danh-muc" });
    expect(imported.ok).toBe(false);
    expect(!imported.ok && imported.problems.map((p) => p.message)).toEqual([expect.stringContaining("đang có bản nháp trên hệ thống")]);
    expect((await getDocument(db, { kind: "procedure", key: CODE }))?.body.notes).toBe("Bản nháp của cán bộ");

    // A procedure pointing to a fee that is only a draft cannot be approved.
    const fee = { code: "phi-moi-chua-duyet", name: "Phí mới", kind: "fee", rates: [{ effectiveFrom: "2026-01-01", rule: { type: "free" } }] };
    await db.transaction().execute((trx) => saveDocument(trx, { kind: "fee", body: fee, author: "can-bo", note: "", mode: "draft" }));
    const withFee = structuredClone(original.body) as { channels: { fees?: unknown[] }[] };
    withFee.channels[0].fees = [{ kind: "fee", feeCode: "phi-moi-chua-duyet" }];
    await edit(db, withFee as Record<string, unknown>, "can-bo", 2);
    await step(db, "submit", 3, "can-bo");
    const blocked = await step(db, "approve", 3, "lanh-dao");
    expect(blocked).toMatchObject({ ok: false, field: "_form" });
    expect(!blocked.ok && blocked.message).toContain("Phí, lệ phí «phi-moi-chua-duyet»");
  });

  it("the dashboard lists a document waiting for review once, even after a withdraw and a resubmit", async () => {
    const db = await testDb.open();
    const original = await loaded(db);
    await edit(db, { ...original.body, notes: "Chờ duyệt" }, "can-bo", 1);
    await step(db, "submit", 2, "can-bo", "lần một");
    await step(db, "withdraw", 2, "can-bo");
    await step(db, "submit", 2, "can-bo", "lần hai");
    const dashboard = await getDashboard(db, { username: "lanh-dao", canApprove: true });
    expect(dashboard.waiting.map((i) => [i.key, i.text])).toEqual([[CODE, "lần hai"]]);
    await step(db, "return", 2, "lanh-dao", "Sửa lại");
    await step(db, "submit", 2, "can-bo", "lần ba");
    await step(db, "withdraw", 2, "can-bo");
    const mine = await getDashboard(db, { username: "can-bo", canApprove: false });
    expect(mine.returned).toEqual([]);
    expect(mine.mine.map((i) => i.key)).toEqual([CODE]);
  });

  it("merges two edits by field: one side's changes are taken, a field both changed waits for a choice", () => {
    const schema = getBundledSchema("procedure");
    const base = { code: CODE, name: "A", notes: "ghi chú", requirements: "yêu cầu" };
    const mine = { ...base, notes: "ghi chú của tôi", requirements: "yêu cầu của tôi" };
    const theirs = { ...base, name: "B", requirements: "yêu cầu của họ" };
    const fields = mergeByField(schema, base, mine, theirs);
    expect(fields.map((f) => [f.name, f.title, f.mineChanged, f.theirsChanged, f.conflict])).toEqual([
      ["name", "Tên thủ tục", false, true, false],
      ["requirements", "Yêu cầu, điều kiện thực hiện", true, true, true],
      ["notes", "Ghi chú", true, false, false],
    ]);
    expect(applyMerge(fields, mine, theirs, {})).toMatchObject({ ok: false, unresolved: [{ name: "requirements" }] });
    expect(applyMerge(fields, mine, theirs, { requirements: "theirs" })).toEqual({
      ok: true,
      body: { code: CODE, name: "B", notes: "ghi chú của tôi", requirements: "yêu cầu của họ" },
    });
  });
});
