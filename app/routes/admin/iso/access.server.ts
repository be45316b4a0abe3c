import { isIsoKind, loadIsoDocument, type IsoKind } from "~/documents/iso/load.server";
import type { IsoDocument } from "~/documents/iso/iso-document.server";
import { REVISION_PARAM } from "~/documents/iso/shared";
import { can } from "~/domain/permissions";
import { requireWorkspace, type Workspace } from "~/utils/workspace.server";

/**
 * The ISO document a request asks for, for the unit acted in (ISO 9001 §7.5): anyone who reads the catalog sees
 * the issue in force and the drafts; an issue no longer in force is for those who audit (it is marked HẾT HIỆU
 * LỰC), so an officer is never handed an obsolete procedure by mistake.
 */
export async function requireIsoDocument(
  request: Request,
  params: { kind?: string; key?: string },
): Promise<{ workspace: Workspace; kind: IsoKind; key: string; doc: IsoDocument; canAudit: boolean }> {
  const workspace = await requireWorkspace(request, "catalog:read");
  const kind = params.kind ?? "";
  const key = params.key ?? "";
  if (!isIsoKind(kind)) throw new Response("Chỉ quy trình nội bộ và chính sách chất lượng có tài liệu ISO", { status: 404 });
  const raw = new URL(request.url).searchParams.get(REVISION_PARAM);
  const revision = raw === null || raw === "" ? undefined : Number(raw);
  if (revision !== undefined && !(Number.isInteger(revision) && revision >= 1)) throw new Response("Số phiên bản không hợp lệ", { status: 400 });
  const doc = await loadIsoDocument(workspace.db, { unit: workspace.unit, kind, key, revision });
  if (!doc) throw new Response(revision === undefined ? "Không tìm thấy tài liệu" : `Không tìm thấy tài liệu hoặc phiên bản số ${revision} của tài liệu`, { status: 404 });
  const canAudit = can(workspace.user.roles, "audit:read");
  if (doc.mark === "superseded" && !canAudit) {
    throw new Response("Lần ban hành này đã hết hiệu lực; chỉ người kiểm tra, đánh giá mới xem được. Hãy dùng lần ban hành đang hiệu lực.", { status: 403 });
  }
  return { workspace, kind, key, doc, canAudit };
}
