#!/usr/bin/env node
/**
 * The HTTP server: for the built app (what `npm start` runs) and, with `--dev`, for `npm run dev`.
 * Everything every response needs lives here, once, so no route can forget it:
 *  - request limits before any work: methods (405 with Allow), URL length (414), header size (431) and body
 *    size per route kind (413), all read from app/domain/limits.ts through the built entry module;
 *  - security headers, including a Content-Security-Policy whose scripts need a per-request nonce;
 *  - cross-site request forgery protection: a state-changing request (not GET/HEAD/OPTIONS) must come from
 *    this site's own pages — its Origin (or, failing that, Referer) must equal the server's origin and
 *    Sec-Fetch-Site, when sent, must be same-origin (docs/decisions/003-security.md);
 *  - compression (brotli or gzip), long-lived caching of fingerprinted assets, `no-store` on private pages;
 *  - the client address for sign-in throttling and the audit log.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import compression from "compression";
import express from "express";

const root = process.cwd();
/**
 * `--dev` (what `npm run dev` runs): the same server and middleware, with Vite in middleware mode serving the
 * app from source with hot reload instead of the built files.
 */
const dev = process.argv.includes("--dev");
const vite = dev ? await (await import("vite")).createServer({ server: { middlewareMode: true } }) : null;
const loadBuild = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build")
  : ((built) => () => built)(await import(pathToFileURL(join(root, "build", "server", "index.js")).href));
// The limits are read once at start (restart the dev server after changing them).
const {
  REQUEST_LIMITS,
  BODY_LIMITS,
  API_LIMITS,
  isApiPath,
  bodyKindOf,
  isPrivatePath,
  usesInlineStyles,
  CACHEABLE_HEADER,
  PUBLIC_CACHE_CONTROL,
  PageCache,
  activateDueReleasesNow,
  chooseEncoding,
  isNotModified,
  releaseTagOf,
  databaseTroubleOf,
} = (await loadBuild()).entry.module;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const ALLOWED_METHODS = "GET, HEAD, POST";
const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const short = (s, max = 200) => (s && s.length > max ? `${s.slice(0, max)}…` : s);

/** A small complete page for answers given before the app runs (405, 413, 414, 403). */
function sendPage(res, status, title, message) {
  res
    .status(status)
    .type("html")
    .set("Cache-Control", "no-store")
    .send(
      `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(title)} – Niêm Yết</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
        `<p><a href="/">Về danh mục thủ tục hành chính</a></p></main></body></html>`,
    );
}

const kilobytes = (bytes) => `${new Intl.NumberFormat("vi-VN").format(Math.round(bytes / 1024))} KB`;

/**
 * One JSON line a request on stdout, when its response ends: time, method, path, status, milliseconds, and
 * whether the client left first. Never the query (a citizen's search words), the client address, cookies or
 * the account: nothing personal and no secret. `REQUEST_LOG=off` turns it off.
 */
function requestLog(req, res, next) {
  const started = process.hrtime.bigint();
  res.once("close", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const line = {
      t: new Date().toISOString(),
      method: req.method,
      path: short(req.originalUrl.split("?")[0], 300),
      status: res.statusCode,
      ms: Math.round(ms * 10) / 10,
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
  next();
}

function securityHeaders(req, res, next) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      // The form library (rjsf: the admin, and filling in a printable form) sets a few style attributes.
      ...(usesInlineStyles(req.path) ? ["style-src-attr 'unsafe-inline'"] : []),
      "img-src 'self' data:",
      "font-src 'self'",
      // Vite's hot reload talks over a WebSocket in development only.
      dev ? "connect-src 'self' ws:" : "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000");
  next();
}

/** Methods and the request target, checked before anything else reads the request. */
function requestLimits(req, res, next) {
  if (req.method === "OPTIONS" && isApiPath(req.path)) {
    // A cross-origin read's preflight: the API is open for GET.
    res.set({ Allow: ALLOWED_METHODS, "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, HEAD", "Access-Control-Allow-Headers": "If-None-Match", "Access-Control-Max-Age": "86400" });
    res.status(204).end();
    return;
  }
  if (req.method === "OPTIONS") {
    res.set("Allow", ALLOWED_METHODS).status(204).end();
    return;
  }
  if (!ALLOWED_METHODS.split(", ").includes(req.method)) {
    res.set("Allow", ALLOWED_METHODS);
    return sendPage(res, 405, "Phương thức không được hỗ trợ", `Hệ thống không nhận yêu cầu ${req.method}; chỉ nhận ${ALLOWED_METHODS}.`);
  }
  if (req.originalUrl.length > REQUEST_LIMITS.urlChars) {
    return sendPage(res, 414, "Địa chỉ quá dài", `Địa chỉ trang dài quá ${REQUEST_LIMITS.urlChars} ký tự nên không được xử lý.`);
  }
  next();
}

function refuse(res, reason) {
  sendPage(
    res,
    403,
    "Yêu cầu bị từ chối",
    "Không xác minh được yêu cầu này được gửi từ chính trang của hệ thống (chống giả mạo yêu cầu – CSRF). Vui lòng tải lại trang rồi thử lại.",
  );
  console.warn(`[csrf] refused ${short(reason)}`);
}

function sameOriginWrites(req, res, next) {
  if (SAFE_METHODS.has(req.method)) return next();
  const expected = `${req.protocol}://${req.get("host")}`;
  const site = req.get("sec-fetch-site");
  if (site && site !== "same-origin") return refuse(res, `${req.method} ${req.path}: Sec-Fetch-Site=${site}`);
  const origin = req.get("origin");
  if (origin) {
    if (origin !== expected) return refuse(res, `${req.method} ${req.path}: Origin=${origin}`);
    return next();
  }
  const referer = req.get("referer");
  let refererOrigin = null;
  try {
    refererOrigin = referer ? new URL(referer).origin : null;
  } catch {
    refererOrigin = null;
  }
  if (refererOrigin !== expected) return refuse(res, `${req.method} ${req.path}: no Origin, Referer=${referer ?? "-"}`);
  next();
}

const ABORTED = Symbol("aborted");

/**
 * Reads the whole body, at most `limit` bytes; resolves null as soon as it is known to be larger (from
 * Content-Length, or while it arrives), without keeping what was read, and ABORTED when the client goes away.
 */
function readBody(req, limit) {
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) return resolve(null);
    const chunks = [];
    let size = 0;
    const done = (value) => {
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onClose);
      resolve(value);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        done(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks));
    const onAbort = () => done(ABORTED);
    const onClose = () => {
      if (!req.complete) done(ABORTED);
    };
    req.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onClose);
  });
}

