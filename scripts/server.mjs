#!/usr/bin/env node
/**
 * The production HTTP server for the built app (what `npm start` runs).
 * Everything every response needs lives here, once, so no route can forget it:
 *  - security headers, including a Content-Security-Policy whose scripts need a per-request nonce;
 *  - cross-site request forgery protection: a state-changing request (not GET/HEAD/OPTIONS) must come from
 *    this site's own pages — its Origin (or, failing that, Referer) must equal the server's origin and
 *    Sec-Fetch-Site, when sent, must be same-origin (docs/decisions/003-security.md);
 *  - the client address for sign-in throttling and the audit log.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = process.cwd();
const build = await import(pathToFileURL(join(root, "build", "server", "index.js")).href);

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function securityHeaders(req, res, next) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
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

function refuse(res, reason) {
  res
    .status(403)
    .type("html")
    .send(
      `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Yêu cầu bị từ chối</title></head><body><main>` +
        `<h1>Yêu cầu bị từ chối</h1><p>Không xác minh được yêu cầu này được gửi từ chính trang của hệ thống ` +
        `(chống giả mạo yêu cầu – CSRF). Vui lòng tải lại trang rồi thử lại.</p></main></body></html>`,
    );
  console.warn(`[csrf] refused ${reason}`);
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

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(securityHeaders);
app.use("/assets", express.static(join(root, "build", "client", "assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(join(root, "build", "client"), { maxAge: "1h", index: false }));
app.use(sameOriginWrites);
app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientAddress: req.ip ?? req.socket.remoteAddress ?? null }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST;
const server = host ? app.listen(port, host) : app.listen(port);
// Longer than the keep-alive of clients and proxies (undici 4 s, nginx/ALB 60 s), so the server never closes
// an idle connection at the moment a client reuses it ("other side closed").
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.on("listening", () => console.log(`[niem-yet] http://localhost:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
