import type { ActionFunctionArgs } from "@remix-run/node";
import type { MdxPreview } from "~/components/editor/MdxWidget";
import { formatNumber } from "~/domain/format";
import { requireUser } from "~/utils/auth.server";
import { checkMdx, renderMdx } from "~/utils/mdx.server";
import { getCommonSchema } from "~/utils/schemas.server";

/** The longest MDX text a schema allows (common.schema.json#/definitions/mdx), read from the schema itself. */
const mdxMaxChars = () => Number((getCommonSchema().definitions?.mdx as { maxLength?: number } | undefined)?.maxLength ?? 0);

// A resource route: a plain JSON response keeps its status (data() here would answer 200 whatever it says).
const answer = (preview: MdxPreview, status: number) => Response.json(preview, { status, headers: { "Cache-Control": "no-store" } });

/** POST /admin/mdx-preview: the editor's MDX preview, rendered by the one safe compiler; nothing is stored. */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, "catalog:edit");
  const source = String((await request.formData()).get("source") ?? "");
  if (Array.from(source).length > mdxMaxChars()) {
    return answer({ ok: false, issues: [`Nội dung không được dài quá ${formatNumber(mdxMaxChars())} ký tự`] }, 400);
  }
  const issues = checkMdx(source);
  if (issues.length > 0) return answer({ ok: false, issues: issues.map((i) => i.message) }, 400);
  return answer({ ok: true, html: renderMdx(source) }, 200);
}
