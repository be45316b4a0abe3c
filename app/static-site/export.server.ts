import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, normalize, sep } from "node:path";
import MiniSearch from "minisearch";
import { CALENDAR_GLOBAL, type ProcedureCalculatorData } from "./client/calculator-data";
import { formatDate, todayInVietnam } from "~/domain/format";
import type { HolidayCalendar } from "~/generated";
import { getPublishedProcedure, listPublicProcedures } from "~/models/procedure.server";
import { liveCatalog } from "~/models/release.server";
import { getUnit, type Unit } from "~/models/unit.server";
import type { PublicCatalog } from "~/models/public-catalog.server";
import { getDb } from "~/utils/db.server";
import type { StaticSiteContext } from "./context";
import { fileOfPage, relativeLink, SEARCH_PAGE } from "./paths";
import { clientScript } from "./scripts.server";
import { INDEX_OPTIONS, SEARCH_DATA_GLOBAL, type SearchData, type SearchDocument } from "./search-index";
import { escapeXml as encodeAttribute } from "~/utils/xml";

/**
 * A commune's live release as a self-contained static site (`npm run cli -- export-site`, and the approvers'
 * download on /admin/releases): every public page rendered by the app itself (the same HTML and CSS as the live
 * pages) and saved as a file, its links made relative (./paths.ts), so the folder works from any sub-folder of a
 * portal and from `file://`. The pages are found by following the links of the home page, the list, the field
 * lists and the documents' pages, so every link of the site leads to a file of the site; a link that cannot
 * (an address the site does not hold) stops the export with its page named. Scripts: none, except the offline
 * search (tim-kiem.html) and the procedure pages' calculators, both built from the app's own code
 * (./scripts.server.ts). Files come out in a fixed order with fixed content: the same release exported on the
 * same day gives the same bytes (the day matters: fees and forms in force are those of the export day).
 */

/** The app's own request handler (Remix's), given the exporter's requests and load context. */
export type RenderPage = (request: Request, context: { cspNonce: string; clientAddress: null; staticSite: StaticSiteContext }) => Promise<Response>;

export interface SiteFile {
  path: string;
  bytes: Buffer;
}

export interface ExportProgress {
  /** Pages rendered so far, and the pages known so far (it grows as links are found). */
  pages: number;
  known: number;
}

/** A reason the export cannot go on, in Vietnamese for the officer (by name: the CLI meets the built app's copy of the class). */
export class SiteExportError extends Error {
  override name = "SiteExportError";
}

/** The site's manifest (written last): what it holds, for the next export to know what it wrote. */
export const MANIFEST_FILE = "niem-yet-site.json";

const ORIGIN = "http://niem-yet.export";
const CALENDAR_SCRIPT = "assets/lich-lam-viec.js";
/** build/client of the app (it runs from its checkout): where the pages' stylesheet and icon are read from. */
const CLIENT_DIR = () => join(process.cwd(), "build", "client");
const ASSET_ROOTS = ["/assets/", "/favicon.ico"];
const HTML_TAG = /<(a|link|form|img)\b[^>]*>/g;
const LINK_ATTRIBUTE = /\s(href|src|action)="([^"]*)"/g;
const SCRIPT = /<script\b(?![^>]*type="application\/ld\+json")[^>]*>[\s\S]*?<\/script>/g;
const MODULE_PRELOAD = /<link rel="modulepreload"[^>]*>/g;

const decodeAttribute = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" })[e] ?? "");
const jsonInScript = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The address where the site will be published: absolute http(s), kept without a trailing slash. */
export function siteUrlOf(input: string): { ok: true; url: string } | { ok: false; message: string } {
  const text = input.trim();
  let url: URL | null = null;
  try {
    url = text.length <= 500 ? new URL(text) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash || url.username || url.password)
    return { ok: false, message: "Địa chỉ đăng trang phải là một địa chỉ web đầy đủ, không quá 500 ký tự, ví dụ https://hoaan.hanoi.gov.vn/niem-yet" };
  return { ok: true, url: url.href.replace(/\/+$/, "") };
}

interface Page {
  /** The address on the app, relative to the commune's base: "/thu-tuc/1.001", with its query. */
  path: string;
  search: string;
  file: string;
}

/**
 * Builds the site and hands each file to `emit`, in a fixed order (pages in the order they are found, then the
 * data, the scripts, the assets, sitemap.xml, and the manifest last). Throws SiteExportError with a Vietnamese
 * message when the commune has no live release or a page cannot be exported.
 */
