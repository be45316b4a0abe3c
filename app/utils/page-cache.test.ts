import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chooseEncoding, isNotModified, PageCache, type ReleaseTag } from "./page-cache.server";

const tag = (key: string): ReleaseTag => ({ key, lastModified: new Date("2026-12-01T01:00:00Z") });
const html = (n: number) => Buffer.from(`<!DOCTYPE html><p>${"Thủ tục hành chính ".repeat(n)}</p>`);

describe("the public page cache", () => {
  it("keeps the page with its compressed forms and validators; the same bytes under another release get another ETag", () => {
    const cache = new PageCache(10 * 1024 * 1024);
    const body = html(200);
    const page = cache.put("a", tag("00000/1/t/2026-12-01"), 200, [["Content-Type", "text/html; charset=utf-8"], ["Set-Cookie", "x=1"]], body);
    expect(page.headers).toEqual([["Content-Type", "text/html; charset=utf-8"]]);
    expect(gunzipSync(page.gzip!).equals(body)).toBe(true);
    expect(brotliDecompressSync(page.br!).equals(body)).toBe(true);
    expect(page.lastModified).toBe("Tue, 01 Dec 2026 01:00:00 GMT");
    expect(cache.get("a")).toBe(page);
    const other = cache.put("b", tag("00000/2/t/2026-12-01"), 200, [], body);
    expect(other.etag).not.toBe(page.etag);
    expect(cache.put("a2", tag("00000/1/t/2026-12-01"), 200, [], Buffer.from(body)).etag).toBe(page.etag);
  });

  it("finds the newest page kept for a host and URL, of any release, for when the database cannot be reached", () => {
    const cache = new PageCache(10 * 1024 * 1024);
    const t1 = tag("00000/1/t/2026-12-01");
    const t2 = tag("00000/2/t/2026-12-02");
    const r1 = cache.put(PageCache.key(t1, "xa.example.vn", "/thu-tuc/1.001193"), t1, 200, [], html(10));
    cache.put(PageCache.key(t1, "xa.example.vn", "/thu-tuc/1.001193?q=1"), t1, 200, [], html(11));
    cache.put(PageCache.key(t1, "khac.example.vn", "/thu-tuc/1.001193"), t1, 200, [], html(12));
    expect(cache.latest("xa.example.vn", "/thu-tuc/1.001193")).toBe(r1);
    const r2 = cache.put(PageCache.key(t2, "xa.example.vn", "/thu-tuc/1.001193"), t2, 200, [], html(13));
    expect(cache.latest("xa.example.vn", "/thu-tuc/1.001193")).toBe(r2);
    expect(cache.latest("xa.example.vn", "/thu-tuc")).toBeUndefined();
    expect(cache.latest(null, "/thu-tuc/1.001193")).toBeUndefined();
  });

  it("answers 304 for a matching ETag or a date not before Last-Modified, else the page", () => {
    const page = { etag: 'W/"abc"', lastModified: "Tue, 01 Dec 2026 01:00:00 GMT" };
    expect(isNotModified(page, 'W/"abc"', undefined)).toBe(true);
    expect(isNotModified(page, '"abc"', undefined)).toBe(true);
    expect(isNotModified(page, 'W/"old", W/"abc"', undefined)).toBe(true);
    expect(isNotModified(page, 'W/"old"', "Tue, 01 Dec 2026 02:00:00 GMT")).toBe(false); // ETag decides when sent
    expect(isNotModified(page, undefined, "Tue, 01 Dec 2026 01:00:00 GMT")).toBe(true);
    expect(isNotModified(page, undefined, "Tue, 01 Dec 2026 00:59:59 GMT")).toBe(false);
    expect(isNotModified(page, undefined, "not a date")).toBe(false);
    expect(isNotModified(page, undefined, undefined)).toBe(false);
  });

  it("sends brotli, then gzip, as the client accepts; a small page as it is", () => {
    const cache = new PageCache();
    const big = cache.put("big", tag("t"), 200, [], html(200));
    expect(chooseEncoding(big, "gzip, deflate, br")).toBe("br");
    expect(chooseEncoding(big, "gzip")).toBe("gzip");
    expect(chooseEncoding(big, "br;q=0, gzip")).toBe("gzip");
    expect(chooseEncoding(big, undefined)).toBeNull();
    const small = cache.put("small", tag("t"), 200, [], Buffer.from("<p>ngắn</p>"));
    expect(chooseEncoding(small, "br")).toBeNull();
  });

  it("stays within its size: the least recently used page leaves first", () => {
    const cache = new PageCache(64 * 1024);
    const body = Buffer.alloc(7 * 1024, "a"); // with its compressed forms, a little over 7 KiB a page
    for (const key of ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"]) cache.put(key, tag("t"), 200, [], body);
    expect(cache.get("p1")).toBeUndefined();
    expect(cache.get("p9")).toBeDefined();
    expect(cache.size.bytes).toBeLessThanOrEqual(64 * 1024);
    cache.get("p5"); // used: kept over older ones
    for (const key of ["q1", "q2", "q3"]) cache.put(key, tag("t"), 200, [], body);
    expect(cache.get("p5")).toBeDefined();
  });
});
