import type { PublicCatalog } from "~/models/public-catalog.server";
import { createAndPublish, liveCatalog } from "~/models/release.server";
import { getUnit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { TEST_UNIT } from "./db";

/**
 * Publishes the unit's documents in force as its next release, through the real release model (what an approver
 * does in the admin), and returns what the public pages then read.
 */
export async function publishedCatalog(db: DB, unitCode = TEST_UNIT): Promise<PublicCatalog> {
  const unit = await getUnit(db, unitCode);
  if (!unit) throw new Error(`no unit ${unitCode}`);
  const published = await createAndPublish(db, { unit, actor: "test", note: "Bản niêm yết của kiểm thử" });
  if (!published.ok) throw new Error(published.message);
  const catalog = await liveCatalog(db, unit.code);
  if (!catalog) throw new Error("no live release");
  return catalog;
}
