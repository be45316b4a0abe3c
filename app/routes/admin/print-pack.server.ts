import { printPackOf, type PrintPack } from "~/documents/print-pack.server";
import { getRelease, type Release } from "~/models/release.server";
import { requireWorkspace } from "~/utils/workspace.server";

/**
 * The print pack of release `:number` of the commune acted in, for the pages under /admin/releases/<n>/ban-in.
 * Any staff of the commune may print (catalog:read): posting the listing is the desk's daily work, and a draft's
 * pack says on every page that it is not yet published.
 */
export async function requirePrintPack(request: Request, params: { number?: string }): Promise<{ pack: PrintPack; release: Release; unitCode: string }> {
  const { unit, db } = await requireWorkspace(request, "catalog:read");
  if (unit.level !== "commune") throw new Response("Bản niêm yết thuộc từng xã, phường: hãy chọn xã, phường làm việc.", { status: 404 });
  const number = /^\d{1,9}$/.test(params.number ?? "") ? Number(params.number) : NaN;
  const release = Number.isSafeInteger(number) ? await getRelease(db, unit.code, number) : null;
  if (!release) throw new Response("Không tìm thấy bản niêm yết", { status: 404 });
  const pack = await printPackOf(db, { unit, release, origin: new URL(request.url).origin });
  return { pack, release, unitCode: unit.code };
}
