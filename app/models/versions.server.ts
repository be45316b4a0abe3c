import { todayInVietnam } from "~/domain/format";
import type { DocumentKind } from "~/domain/kinds";
import type { DB } from "~/utils/db.server";

/**
 * The approved versions of a document and the dates they apply on (a form used by procedures changes only through
 * a new version with an effective date; the old one stays viewable and printable). A version applies from its
 * effective date, or from the day it was approved, until the next version applies.
 */

export interface Version {
  revision: number;
  approvedAt: string;
  /** YYYY-MM-DD, Vietnam time. */
  from: string;
  /** The last day it applies (the day before the next version's), or null while it is the newest. */
  until: string | null;
}

const dayBefore = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

export async function approvedVersions(db: DB, ref: { kind: DocumentKind; key: string }): Promise<Version[]> {
  const rows = await db
    .selectFrom("revisions")
    .select(["revision", "approved_at", "created_at", "effective_from"])
    .where("kind", "=", ref.kind)
    .where("key", "=", ref.key)
    .where("approved_at", "is not", null)
    .orderBy("revision")
    .execute();
  const versions = rows.map((r) => ({
    revision: r.revision,
    approvedAt: r.approved_at ?? r.created_at,
    from: r.effective_from ?? todayInVietnam(new Date(r.approved_at ?? r.created_at)),
    until: null as string | null,
  }));
  return withLastDays(versions);
}

/** Sets each version's last day: the day before the next one applies (the newest has none). */
export function withLastDays(versions: Version[]): Version[] {
  for (let i = 0; i < versions.length - 1; i++) versions[i].until = dayBefore(versions[i + 1].from);
  return versions;
}

/** The version that applies on `date`, if any. */
export function versionOn(versions: readonly Version[], date: string): Version | null {
  let found: Version | null = null;
  for (const v of versions) if (v.from <= date) found = v;
  return found;
}
