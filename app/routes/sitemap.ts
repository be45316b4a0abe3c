import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/domain/format";
import { listListedProcedures } from "~/models/procedure.server";
import { getDb } from "~/utils/db.server";
import { listPublicCommunes, publicUnitOf } from "~/utils/workspace.server";
import { escapeXml } from "~/utils/xml";

/**
 * `sitemap.xml` for search engines: the commune's home, its list, its code of conduct and quality policy when it
 * has them, and each procedure it lists (last modified: when
 * its revision in force was approved). A portal showing no one commune (several communes, no default, no host
 * name) answers a sitemap index of each commune's `/xa/<code>/sitemap.xml`, so no file nears the 50.000-URL limit.
 */

const xml = (body: string) =>
  new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  const shown = await publicUnitOf(request, params);
  if (!shown || !shown.catalog) {
    const communes = await listPublicCommunes(getDb());
    const entries = communes.map((c) => `  <sitemap><loc>${escapeXml(`${origin}/xa/${c.code}/sitemap.xml`)}</loc></sitemap>`);
    return xml(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</sitemapindex>`);
  }
  const today = todayInVietnam();
  const [procedures, codes, quality, processes] = await Promise.all([
    listListedProcedures(shown.catalog, { today }),
    shown.catalog.inForce("code-of-conduct", today),
    shown.catalog.inForce("quality", today),
    shown.catalog.inForce("process", today),
  ]);
  const url = (path: string, lastmod?: string) =>
    `  <url><loc>${escapeXml(`${origin}${shown.base}${path}`)}</loc>${lastmod ? `<lastmod>${lastmod.slice(0, 10)}</lastmod>` : ""}</url>`;
  const entries = [
    url("/"),
    url("/thu-tuc"),
    url("/thay-doi"),
    ...(codes.length > 0 ? [url("/quy-tac-ung-xu")] : []),
    ...(quality.length > 0 ? [url("/chinh-sach-chat-luong")] : []),
    ...procedures.map((p) => url(`/thu-tuc/${p.key}`, p.approvedAt)),
    ...processes.map((p) => url(`/quy-trinh/${p.key}`, p.approvedAt)),
  ];
  return xml(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</urlset>`);
}
