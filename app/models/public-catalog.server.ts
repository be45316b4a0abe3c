import type { CustomField } from "~/domain/custom-fields";
import type { DocumentKind } from "~/domain/kinds";
import type { DB } from "~/utils/db.server";
import { withLastDays, type Version } from "./versions.server";
import type { ProcedureFacts } from "./release.server";

/**
 * What public pages read: one release of one commune (app/models/release.server.ts), never the working catalog.
 * A release never changes, so what is read from it is kept in memory (bounded) and shared by every request for
 * it: the lists' rows (no body) per kind, and parsed bodies by document.
 */

export interface ReleasedSummary {
  /** The unit whose document it is (the commune, or its province). */
  unit: string;
  kind: DocumentKind;
  key: string;
  title: string;
  fieldCode: string | null;
  revision: number;
  approvedAt: string;
  retiredFrom: string | null;
  /** 0 for a province procedure the commune does not list. */
  listed: boolean;
  /** The release number in which its content last changed. */
  changedIn: number;
  facts: Partial<ProcedureFacts>;
}

export interface ReleasedDocument<T = Record<string, unknown>> extends ReleasedSummary {
  body: T;
}

export interface ReleaseInfo {
  unit: string;
  number: number;
  /** When it became live (for a preview: its effective time). */
  liveSince: string;
  effectiveAt: string;
  /** When it was built: with the number, names it (a cancelled draft's number is given again). */
  createdAt: string;
  /** A draft or scheduled release shown to staff before it goes live. */
  preview: boolean;
}

const SUMMARY_CACHE_MAX = 64;
const BODY_CACHE_MAX = 4_000;

/** Insertion-ordered map used as a least-recently-used cache. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V) {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string) {
    this.map.delete(key);
  }
}

const summaries = new Lru<Promise<ReleasedSummary[]>>(SUMMARY_CACHE_MAX);
const bodies = new Lru<unknown>(BODY_CACHE_MAX);
const memos = new Lru<Promise<unknown>>(SUMMARY_CACHE_MAX);

type Row = {
  owner_unit: string;
  kind: string;
  key: string;
  title: string;
  field_code: string | null;
  revision: number;
  approved_at: string;
  retired_from: string | null;
  listed: number;
  changed_in: number;
  facts: string;
};

const toSummary = (r: Row): ReleasedSummary => ({
  unit: r.owner_unit,
  kind: r.kind as DocumentKind,
  key: r.key,
  title: r.title,
  fieldCode: r.field_code,
  revision: r.revision,
  approvedAt: r.approved_at,
  retiredFrom: r.retired_from,
  listed: r.listed === 1,
  changedIn: r.changed_in,
  facts: JSON.parse(r.facts) as Partial<ProcedureFacts>,
});

const SUMMARY_COLUMNS = ["owner_unit", "kind", "key", "title", "field_code", "revision", "approved_at", "retired_from", "listed", "changed_in", "facts"] as const;

export class PublicCatalog {
  private readonly id: string;
  constructor(
    private readonly db: DB,
    readonly release: ReleaseInfo,
  ) {
    this.id = `${release.unit}/${release.number}/${release.createdAt}`;
  }

  /** Every document of a kind in the release (current revisions), without bodies, in key order. */
  all(kind: DocumentKind): Promise<ReleasedSummary[]> {
    const id = `${this.id}/${kind}`;
    let found = summaries.get(id);
    if (!found) {
      found = this.db
        .selectFrom("release_documents")
        .select(SUMMARY_COLUMNS)
        .where("unit_code", "=", this.release.unit)
        .where("number", "=", this.release.number)
        .where("kind", "=", kind)
        .where("is_current", "=", 1)
        .orderBy("key")
        .execute()
        .then((rows) => rows.map(toSummary));
      found.catch(() => summaries.delete(id));
      summaries.set(id, found);
    }
    return found;
  }

  /** The documents of a kind in force on `today` (retired ones left out), without bodies. */
  async inForce(kind: DocumentKind, today: string): Promise<ReleasedSummary[]> {
    return (await this.all(kind)).filter((d) => d.retiredFrom === null || d.retiredFrom > today);
  }

  /** One document's summary (also when retired), or null. */
  async summary(kind: DocumentKind, key: string): Promise<ReleasedSummary | null> {
    return (await this.all(kind)).find((d) => d.key === key) ?? null;
  }

  /** A revision's body as released (the current one unless `revision` names another kept version). */
  async body<T>(kind: DocumentKind, key: string, revision?: number): Promise<T | null> {
    const summary = await this.summary(kind, key);
    if (!summary) return null;
    const wanted = revision ?? summary.revision;
    const id = `${this.id}/${kind}/${key}/${wanted}`;
    const cached = bodies.get(id);
    if (cached !== undefined) return cached as T;
    const row = await this.db
      .selectFrom("release_documents")
      .select("body")
      .where("unit_code", "=", this.release.unit)
      .where("number", "=", this.release.number)
      .where("kind", "=", kind)
      .where("key", "=", key)
      .where("revision", "=", wanted)
      .executeTakeFirst();
    if (!row) return null;
    const body = JSON.parse(row.body) as T;
    bodies.set(id, body);
    return body;
  }

  /** A document with its body (also when retired: see `retiredFrom`), or null. */
  async get<T>(kind: DocumentKind, key: string): Promise<ReleasedDocument<T> | null> {
    const summary = await this.summary(kind, key);
    if (!summary) return null;
    const body = await this.body<T>(kind, key);
    return body === null ? null : { ...summary, body };
  }

  /** The documents of a kind in force on `today` (all, or those with `keys`), with their bodies. */
  async many<T>(kind: DocumentKind, today: string, keys?: readonly string[]): Promise<ReleasedDocument<T>[]> {
    const wanted = keys ? new Set(keys) : null;
    const found = (await this.inForce(kind, today)).filter((d) => !wanted || wanted.has(d.key));
    return Promise.all(found.map(async (d) => ({ ...d, body: (await this.body<T>(kind, d.key))! })));
  }

  /** The approved versions a released form keeps (a page shows the one that applies on the day). */
  async versions(kind: DocumentKind, key: string): Promise<Version[]> {
    const rows = await this.db
      .selectFrom("release_documents")
      .select(["revision", "approved_at", "effective_from"])
      .where("unit_code", "=", this.release.unit)
      .where("number", "=", this.release.number)
      .where("kind", "=", kind)
      .where("key", "=", key)
      .orderBy("revision")
      .execute();
    // The snapshot stores each version's first day (app/models/release.server.ts).
    return withLastDays(rows.map((r) => ({ revision: r.revision, approvedAt: r.approved_at, from: r.effective_from ?? r.approved_at.slice(0, 10), until: null })));
  }

  /** A value computed once from the release (per `key`, e.g. a list for a day) and shared by every request. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const id = `${this.id}/memo/${key}`;
    let found = memos.get(id) as Promise<T> | undefined;
    if (!found) {
      found = compute();
      found.catch(() => memos.delete(id));
      memos.set(id, found);
    }
    return found;
  }

  /** The public custom fields of a kind as the release shows them. */
  async customFields(kind: "procedure" | "organization"): Promise<CustomField[]> {
    const all = await this.memo("custom-fields", () =>
      this.db
        .selectFrom("releases")
        .select("custom_fields")
        .where("unit_code", "=", this.release.unit)
        .where("number", "=", this.release.number)
        .executeTakeFirstOrThrow()
        .then((r) => JSON.parse(r.custom_fields) as Record<string, CustomField[]>),
    );
    return all[kind] ?? [];
  }
}
