import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import {
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type SqliteDialectConfig,
  type Generated,
  type Insertable,
  type Selectable,
  type Updateable,
} from "kysely";
import pg from "pg";
import { migrationProvider } from "../../migrations/index.ts";

/**
 * The one module that knows which database engine runs: the embedded SQLite file (the default) or PostgreSQL
 * (`DATABASE_URL=postgres://…`). Everything else talks to `Kysely<Database>` with portable queries; the few
 * engine differences live here (docs/decisions/009-postgresql.md).
 */

import type { WorkflowStatus } from "~/domain/workflow";
export type { WorkflowStatus };

export interface UnitsTable {
  /** Official unit code: 2 digits for a province, 5 for a commune (ward, special zone). */
  code: string;
  name: string;
  level: "province" | "commune";
  /** A commune's province; null for a province. */
  parent_code: string | null;
  /** A host name mapped to this commune's public pages, if the deployment maps one. */
  host_name: string | null;
  /** 1: the commune today's short public URLs show (at most one). */
  is_default: number;
  /** Retired (merged, dissolved) from this date (YYYY-MM-DD); its history is kept. */
  retired_from: string | null;
  retire_reason: string | null;
  created_at: string;
  updated_at: string;
  /** The number of the release its public pages read (docs/decisions/013-releases.md); null before the first. */
  live_release: number | null;
  /** When the scheduled release goes live (ISO time), or null when none is scheduled. */
  next_release_at: string | null;
}

export interface DocumentsTable {
  /** The unit the document belongs to (a province's catalog, or a commune's own documents). */
  unit_code: string;
  kind: string;
  key: string;
  title: string;
  field_code: string | null;
  status: WorkflowStatus;
  current_revision: number;
  /** JSON text of the current revision's document. */
  body: string;
  body_hash: string;
  /** Key and title folded for search (app/domain/search.ts); written on every save. */
  search_text: Generated<string>;
  /** Facets lists filter on, space-padded: " level:commune has:process " (KindInfo.listTags). */
  list_tags: Generated<string>;
  created_at: string;
  updated_at: string;
  /** The approved revision in force (public pages and exports read it), and its list columns; null before approval. */
  in_force_revision: number | null;
  in_force_title: string | null;
  in_force_field_code: string | null;
  in_force_list_tags: string | null;
  /** Retirement: the date from which the document no longer applies (YYYY-MM-DD), and why. */
  retired_from: string | null;
  retire_reason: string | null;
}

export interface RevisionsTable {
  unit_code: string;
  kind: string;
  key: string;
  revision: number;
  status: WorkflowStatus;
  body: string;
  body_hash: string;
  author: string;
  note: string;
  created_at: string;
  /** Set when the revision was approved: by whom, when, under which rule (APPROVAL_RULES). */
  approved_by: string | null;
  approved_at: string | null;
  approval_rule: string | null;
  /** The date an approved version applies from (YYYY-MM-DD), when approved with one; else from its approval. */
  effective_from: string | null;
}

import type { Role } from "~/domain/permissions";
export type { Role };

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  /** The unit the account belongs to and acts in (a province's also acts in its communes); null: the whole deployment. */
  unit_code: string | null;
  password_hash: string;
  /** 1 = active, 0 = deactivated (users are never deleted: history keeps their names). */
  is_active: number;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface UserRolesTable {
  user_id: string;
  role: Role;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  client_address: string | null;
}

export interface LoginFailuresTable {
  id: string;
  subject: string;
  failed_at: string;
}

export interface AuditLogTable {
  seq: number;
  /** The unit the entry belongs to; null for deployment-wide entries (and entries written before units). */
  unit_code: string | null;
  at: string;
  actor: string | null;
  action: string;
  doc_kind: string | null;
  doc_key: string | null;
  doc_revision: number | null;
  summary: string;
  client_address: string | null;
  prev_hash: string;
  hash: string;
}

export interface CustomFieldListsTable {
  kind: string;
  version: number;
  /** JSON text of the list document ({"fields": [...]}, schemas/custom-fields.schema.json). */
  body: string;
  author: string;
  note: string;
  created_at: string;
}

