/**
 * Where each public page of a commune lives in its exported static site (app/static-site/export.server.ts): one
 * `.html` file per address, so the site works from any folder and from `file://` (where a folder never opens its
 * index.html by itself). The address's query becomes part of the file name, in the order the page wrote it:
 *   ""                              → index.html
 *   /thu-tuc                        → thu-tuc.html
 *   /thu-tuc?linh-vuc=X&trang=2     → thu-tuc-linh-vuc-X-trang-2.html
 *   /thu-tuc/<code>                 → thu-tuc/<code>.html
 *   /thay-doi?ban=3                 → thay-doi-ban-3.html
 * Pure: the exporter and its tests share it.
 */

/** Query values and path segments that can become part of a file name as they are. */
const SAFE = /^[A-Za-z0-9._-]+$/;

/** The search page of the static site (the server's /thu-tuc?q=… search runs there in the browser). */
export const SEARCH_PAGE = "tim-kiem.html";

/** The file of a public page address (`pathname` relative to the commune's base, e.g. "/thu-tuc/1.001"), or null. */
export function fileOfPage(pathname: string, search: URLSearchParams): string | null {
  const segments = pathname.split("/").filter(Boolean);
  if (segments.some((s) => !SAFE.test(s) || s.startsWith("."))) return null;
  const query: string[] = [];
  for (const [key, value] of search) {
    // The first page of a list is the list itself.
    if (!value || (key === "trang" && value === "1")) continue;
    if (!SAFE.test(key) || !SAFE.test(value)) return null;
    query.push(key, value);
  }
  if (segments.length === 0) return query.length === 0 ? "index.html" : null;
  return `${[...segments.slice(0, -1), [segments.at(-1), ...query].join("-")].join("/")}.html`;
}

/** The relative link from the file `from` to the file `to` (both relative to the site's root, with "/"). */
export function relativeLink(from: string, to: string): string {
  const fromDirs = from.split("/").slice(0, -1);
  const target = to.split("/");
  let common = 0;
  while (common < fromDirs.length && common < target.length - 1 && fromDirs[common] === target[common]) common++;
  const up = fromDirs.length - common;
  return [...Array<string>(up).fill(".."), ...target.slice(common)].join("/");
}
