import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { todayInVietnam } from "~/domain/format";
import { isFormPath, isPublicPagePath } from "~/domain/paths";
import { activateDueReleases } from "~/models/release.server";
import { defaultPublicUnit, hostNameOf } from "~/models/unit.server";
import { getDb, type DB } from "./db.server";

/**
 * Public pages are rendered once per release, not per request (docs/decisions/013-releases.md). A release never
 * changes, so a page is a function of (the commune's live release, today's date in Vietnam, the URL): the server
 * keeps the rendered bytes (and their gzip and brotli forms) under that key, and answers a repeated request from
 * memory, or with 304 when the browser already has them (ETag / Last-Modified). The key is read with one indexed
 * query a request, so a publish, a rollback or a scheduled release going live shows at once, in every process.
 *
 * Only complete public HTML is kept: status 200, no cookie set, from a route that sends no script (the renderer
 * marks those, app/entry.server.tsx). Memory is bounded (PAGE_CACHE_BYTES, least recently used out first).
 * While the database cannot be reached, the last page kept for a URL is sent (scripts/server.mjs), marked stale.
 */

export const PAGE_CACHE_BYTES = 48 * 1024 * 1024;
/** Pages smaller than this are sent as they are (compressing them saves nothing). */
const COMPRESS_MIN_BYTES = 1024;
/** The renderer's mark on a page that may be kept (removed before sending). */
export const CACHEABLE_HEADER = "x-niemyet-cacheable";

export interface ReleaseTag {
  /** unit/number/createdAt/today: what a page's content depends on besides its URL. */
  key: string;
  /** When the page content last changed: the later of the release going live and today's start. */
  lastModified: Date;
}

const ORIGIN_DAY = (today: string) => new Date(`${today}T00:00:00+07:00`);

/**
 * The release a public request reads, as a cache key; null when the request cannot be answered from the cache
 * (not a public page, no commune, no live release). Due scheduled releases are made live first.
 */
export async function releaseTagOf(host: string | null, pathname: string, now = new Date(), given?: DB): Promise<ReleaseTag | null> {
  if (!isPublicPagePath(pathname) || isFormPath(pathname)) return null;
  const db = given ?? getDb();
  const commune = /^\/xa\/(\d{5})(\/|$)/.exec(pathname)?.[1];
  // The same unit as the pages' (workspace.server.ts): the path's commune, else the host name's, else the default.
  const hostName = host ? hostNameOf(host) : null;
  const query = (code?: string) => {
    let q = db
    .selectFrom("units as u")
    .leftJoin("releases as r", (join) => join.onRef("r.unit_code", "=", "u.code").onRef("r.number", "=", "u.live_release"))
    .select(["u.code", "u.level", "u.retired_from", "u.live_release", "u.next_release_at", "r.created_at", "r.live_since"]);
    if (code) q = q.where("u.code", "=", code);
    else if (hostName) q = q.where((eb) => eb.or([eb("u.host_name", "=", hostName), eb("u.is_default", "=", 1)])).orderBy((eb) => eb.case().when("u.host_name", "=", hostName).then(0).else(1).end());
    else q = q.where("u.is_default", "=", 1);
    return q.limit(1).executeTakeFirst();
  };
  let row = await query(commune);
  // No default marked: the only active commune, if there is just one.
  if (!row && !commune) {
    const fallback = await defaultPublicUnit(db);
    if (fallback) row = await query(fallback.code);
  }
  if (!row || row.level !== "commune" || row.retired_from !== null) return null;
  if (row.next_release_at !== null && row.next_release_at <= now.toISOString()) {
    await activateDueReleases(db, now, row.code);
    return releaseTagOf(host, pathname, now, db);
  }
  if (row.live_release === null || !row.created_at) return null;
  const today = todayInVietnam(now);
  const liveSince = new Date(row.live_since ?? row.created_at);
  const dayStart = ORIGIN_DAY(today);
  const lastModified = new Date(Math.floor(Math.max(liveSince.getTime(), dayStart.getTime()) / 1000) * 1000);
  return { key: `${row.code}/${row.live_release}/${row.created_at}/${today}`, lastModified };
}