export interface DocumentCommentsTable {
  id: string;
  /** Increasing in the order entries were written (timestamps may tie). */
  seq: number;
  /** The unit the comment was written in (a commune's thread on a province document is its own). */
  unit_code: string | null;
  kind: string;
  key: string;
  revision: number;
  /** The workflow step the text went with (app/domain/workflow.ts), or "comment". */
  action: string;
  author: string;
  text: string;
  created_at: string;
}

export interface SettingsTable {
  name: string;
  value: string;
  updated_by: string;
  updated_at: string;
}

export type ReleaseStatus = "draft" | "scheduled" | "live" | "superseded";

export interface ReleasesTable {
  unit_code: string;
  number: number;
  status: ReleaseStatus;
  /** When it goes (or went) live: ISO time. */
  effective_at: string;
  note: string;
  created_by: string;
  created_at: string;
  published_by: string | null;
  published_at: string | null;
  /** When it last became live. */
  live_since: string | null;
  /** The release live when it was built, its change log's "before". */
  base_number: number | null;
  document_count: number;
  procedure_count: number;
  content_hash: string;
  /** JSON text: the change log (app/domain/release-changes.ts). */
  change_log: string;
  /** JSON text: the public custom fields of each kind, as the release shows them. */
  custom_fields: string;
}

export interface ReleaseDocumentsTable {
  unit_code: string;
  number: number;
  kind: string;
  key: string;
  revision: number;
  /** 1: the revision in force; 0: another approved version kept for its page (forms). */
  is_current: number;
  /** The unit whose document it is (the commune, or its province). */
  owner_unit: string;
  title: string;
  field_code: string | null;
  /** 0: a province procedure the commune does not list (its page says why). */
  listed: number;
  /** JSON text: what lists and filters read without the body (app/models/release.server.ts). */
  facts: string;
  approved_at: string;
  effective_from: string | null;
  retired_from: string | null;
  /** The release number in which this document's content last changed. */
  changed_in: number;
  body_hash: string;
  body: string;
}

/** Uploaded files awaiting the officer's confirmation of the import preview (app/imports/pending.server.ts). */
export interface PendingImportsTable {
  unit_code: string;
  username: string;
  /** "portal" (national-portal records) or "sheet" (a province's spreadsheet list). */
  source: string;
  created_at: string;
  /** JSON text: [{ name, sha256, base64 }]. */
  files: string;
  /** JSON text: the import's options (e.g. the sheet's column mapping). */
  options: string;
  /** sha256 of the preview the officer saw: the confirmation imports only that same plan. */
  fingerprint: string;
}

export interface Database {
  units: UnitsTable;
  documents: DocumentsTable;
  revisions: RevisionsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  custom_field_lists: CustomFieldListsTable;
  document_comments: DocumentCommentsTable;
  settings: SettingsTable;
  releases: ReleasesTable;
  pending_imports: PendingImportsTable;
  release_documents: ReleaseDocumentsTable;
}

export type DocumentRow = Selectable<DocumentsTable>;
export type NewDocumentRow = Insertable<DocumentsTable>;
export type DocumentUpdate = Updateable<DocumentsTable>;
export type RevisionRow = Selectable<RevisionsTable>;
export type NewRevisionRow = Insertable<RevisionsTable>;

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_URL = "data/niemyet.sqlite";

/**
 * `DATABASE_URL`: a `postgres://` (or `postgresql://`) URL for PostgreSQL, else a file path (or `:memory:`) for
 * the embedded SQLite database.
 */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL?.trim();
  if (!url) return DEFAULT_DATABASE_URL;
  return url.startsWith("file:") ? url.slice("file:".length) : url;
}

export type Engine = "sqlite" | "postgres";

export function engineOfUrl(url: string): Engine {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}