export async function exportSite(options: {
  unitCode: string;
  siteUrl: string;
  render: RenderPage;
  emit: (file: SiteFile) => Promise<void> | void;
  onProgress?: (progress: ExportProgress) => void;
  today?: string;
}): Promise<{ unit: Unit; release: number; files: number; pages: number; bytes: number }> {
  const db = getDb();
  const unit = await getUnit(db, options.unitCode);
  if (!unit || unit.level !== "commune") throw new SiteExportError(`Không có xã, phường mã «${options.unitCode}».`);
  const catalog = await liveCatalog(db, unit.code);
  if (!catalog) throw new SiteExportError(`${unit.name} chưa công bố bản niêm yết nào: chưa có gì để xuất.`);
  const today = options.today ?? todayInVietnam();
  const base = `/xa/${unit.code}`;
  const context = { cspNonce: "", clientAddress: null, staticSite: { siteUrl: options.siteUrl } };
  const listed = await listPublicProcedures(catalog, { today });
  const fieldNames = new Map((await catalog.inForce("field", today)).map((f) => [f.key, f.title]));

  const manifest: Record<string, string> = {};
  let bytes = 0;
  const emit = async (path: string, content: Buffer | string) => {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    manifest[path] = sha256(data);
    bytes += data.length;
    await options.emit({ path, bytes: data });
  };

  // The pages, found by following links from these.
  const queue: Page[] = [];
  const known = new Set<string>();
  const assets = new Set<string>();
  const enqueue = (path: string, search: URLSearchParams, from: string): string => {
    const file = fileOfPage(path, search);
    if (!file) throw new SiteExportError(`Trang ${from} dẫn tới địa chỉ ${path}?${search} mà trang tĩnh không chứa được.`);
    if (!known.has(file)) {
      known.add(file);
      const query = search.toString();
      queue.push({ path, search: query ? `?${query}` : "", file });
    }
    return file;
  };
  // The home page links to every other page (the list, the change log, the code of conduct…); the field lists are
  // linked from their field's heading.
  for (const path of ["", "/thu-tuc"]) enqueue(path, new URLSearchParams(), "(đầu)");
  for (const code of [...new Set(listed.map((p) => p.fieldCode))].sort()) enqueue("/thu-tuc", new URLSearchParams({ "linh-vuc": code }), "(đầu)");

  const releaseInfo = { number: catalog.release.number, liveSince: catalog.release.liveSince, exportedOn: today };
  const calendars = (await catalog.many<HolidayCalendar>("holiday-calendar", today)).map((c) => c.body);
  let done = 0;
  for (let next = queue.shift(); next; next = queue.shift()) {
    const page = next;
    const response = await options.render(new Request(`${ORIGIN}${base}${page.path}${page.search}`), context);
    const html = await response.text();
    if (response.status !== 200) throw new SiteExportError(`Trang ${base}${page.path}${page.search} trả lời mã ${response.status} nên không xuất được.`);
    const procedureCode = /^\/thu-tuc\/([^/]+)$/.exec(page.path)?.[1];
    let rewritten = rewritePage(html, page, base, enqueue, assets);
    if (procedureCode) {
      const data = await calculatorData(catalog, procedureCode, today);
      if (data) {
        await emit(`du-lieu/thu-tuc/${procedureCode}.json`, `${JSON.stringify({ code: procedureCode, release: releaseInfo, ...data }, null, 2)}\n`);
        rewritten = withScripts(rewritten, page.file, [`<script type="application/json" id="du-lieu-tinh-toan">${jsonInScript(data)}</script>`], [CALENDAR_SCRIPT, "assets/tinh-toan.js"]);
      }
    }
    await emit(page.file, rewritten);
    // The list page once more as the search page: its script shows the results of the query in the address.
    if (page.path === "/thu-tuc" && !page.search) {
      const searchPage = { ...page, file: SEARCH_PAGE };
      await emit(SEARCH_PAGE, withScripts(rewritePage(html, searchPage, base, enqueue, assets), SEARCH_PAGE, [], ["assets/tim-kiem-du-lieu.js", "assets/tim-kiem.js"]));
    }
    done++;
    options.onProgress?.({ pages: done, known: known.size });
  }
  const pages = [...known];

  // The data: the list, each procedure's calculator data, and the search index.
  const documents: SearchDocument[] = listed.map((p) => ({
    id: p.code,
    name: p.name,
    file: fileOfPage(`/thu-tuc/${p.code}`, new URLSearchParams()) ?? "",
    fieldCode: p.fieldCode,
    fieldName: fieldNames.get(p.fieldCode) ?? p.fieldCode,
    onlineLevel: p.onlineLevel,
    free: p.free,
    sameDay: p.sameDay,
  }));
  const search = new MiniSearch<SearchDocument>(INDEX_OPTIONS);
  search.addAll(documents);
  const searchData: SearchData = { index: JSON.stringify(search), documents };
  await emit("du-lieu/thu-tuc.json", `${JSON.stringify({ unit: { code: unit.code, name: unit.name }, release: releaseInfo, procedures: documents }, null, 2)}\n`);
  // The holiday calendars once for every procedure page (the due dates of all of them count the same days off).
  await emit("du-lieu/lich-lam-viec.json", `${JSON.stringify(calendars, null, 2)}\n`);
  await emit(CALENDAR_SCRIPT, `window.${CALENDAR_GLOBAL}=${jsonInScript(calendars)};\n`);
  await emit("du-lieu/tim-kiem.json", `${JSON.stringify(searchData)}\n`);
  await emit("assets/tim-kiem-du-lieu.js", `window.${SEARCH_DATA_GLOBAL}=${jsonInScript(searchData)};\n`);
  await emit("assets/tim-kiem.js", await clientScript("search"));
  await emit("assets/tinh-toan.js", await clientScript("calculator"));
  for (const asset of [...assets].sort()) await emit(asset, await readAsset(CLIENT_DIR(), asset));
  await emit("sitemap.xml", sitemap(options.siteUrl, pages.filter((p) => p !== SEARCH_PAGE)));
  const files = Object.keys(manifest).length + 1;
  await emit(
    MANIFEST_FILE,
    `${JSON.stringify(
      {
        generator: "Niêm Yết",
        unit: { code: unit.code, name: unit.name },
        release: releaseInfo,
        note: `Bản niêm yết số ${catalog.release.number} của ${unit.name}, xuất ngày ${formatDate(today)}.`,
        siteUrl: options.siteUrl,
        files: Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1))),
      },
      null,
      2,
    )}\n`,
  );
  return { unit, release: catalog.release.number, files, pages: pages.length, bytes };
}

