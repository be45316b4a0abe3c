import { afterEach, describe, expect, it } from "vitest";
import { importCatalog } from "~/catalog/import.server";
import { appendAudit, listAudit, verifyAuditChain } from "~/models/audit.server";
import { createSession, getSessionUser, recordLoginFailure, SESSION_TTL_MS, THROTTLE, throttleState } from "~/models/session.server";
import { createUser, setActive, setPassword } from "~/models/user.server";
import type { DB } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { createTestDb } from "./setup/db";

const actor = { name: "test" };

describe("accounts, sessions, throttling and the audit chain (real SQLite)", () => {
  let db: DB | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  it("hashes passwords with scrypt and verifies them; the hash never contains the password", async () => {
    const hash = await hashPassword("mật-khẩu-rất-dài");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain("mật-khẩu");
    expect(await verifyPassword("mật-khẩu-rất-dài", hash)).toBe(true);
    expect(await verifyPassword("mật-khẩu-rất-dài ", hash)).toBe(false);
    expect(await hashPassword("mật-khẩu-rất-dài")).not.toBe(hash);
  });

  it("sessions expire, and end when the password changes or the user is deactivated", async () => {
    ({ db } = await createTestDb({ inMemory: true }));
    const user = await createUser(db, { username: "bientap", password: "mat-khau-01234", roles: ["editor"], actor });
    const start = new Date("2026-11-22T01:00:00Z");
    const s1 = await createSession(db, { userId: user.id, clientAddress: "127.0.0.1", now: start });
    expect((await getSessionUser(db, s1.id, start))?.username).toBe("bientap");
    expect(await getSessionUser(db, s1.id, new Date(start.getTime() + SESSION_TTL_MS))).toBeNull();

    const s2 = await createSession(db, { userId: user.id, clientAddress: null });
    await setPassword(db, { userId: user.id, password: "mat-khau-moi-5678", actor });
    expect(await getSessionUser(db, s2.id)).toBeNull();

    const s3 = await createSession(db, { userId: user.id, clientAddress: null });
    await setActive(db, { userId: user.id, active: false, actor });
    expect(await getSessionUser(db, s3.id)).toBeNull();
  });

  it("locks an account after 5 failures from anywhere, an address only after 50, and lets other accounts of that address in", async () => {
    ({ db } = await createTestDb({ inMemory: true }));
    const t0 = new Date("2026-11-22T08:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    for (let i = 0; i < 4; i++) await recordLoginFailure(db, { username: "admin", clientAddress: "10.0.0.1", now: at(i * 60_000) });
    expect(await throttleState(db, { username: "admin", clientAddress: "10.0.0.9", now: at(5 * 60_000) })).toEqual({ retryAfter: 0, lockedBy: null });
    await recordLoginFailure(db, { username: "admin", clientAddress: "10.0.0.1", now: at(4 * 60_000) });
    // the account is locked from any address …
    expect(await throttleState(db, { username: "admin", clientAddress: "10.0.0.9", now: at(5 * 60_000) })).toEqual({ retryAfter: 10 * 60, lockedBy: "account" });
    // … but a colleague behind the same address is not
    expect((await throttleState(db, { username: "khac", clientAddress: "10.0.0.1", now: at(5 * 60_000) })).retryAfter).toBe(0);
    // once the oldest failure is 15 minutes old, one more try is allowed
    expect((await throttleState(db, { username: "admin", clientAddress: "10.0.0.9", now: at(THROTTLE.windowMs) })).retryAfter).toBe(0);

    // 50 failures from one address (the 5 above and 45 more, each for another name) lock it for every name,
    // until the oldest of them (minute 0) leaves the window
    for (let i = 0; i < THROTTLE.perAddress - 6; i++) {
      await recordLoginFailure(db, { username: `ai-do-${i}`, clientAddress: "10.0.0.1", now: at(6 * 60_000) });
    }
    expect(await throttleState(db, { username: "khac", clientAddress: "10.0.0.1", now: at(7 * 60_000) })).toEqual({ retryAfter: 0, lockedBy: null });
    await recordLoginFailure(db, { username: "ai-do-cuoi", clientAddress: "10.0.0.1", now: at(6 * 60_000) });
    expect(await throttleState(db, { username: "khac", clientAddress: "10.0.0.1", now: at(7 * 60_000) })).toEqual({ retryAfter: 8 * 60, lockedBy: "address" });
    expect((await throttleState(db, { username: "khac", clientAddress: "10.0.0.2", now: at(7 * 60_000) })).retryAfter).toBe(0);
  });

  it("keeps only the last 15 minutes of failures", async () => {
    ({ db } = await createTestDb({ inMemory: true }));
    const t0 = new Date("2026-11-22T08:00:00Z");
    for (let i = 0; i < 30; i++) {
      await recordLoginFailure(db, { username: `ten-${i}`, clientAddress: "10.0.0.1", now: new Date(t0.getTime() + i * 60_000) });
    }
    const rows = await db.selectFrom("login_failures").select(["failed_at"]).execute();
    // failures at minutes 15..29 remain (two rows each: the name and the address)
    expect(rows.length).toBe(15 * 2);
    expect(rows.every((r) => r.failed_at > new Date(t0.getTime() + 14 * 60_000).toISOString())).toBe(true);
  });

  it("chains every write into the audit log and detects an edited or deleted entry", async () => {
    ({ db } = await createTestDb({ inMemory: true }));
    const result = await importCatalog(db, { dir: "catalog", author: "setup" });
    if (!result.ok) throw new Error("import failed");
    await createUser(db, { username: "kiemtra", password: "mat-khau-01234", roles: ["auditor"], actor });
    await appendAudit(db, { actor: "kiemtra", action: "auth.sign_in", summary: "«kiemtra» đăng nhập" });
    const ok = await verifyAuditChain(db);
    // one entry per created document, one for the import as a whole, then the user and the sign-in
    expect(ok).toMatchObject({ ok: true, entries: result.created + 3 });
    expect(await listAudit(db, { action: "catalog.import" })).toMatchObject([{ actor: "setup" }]);

    const created = await listAudit(db, { action: "document.create", docKind: "procedure", docKey: "1.001193" });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor: "setup", doc_revision: 1 });

    await db.updateTable("audit_log").set({ summary: "sửa lén" }).where("seq", "=", 5).execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 5 });
  });

  it("cuts what a visitor typed to a fixed size before it enters the chain", async () => {
    ({ db } = await createTestDb({ inMemory: true }));
    const entry = await appendAudit(db, {
      actor: "a".repeat(10_000),
      action: "auth.sign_in_failed",
      summary: `Đăng nhập không thành công với tên «${"ư".repeat(1_000_000)}»`,
      clientAddress: "1".repeat(500),
      document: { kind: "procedure", key: "k".repeat(10_000) },
    });
    expect(Array.from(entry.summary)).toHaveLength(1000);
    expect(entry.summary.endsWith("…")).toBe(true);
    expect([entry.actor?.length, entry.client_address?.length, entry.doc_key?.length]).toEqual([80, 64, 120]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 1 });
  });

  it("filters the audit log by calendar days in Vietnam (UTC+7)", async () => {
    ({ db } = await createTestDb({ inMemory: true }));
    // 23:30 on 21/11 in Vietnam, then 00:30 and 23:30 on 22/11, then 00:30 on 23/11
    for (const at of ["2026-11-21T16:30:00Z", "2026-11-21T17:30:00Z", "2026-11-22T16:30:00Z", "2026-11-22T17:30:00Z"]) {
      await appendAudit(db, { actor: "a", action: "auth.sign_in", summary: at, now: new Date(at) });
    }
    const day = await listAudit(db, { from: "2026-11-22", to: "2026-11-22" });
    expect(day.map((r) => r.summary).sort()).toEqual(["2026-11-21T17:30:00Z", "2026-11-22T16:30:00Z"]);
  });

  it("detects a deleted entry in the middle of the chain", async () => {
    ({ db } = await createTestDb({ inMemory: true }));
    for (let i = 1; i <= 5; i++) await appendAudit(db, { actor: "a", action: "auth.sign_in", summary: `lần ${i}` });
    await db.deleteFrom("audit_log").where("seq", "=", 3).execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringContaining("thiếu mục số 3") });
  });
});