/** The engine behind a database handle (or a transaction on it). */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/** A URL safe to print: the password is replaced by `***`. */
export function redactDatabaseUrl(url: string): string {
  if (engineOfUrl(url) === "sqlite") return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

/**
 * Creates the database's folder. The nearest existing ancestor is checked first, so a parent that is a regular
 * file gives a clear error without calling recursive mkdir, which has hung on Node 20 for odd paths (/proc); the
 * health-check test with such a path hung now and then in full test runs (the suspected cause).
 */
function ensureDirectory(dir: string): void {
  let probe = dir;
  while (!existsSync(probe)) {
    const parent = dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  if (existsSync(probe) && !statSync(probe).isDirectory()) {
    throw new Error(`Không tạo được thư mục cho cơ sở dữ liệu: ${probe} là một tệp, không phải thư mục`);
  }
  mkdirSync(dir, { recursive: true });
}

// PostgreSQL's bigint (count(*), sums) arrives as a string by default; every such value here is a count far below
// 2^53, so it is read as a number on both engines.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface OpenOptions {
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /** SQLite: open the file read-only and leave it exactly as it is (a backup being checked). */
  readonly?: boolean;
}

export function openDatabase(url: string = databaseUrlFromEnv(), options: OpenOptions = {}): DB {
  if (engineOfUrl(url) === "postgres") {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle connection the server drops (restart, network) must not crash the process; the next query reconnects.
    pool.on("error", (error) => console.error(`[db] PostgreSQL connection lost: ${error.message}`));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  if (options.readonly) {
    const sqlite = new SQLite(url, { readonly: true, fileMustExist: true });
    return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  }
  if (url !== ":memory:") ensureDirectory(dirname(url));
  const sqlite = new SQLite(url);
  // DATABASE_MAX_MB caps the embedded database (it must not fill a disk it shares): past it a write fails with
  // SQLITE_FULL, its transaction is rolled back, and the page says the database is full (db-trouble.server.ts).
  const maxMb = Number(process.env.DATABASE_MAX_MB ?? "");
  if (maxMb > 0) sqlite.pragma(`max_page_count = ${Math.max(1, Math.floor((maxMb * 1024 * 1024) / Number(sqlite.pragma("page_size", { simple: true }))))}`);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Statements prepared once per SQL text (the most recent STATEMENT_CACHE_MAX kept): preparing is most of a small
 * query's cost in better-sqlite3, and the public pages' cache asks one small query a request. A statement is
 * reused only once its previous run has finished (Kysely runs them with all()/run(), never left iterating);
 * SQLite re-prepares a statement itself when the schema changed under it.
 */
const STATEMENT_CACHE_MAX = 500;
function withStatementCache(sqlite: SQLite.Database): SqliteDialectConfig["database"] {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement) {
        statements.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (statements.size >= STATEMENT_CACHE_MAX) statements.delete(statements.keys().next().value!);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

/**
 * SQLite transactions begin IMMEDIATE: a transaction takes the database's one write lock at its first statement
 * (waiting up to busy_timeout for another process to finish), so what it read stays true until it commits. With
 * the default deferred `begin`, a transaction that read before another process wrote fails with SQLITE_BUSY
 * when it then writes, without waiting: a server process and the CLI, or two processes, would see errors where
 * PostgreSQL waits.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
  /**
   * After some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…) SQLite has already rolled the transaction back by
   * itself; the ROLLBACK that follows would fail and hide the error that matters (a full disk) behind "no
   * transaction is active".
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw("rollback"));
    } catch (error) {
      if (!/no transaction is active/.test((error as Error)?.message ?? "")) throw error;
    }
  }
}

/**
 * SQLite's DDL is transactional, but Kysely's SQLite adapter says it is not, so its Migrator would run each
 * statement of a migration on its own: a crash (kill -9, power cut) in the middle of one — the units migration
 * rebuilds the documents table — left a half-changed schema that no later `migrate` could finish. With this, all
 * pending migrations run in one transaction, as on PostgreSQL: a crash leaves the database as it was before.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * Serialises writers of a chain (the audit log, comment numbers) across processes: on PostgreSQL a transaction
 * advisory lock, held until the transaction ends; on SQLite nothing more is needed, since every transaction
 * already holds the database's one write lock (ImmediateSqliteDialect). Call inside the writing transaction.
 */
export async function lockForAppend(db: Kysely<any>, name: string): Promise<void> {
  if (engineOf(db) === "postgres") await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(db);
}

/** Runs `fn` in a transaction: the caller's, when `db` already is one (Kysely does not nest them), else a new one. */
export function inTransaction<T>(db: DB, fn: (trx: DB) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "?";
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** The migrations of this build that have not run on `db` yet (none: the schema is current). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

export async function migrateDown(db: Kysely<any>): Promise<string | null> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateDown();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results?.[0]?.migrationName ?? null;
}

let shared: DB | undefined;

/** The server's database, opened once per process. Migrations are run by `npm start` before serving. */
export function getDb(): DB {
  shared ??= openDatabase();
  return shared;
}