/** The page with its scripts removed, its links made relative, its search forms sent to the search page. */
function rewritePage(
  html: string,
  page: Page,
  base: string,
  enqueue: (path: string, search: URLSearchParams, from: string) => string,
  assets: Set<string>,
): string {
  const pageUrl = new URL(`${base}${page.path}${page.search}`, ORIGIN);
  const from = `${base}${page.path}${page.search}`;
  return html
    .replace(SCRIPT, "")
    .replace(MODULE_PRELOAD, "")
    .replace(HTML_TAG, (tag, name: string) =>
      tag.replace(LINK_ATTRIBUTE, (whole, attribute: string, raw: string) => {
        const value = decodeAttribute(raw);
        if (value.startsWith("#")) return whole;
        const url = new URL(value, pageUrl);
        if (url.origin !== ORIGIN) return whole;
        let target: string;
        if (ASSET_ROOTS.some((root) => url.pathname === root || (root.endsWith("/") && url.pathname.startsWith(root)))) {
          target = url.pathname.slice(1);
          assets.add(target);
        } else if (url.pathname === base || url.pathname.startsWith(`${base}/`)) {
          const path = url.pathname.slice(base.length);
          // A GET form to the list is the search; any other form (the calculators) stays on its page.
          if (name === "form") target = path === "/thu-tuc" ? SEARCH_PAGE : page.file;
          else target = enqueue(path, url.searchParams, from);
        } else {
          throw new SiteExportError(`Trang ${from} dẫn tới ${url.pathname}, ngoài các trang của xã, phường này.`);
        }
        const hash = name === "form" ? "" : url.hash;
        return ` ${attribute}="${encodeAttribute(relativeLink(page.file, target) + hash)}"`;
      }),
    );
}

function withScripts(html: string, file: string, inline: string[], sources: string[]): string {
  const tags = [...inline, ...sources.map((s) => `<script src="${relativeLink(file, s)}" defer></script>`)].join("");
  return html.replace("</body>", `${tags}</body>`);
}

async function calculatorData(catalog: PublicCatalog, code: string, today: string): Promise<ProcedureCalculatorData | null> {
  const view = await getPublishedProcedure(catalog, { code, today });
  if (!view || "retired" in view || "unlisted" in view) return null;
  const fees = Object.fromEntries(Object.entries(view.fees).map(([k, f]) => [k, { name: f.name, rates: f.rates }]));
  return { channels: view.procedure.channels, fees };
}

async function readAsset(clientDir: string, asset: string): Promise<Buffer> {
  const path = normalize(join(clientDir, asset));
  if (!path.startsWith(normalize(clientDir) + sep)) throw new SiteExportError(`Tệp ${asset} nằm ngoài thư mục của ứng dụng.`);
  try {
    return await readFile(path);
  } catch {
    throw new SiteExportError(`Không đọc được tệp ${asset} của ứng dụng (đã chạy npm run build chưa?).`);
  }
}

function sitemap(siteUrl: string, files: string[]): string {
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const urls = [...files].sort().map((f) => `  <url><loc>${escape(`${siteUrl}/${f === "index.html" ? "" : f}`)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}
