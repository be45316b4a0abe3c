import { describe, expect, it } from "vitest";
import { importProvinceCatalog } from "~/catalog/province.server";
import type { Procedure } from "~/generated";
import { getInForceDocument, saveDocument } from "~/models/document.server";
import { getPublishedProcedure, listPublicProcedures } from "~/models/procedure.server";
import {
  activateDueReleases,
  cancelRelease,
  createAndPublish,
  createRelease,
  getRelease,
  liveCatalog,
  liveRelease,
  publishRelease,
  rollbackRelease,
} from "~/models/release.server";
import { getUnit, scopeOfUnit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { useTestDb } from "./setup/db";

/**
 * The release model on the sample province, through the real migrations (docs/decisions/013-releases.md): what a
 * snapshot holds, its change log, and the life cycle rules (one release in preparation, publish, schedule,
 * rollback, cancel).
 */

const HOA_AN = "00000";
const HOA_BINH = "99901";
const TODAY = "2026-12-01";

async function province(testDb: ReturnType<typeof useTestDb>) {
  const db = await testDb.open({ unscoped: true });
  const loaded = await importProvinceCatalog(db, { dir: "catalog", author: "nap-danh-muc" });
  expect(loaded.ok).toBe(true);
  return db;
}

async function unit(db: DB, code: string) {
  const found = await getUnit(db, code);
  if (!found) throw new Error(code);
  return found;
}

/** An approved change of a province procedure (as an import or an approval would leave it). */
async function changeProvinceProcedure(db: DB, code: string, change: (p: Procedure) => Procedure) {
  const provinceDb = scoped(db, scopeOfUnit(await unit(db, "01")));
  const current = await getInForceDocument<Procedure>(provinceDb, { kind: "procedure", key: code });
  const saved = await saveDocument(provinceDb, { kind: "procedure", body: change(current!.body) as never, author: "can-bo", note: "", mode: "approved" });
  expect(saved.outcome).toBe("updated");
}

describe("releases", () => {
  const testDb = useTestDb();

  it("a snapshot holds the commune's effective documents: its overrides applied, its unlisted procedures kept out of the list", async () => {
    const db = await province(testDb);
    const published = await createAndPublish(db, { unit: await unit(db, HOA_AN), actor: "lanh-dao", note: "Bản đầu" });
    expect(published).toMatchObject({ ok: true, release: { number: 1, status: "live", baseNumber: null, procedureCount: 29 } });
    const catalog = (await liveCatalog(db, HOA_AN))!;
    // Hòa An sets its own receiving place for 1.001193 and does not list 1.008004 (catalog/communes/00000).
    const view = await getPublishedProcedure(catalog, { code: "1.001193", today: TODAY });
    expect(view && "procedure" in view && view.procedure.channels[0].place).toMatch(/Hòa An/);
    expect(await getPublishedProcedure(catalog, { code: "1.008004", today: TODAY })).toMatchObject({ unlisted: true });
    expect((await listPublicProcedures(catalog, { today: TODAY })).map((p) => p.code)).not.toContain("1.008004");
    // The neighbour keeps the province's values.
    await createAndPublish(db, { unit: await unit(db, HOA_BINH), actor: "lanh-dao", note: "" });
    const neighbour = await getPublishedProcedure((await liveCatalog(db, HOA_BINH))!, { code: "1.001193", today: TODAY });
    expect(neighbour && "procedure" in neighbour && neighbour.procedure.channels[0].place).not.toMatch(/Hòa An/);
  });

  it("the next release's change log names the changed field, old → new, and only changed pages get the new number", async () => {
    const db = await province(testDb);
    const hoaAn = await unit(db, HOA_AN);
    await createAndPublish(db, { unit: hoaAn, actor: "lanh-dao", note: "" });
    const before = await getPublishedProcedure((await liveCatalog(db, HOA_AN))!, { code: "2.000815", today: TODAY });
    const oldName = before && "procedure" in before ? before.procedure.name : "";
    await changeProvinceProcedure(db, "2.000815", (p) => ({ ...p, name: "Chứng thực bản sao (tên mới)" }));
    // Still the old name until the next release.
    const stillOld = await getPublishedProcedure((await liveCatalog(db, HOA_AN))!, { code: "2.000815", today: TODAY });
    expect(stillOld && "procedure" in stillOld && stillOld.procedure.name).toBe(oldName);

    const second = await createAndPublish(db, { unit: hoaAn, actor: "lanh-dao", note: "" });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.release.procedureChanges).toEqual({ added: 0, changed: 1, removed: 0 });
    expect(second.release.changeLog.entries).toEqual([
      { change: "changed", kind: "procedure", key: "2.000815", title: "Chứng thực bản sao (tên mới)", fields: [{ kind: "changed", path: "Tên thủ tục", before: oldName, after: "Chứng thực bản sao (tên mới)" }] },
    ]);
    const catalog = (await liveCatalog(db, HOA_AN))!;
    expect(await getPublishedProcedure(catalog, { code: "2.000815", today: TODAY })).toMatchObject({ changedIn: 2, procedure: { name: "Chứng thực bản sao (tên mới)" } });
    expect(await getPublishedProcedure(catalog, { code: "1.000656", today: TODAY })).toMatchObject({ changedIn: 1 });
  });

  it("one release in preparation at a time; a draft is not live; publishing after another went live is refused", async () => {
    const db = await province(testDb);
    const hoaAn = await unit(db, HOA_AN);
    const draft = await createRelease(db, { unit: hoaAn, actor: "lanh-dao", note: "" });
    expect(draft).toMatchObject({ ok: true, release: { number: 1, status: "draft" } });
    expect(await liveRelease(db, HOA_AN)).toBeNull();
    expect(await createRelease(db, { unit: hoaAn, actor: "lanh-dao", note: "" })).toEqual({
      ok: false,
      message: "Bản niêm yết số 1 đang chờ công bố: hãy công bố hoặc hủy bản đó trước khi tạo bản mới.",
    });
    expect(await cancelRelease(db, { unit: HOA_AN, number: 1, actor: "lanh-dao" })).toEqual({ ok: true });
    expect(await getRelease(db, HOA_AN, 1)).toBeNull();
    // Its number is given again: numbers stay dense.
    const again = await createRelease(db, { unit: hoaAn, actor: "lanh-dao", note: "" });
    expect(again).toMatchObject({ ok: true, release: { number: 1 } });
    // A province has no release of its own.
    expect(await createRelease(db, { unit: await unit(db, "01"), actor: "lanh-dao", note: "" })).toMatchObject({ ok: false });
    // Another release went live since this draft was built (here: forced, as a second process would): refused.
    await db.updateTable("units").set({ live_release: 1 }).where("code", "=", HOA_AN).execute();
    expect(await publishRelease(db, { unit: HOA_AN, number: 1, actor: "lanh-dao" })).toMatchObject({ ok: false });
  });

  it("a scheduled release goes live at its time, through the timer or the first read after it", async () => {
    const db = await province(testDb);
    const hoaAn = await unit(db, HOA_AN);
    await createAndPublish(db, { unit: hoaAn, actor: "lanh-dao", note: "" });
    const at = "2027-01-01T00:00:00.000Z";
    const scheduled = await createAndPublish(db, { unit: hoaAn, actor: "lanh-dao", note: "Từ 01/01/2027", effectiveAt: at, now: new Date("2026-12-20T00:00:00Z") });
    expect(scheduled).toMatchObject({ ok: true, release: { number: 2, status: "scheduled", effectiveAt: at } });
    expect(await activateDueReleases(db, new Date("2026-12-31T23:59:59Z"))).toEqual([]);
    expect(await liveRelease(db, HOA_AN, new Date("2026-12-31T23:59:59Z"))).toMatchObject({ number: 1 });
    // The first read at its time makes it live (no timer needed).
    expect(await liveRelease(db, HOA_AN, new Date(at))).toMatchObject({ number: 2, liveSince: at });
    expect(await activateDueReleases(db, new Date("2027-01-02T00:00:00Z"))).toEqual([]);
    const audit = await db.selectFrom("audit_log").select(["action", "actor"]).where("action", "like", "release.%").orderBy("seq").execute();
    expect(audit.map((a) => `${a.action}:${a.actor}`)).toEqual([
      "release.create:lanh-dao",
      "release.publish:lanh-dao",
      "release.create:lanh-dao",
      "release.publish:lanh-dao",
      "release.activate:system",
    ]);
  });

  it("rollback needs a reason and a release that was live before; the old one is live again", async () => {
    const db = await province(testDb);
    const hoaAn = await unit(db, HOA_AN);
    await createAndPublish(db, { unit: hoaAn, actor: "lanh-dao", note: "" });
    await changeProvinceProcedure(db, "2.000815", (p) => ({ ...p, name: "Tên tạm" }));
    await createAndPublish(db, { unit: hoaAn, actor: "lanh-dao", note: "" });
    expect(await rollbackRelease(db, { unit: HOA_AN, number: 1, actor: "lanh-dao", reason: " " })).toEqual({ ok: false, message: "Hãy ghi lý do quay lại bản niêm yết cũ." });
    expect(await rollbackRelease(db, { unit: HOA_AN, number: 2, actor: "lanh-dao", reason: "x" })).toEqual({ ok: false, message: "Bản niêm yết số 2 đang được niêm yết." });
    expect(await rollbackRelease(db, { unit: HOA_AN, number: 1, actor: "lanh-dao", reason: "Sai tên" })).toMatchObject({ ok: true, release: { number: 1, status: "live" } });
    const view = await getPublishedProcedure((await liveCatalog(db, HOA_AN))!, { code: "2.000815", today: TODAY });
    expect(view && "procedure" in view && view.procedure.name).not.toBe("Tên tạm");
    expect((await getRelease(db, HOA_AN, 2))!.status).toBe("superseded");
  });
});
