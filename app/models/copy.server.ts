import { sql } from "kysely";
import { migrations } from "../../migrations/index.ts";
import { verifyAuditChain, type ChainCheck } from "./audit.server";
import { engineOf, migrateToLatest, type Database, type DB } from "~/utils/db.server";

/**
 * `npm run cli -- copy-db <from> <to>`: moves a deployment from one database to another (SQLite → PostgreSQL, or
 * back), every row of every table, in one transaction on the target. The target must be empty: it is brought
 * to the same migrations as the source first, so both have the same columns, and nothing is copied into a
 * database that already holds data. Sessions and sign-in failures are not copied: they belong to the server
 * that issued them, and everyone signs in again on the new one.
 */

/**
 * Every table, parents before children (foreign keys), and the columns rows are copied in order of (deterministic
 * copies); `-column` sorts descending.
 */
export const COPIED_TABLES: { [T in keyof Database]?: { orderBy: string[] } } = {
  // Provinces before the communes that name them ("province" sorts after "commune"), then everything naming a unit.
  units: { orderBy: ["-level", "code"] },
  users: { orderBy: ["id"] },
  user_roles: { orderBy: ["user_id", "role"] },
  documents: { orderBy: ["unit_code", "kind", "key"] },
  revisions: { orderBy: ["unit_code", "kind", "key", "revision"] },
  document_comments: { orderBy: ["seq"] },
  custom_field_lists: { orderBy: ["kind", "version"] },
  settings: { orderBy: ["name"] },
  releases: { orderBy: ["unit_code", "number"] },
  release_documents: { orderBy: ["unit_code", "number", "kind", "key", "revision"] },
  audit_log: { orderBy: ["seq"] },
};

/** Every row of a copied table, in copy order (page it with limit/offset). */
export function rowsInCopyOrder(db: DB, table: keyof typeof COPIED_TABLES) {
  let query = db.selectFrom(table).selectAll();
  for (const column of COPIED_TABLES[table]!.orderBy) {
    query = column.startsWith("-") ? query.orderBy(sql.ref(column.slice(1)), "desc") : query.orderBy(sql.ref(column));
  }
  return query;
}

/** Tables deliberately left behind (see above). */
export const NOT_COPIED_TABLES: readonly (keyof Database)[] = ["sessions", "login_failures", "pending_imports"];

const BATCH = 500;

export interface CopyReport {
  tables: { name: string; rows: number }[];
  audit: ChainCheck;
}

export class CopyRefused extends Error {}

async function appliedMigrations(db: DB): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === "kysely_migration")) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

export async function copyDatabase(from: DB, to: DB, progress: (message: string) => void = () => {}): Promise<CopyReport> {
  const sourceMigrations = await appliedMigrations(from);
  const known = Object.keys(migrations);
  if (sourceMigrations.length === 0) throw new CopyRefused("Cơ sở dữ liệu nguồn chưa có bảng nào (chưa chạy migration): không có gì để chép.");
  if (sourceMigrations.join() !== known.slice(0, sourceMigrations.length).join() || sourceMigrations.length !== known.length) {
    throw new CopyRefused(
      `Cơ sở dữ liệu nguồn chưa ở phiên bản mới nhất (${sourceMigrations.length}/${known.length} migration): chạy «npm run cli -- migrate» trên nguồn trước.`,
    );
  }
  await migrateToLatest(to);
  for (const table of Object.keys(COPIED_TABLES) as (keyof Database)[]) {
    const row = await to
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    if (Number(row.n) > 0) throw new CopyRefused(`Cơ sở dữ liệu đích đã có dữ liệu (bảng ${table}): chỉ chép vào một cơ sở dữ liệu trống.`);
  }
  const report: CopyReport["tables"] = [];
  await to.transaction().execute(async (trx) => {
    for (const table of Object.keys(COPIED_TABLES) as (keyof Database)[]) {
      let copied = 0;
      for (let offset = 0; ; offset += BATCH) {
        const rows = (await rowsInCopyOrder(from, table).limit(BATCH).offset(offset).execute()) as Record<string, unknown>[];
        if (rows.length === 0) break;
        await trx
          .insertInto(table)
          .values(rows as never)
          .execute();
        copied += rows.length;
        if (rows.length < BATCH) break;
      }
      report.push({ name: table, rows: copied });
      progress(`${table}: ${copied} dòng`);
    }
  });
  // Counts must match table by table, and the copied audit chain must verify end to end.
  for (const { name, rows } of report) {
    const row = await from
      .selectFrom(name as keyof Database)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    if (Number(row.n) !== rows) throw new Error(`Bảng ${name}: nguồn có ${row.n} dòng, đã chép ${rows} (nguồn thay đổi trong lúc chép?)`);
  }
  const audit = await verifyAuditChain(to);
  return { tables: report, audit };
}

export function engineLabel(db: DB): string {
  return engineOf(db) === "postgres" ? "PostgreSQL" : "SQLite";
}