export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Buffer;
  etag: string;
  lastModified: string;
  gzip?: Buffer;
  br?: Buffer;
}

/** The headers a kept page is sent with (the renderer's, plus validators and the caching rule). */
const KEPT_HEADERS = new Set(["content-type", "content-language", "link"]);

export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;
  constructor(private readonly maxBytes = PAGE_CACHE_BYTES) {}

  static key(tag: ReleaseTag, host: string | null, url: string): string {
    return `${tag.key}\u0000${host ?? ""}\u0000${url}`;
  }

  /**
   * The page last kept for this host and URL, of whatever release and day: what is sent while the database cannot
   * be reached (a listing is a legal obligation; the last published one is better than an error page).
   */
  latest(host: string | null, url: string): CachedPage | undefined {
    // A key is "<release tag>\0<host>\0<url>" (PageCache.key); the map is in order of use, so the last match is the newest.
    const suffix = `\u0000${host ?? ""}\u0000${url}`;
    let found: CachedPage | undefined;
    for (const [key, page] of this.pages) if (key.endsWith(suffix)) found = page;
    return found;
  }

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page) {
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  /** Keeps a rendered page; returns it with its validators. */
  put(key: string, tag: ReleaseTag, status: number, headers: Iterable<[string, string]>, body: Buffer): CachedPage {
    const kept = [...headers].filter(([name]) => KEPT_HEADERS.has(name.toLowerCase()));
    const etag = `W/"${createHash("sha256").update(tag.key).update("\u0000").update(body).digest("base64url").slice(0, 27)}"`;
    const page: CachedPage = { status, headers: kept, body, etag, lastModified: tag.lastModified.toUTCString() };
    if (body.length >= COMPRESS_MIN_BYTES) {
      page.gzip = gzipSync(body, { level: 9 });
      page.br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
    }
    const size = sizeOf(page);
    if (size > this.maxBytes / 8) return page; // one page never takes a large share
    this.remove(key);
    this.pages.set(key, page);
    this.bytes += size;
    while (this.bytes > this.maxBytes) {
      const oldest = this.pages.keys().next().value!;
      this.remove(oldest);
    }
    return page;
  }

  private remove(key: string) {
    const page = this.pages.get(key);
    if (!page) return;
    this.pages.delete(key);
    this.bytes -= sizeOf(page);
  }

  get size() {
    return { pages: this.pages.size, bytes: this.bytes };
  }
}

const sizeOf = (p: CachedPage) => p.body.length + (p.gzip?.length ?? 0) + (p.br?.length ?? 0) + 256;

/** What a request's validators say: true when the browser's copy is current (answer 304). */
export function isNotModified(page: Pick<CachedPage, "etag" | "lastModified">, ifNoneMatch: string | undefined, ifModifiedSince: string | undefined): boolean {
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(",")
      .map((t) => t.trim())
      .some((t) => t === "*" || t === page.etag || `W/${t}` === page.etag);
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return Number.isFinite(since) && Date.parse(page.lastModified) <= since;
  }
  return false;
}

/** The encoding to send: brotli, then gzip, when the client takes it and the page has it. */
export function chooseEncoding(page: CachedPage, acceptEncoding: string | undefined): "br" | "gzip" | null {
  const accepted = (acceptEncoding ?? "")
    .split(",")
    .map((part) => part.trim().split(";"))
    .filter(([, q]) => !q || !/^q=0(\.0+)?$/.test(q.trim()))
    .map(([name]) => name.trim().toLowerCase());
  if (page.br && accepted.includes("br")) return "br";
  if (page.gzip && accepted.includes("gzip")) return "gzip";
  return null;
}

/** The caching rule of public pages: any cache may keep them, and must ask again each time (a 304 is cheap). */
export const PUBLIC_CACHE_CONTROL = "public, no-cache";

/** The server's timer: makes due scheduled releases live (also at start, after a restart). */
export async function activateDueReleasesNow(): Promise<{ unit: string; number: number }[]> {
  return activateDueReleases(getDb());
}
