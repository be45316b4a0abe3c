import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./db";

/** The person the seeded catalog names for QT-HT-01's first step in Hòa An: not one of the commune's departments. */
export const UNKNOWN_RESPONSIBLE = "Ông Nguyễn Văn A";

/**
 * A copy of the sample catalog (catalog/) with one consistency error seeded: Hòa An's override of QT-HT-01 names
 * someone the commune does not list as responsible for the first step. Returns the copy's folder.
 */
export function catalogWithUnknownResponsible(): string {
  const dir = join(tempDir(), "catalog");
  cpSync("catalog", dir, { recursive: true });
  const file = join(dir, "communes/00000/local-overrides/process.QT-HT-01.json");
  const override = JSON.parse(readFileSync(file, "utf8"));
  override.values[0].value = UNKNOWN_RESPONSIBLE;
  writeFileSync(file, JSON.stringify(override, null, 2));
  return dir;
}