/**
 * 413 at once; the rest of the upload is read and thrown away, so the client sees the answer instead of a
 * broken connection. Past DISCARD_LIMIT bytes (or after DISCARD_MS) the connection is cut.
 */
const DISCARD_LIMIT = 64 * 1024 * 1024;
const DISCARD_MS = 30_000;
function tooLarge(req, res, limit) {
  sendPage(res, 413, "Dữ liệu gửi lên quá lớn", `Nội dung gửi lên vượt quá giới hạn ${kilobytes(limit)} cho trang này nên không được xử lý và không được lưu.`);
  let discarded = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DISCARD_MS).unref();
  req.on("data", (chunk) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT) cut();
  });
  req.on("end", () => clearTimeout(timer));
  req.resume();
}

/**
 * Public pages from memory (app/utils/page-cache.server.ts): a page rendered once for the commune's live release
 * is sent again as bytes, or answered with 304, without running the app. In development every page is rendered.
 */
const pageCache = new PageCache();

function sendCachedPage(req, res, page, { stale = false } = {}) {
  res.status(page.status);
  for (const [name, value] of page.headers) res.setHeader(name, value);
  res.setHeader("ETag", page.etag);
  res.setHeader("Last-Modified", page.lastModified);
  res.setHeader("Cache-Control", stale ? "no-store" : PUBLIC_CACHE_CONTROL);
  if (stale) res.setHeader("X-Niemyet-Stale", "database-unavailable");
  res.setHeader("Vary", "Accept-Encoding");
  if (isNotModified(page, req.headers["if-none-match"], req.headers["if-modified-since"])) {
    res.removeHeader("Content-Type");
    res.status(304).end();
    return;
  }
  const encoding = chooseEncoding(page, req.headers["accept-encoding"]);
  const body = encoding ? page[encoding] : page.body;
  if (encoding) res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.end(req.method === "HEAD" ? undefined : body);
}

async function publicPages(req, res, next) {
  if (dev || (req.method !== "GET" && req.method !== "HEAD")) return next();
  try {
    const host = req.get("host") ?? null;
    const tag = await releaseTagOf(host, req.path);
    if (!tag) return next();
    res.locals.page = { tag, key: PageCache.key(tag, host, req.originalUrl) };
    const page = pageCache.get(res.locals.page.key);
    if (page) return sendCachedPage(req, res, page);
    next();
  } catch (error) {
    console.error(`[page-cache] ${req.method} ${short(req.originalUrl)}:`, error instanceof Error ? error.message : error);
    // The database cannot be reached: the last copy of this public page kept in memory, if any, marked as such and
    // not to be kept by other caches; else the app answers (its page says the system is interrupted, 503).
    const stale = databaseTroubleOf(error) === "unavailable" ? pageCache.latest(req.get("host") ?? null, req.originalUrl) : undefined;
    if (!stale) return next();
    sendCachedPage(req, res, stale, { stale: true });
  }
}

/**
 * The API's request count per client address, in fixed one-minute windows (API_LIMITS): past the limit, 429 with
 * Retry-After until the window ends. At most API_LIMITS.clientsTracked addresses are remembered (oldest first out).
 */
const apiWindows = new Map();
function apiRateLimit(req, res, next) {
  if (!isApiPath(req.path)) return next();
  const client = req.ip ?? req.socket.remoteAddress ?? "";
  const now = Date.now();
  let window = apiWindows.get(client);
  if (!window || now - window.start >= 60_000) {
    apiWindows.delete(client);
    window = { start: now, count: 0 };
    apiWindows.set(client, window);
    if (apiWindows.size > API_LIMITS.clientsTracked) apiWindows.delete(apiWindows.keys().next().value);
  }
  window.count += 1;
  if (window.count <= API_LIMITS.requestsPerMinute) return next();
  const retryAfter = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
  res
    .status(429)
    .set({ "Retry-After": String(retryAfter), "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" })
    .json({ error: { status: 429, message: `Quá ${API_LIMITS.requestsPerMinute} yêu cầu mỗi phút từ một địa chỉ: hãy thử lại sau ${retryAfter} giây.` } });
}

const handleRemix = createRequestHandler(vite ? loadBuild : await loadBuild(), dev ? "development" : process.env.NODE_ENV);

function requestHeaders(raw) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) headers.append(name, v);
  }
  return headers;
}

async function sendResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // Iterating Headers yields each Set-Cookie separately.
  for (const [name, value] of response.headers) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** The Remix app, with the request body read under its route kind's limit. */
async function remix(req, res, next) {
  try {
    let body;
    if (req.method !== "GET" && req.method !== "HEAD") {
      const limit = BODY_LIMITS[bodyKindOf(req.path)];
      body = await readBody(req, limit);
      if (body === ABORTED) return res.destroy();
      if (body === null) return tooLarge(req, res, limit);
    }
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    // req.protocol and req.hostname follow the trust-proxy setting; keep the port the client used.
    const port = req.get("host")?.split(":")[1];
    const url = `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`;
    const request = new Request(url, { method: req.method, headers: requestHeaders(req.headers), body, signal: controller.signal });
    const response = await handleRemix(request, {
      cspNonce: res.locals.cspNonce,
      clientAddress: req.ip ?? req.socket.remoteAddress ?? null,
      // The static-site exporter renders the public pages with this same handler (the admin's download).
      renderPage: handleRemix,
    });
    if (response.status === 405 && !response.headers.has("Allow")) response.headers.set("Allow", "GET, HEAD");
    if (isPrivatePath(req.path) && !response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
    const cacheable = response.headers.get(CACHEABLE_HEADER) === "1";
    response.headers.delete(CACHEABLE_HEADER);
    if (cacheable && res.locals.page && req.method === "GET" && response.status === 200 && !response.headers.has("Set-Cookie")) {
      const body = Buffer.from(await response.arrayBuffer());
      return sendCachedPage(req, res, pageCache.put(res.locals.page.key, res.locals.page.tag, response.status, response.headers, body));
    }
    await sendResponse(res, response);
  } catch (error) {
    next(error);
  }
}

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
if (process.env.REQUEST_LOG !== "off") app.use(requestLog);
app.use(securityHeaders);
app.use(requestLimits);
app.use(apiRateLimit);
app.use(publicPages);
app.use(compression());
if (vite) app.use(vite.middlewares);
else {
  app.use("/assets", express.static(join(root, "build", "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(join(root, "build", "client"), { maxAge: "1d", index: false }));
}
app.use(sameOriginWrites);
app.all("*", remix);
// Errors past this point are ours, not the visitor's: log them, answer in Vietnamese without details.
app.use((error, req, res, _next) => {
  console.error(`[error] ${req.method} ${short(req.originalUrl)}:`, error);
  if (!res.headersSent) sendPage(res, 500, "Đã có lỗi xảy ra", "Hệ thống không xử lý được yêu cầu này. Vui lòng thử lại sau.");
  else res.end();
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST;
// Slow clients (REQUEST_LIMITS): 408 and the connection closed once the headers or the whole request take too long,
// checked every second. The keep-alive timeout is longer than clients' and proxies' own, so the server never
// closes an idle connection at the moment a client reuses it ("other side closed"); on Node 20 the headers
// timeout counts from a request's first byte, not from the connection's previous request.
const seconds = (name, fallback) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback) * 1000;
const requestTimeout = seconds("REQUEST_TIMEOUT_S", REQUEST_LIMITS.requestSeconds);
const server = createServer(
  {
    maxHeaderSize: REQUEST_LIMITS.headerBytes,
    // Node refuses to start with a headers timeout longer than the request's; the headers are part of the request.
    headersTimeout: Math.min(seconds("HEADERS_TIMEOUT_S", REQUEST_LIMITS.headersSeconds), requestTimeout),
    requestTimeout,
    keepAliveTimeout: REQUEST_LIMITS.keepAliveSeconds * 1000,
    connectionsCheckingInterval: 1000,
  },
  app,
);
if (host) server.listen(port, host);
else server.listen(port);
server.on("listening", () => console.log(`[niem-yet] http://localhost:${port}`));

// Scheduled releases go live at their time: checked at start (a restart in between loses nothing) and every
// 30 s; public pages also make a due release live when they find one.
const activateDue = () =>
  activateDueReleasesNow()
    .then((activated) => activated.forEach((r) => console.log(`[release] ${r.unit}: bản niêm yết số ${r.number} đã có hiệu lực`)))
    .catch((error) => console.error("[release] could not activate scheduled releases:", error));
activateDue();
setInterval(activateDue, 30_000).unref();
// Graceful stop: no new connections, idle keep-alive ones closed now, and at most 10 s for requests in flight.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
    vite?.close();
  });
}
