import type { AppLoadContext } from "@remix-run/node";
import { fileOfPage } from "./paths";

/**
 * What the static-site exporter tells the pages it renders, through the load context (never from the request, so
 * no visitor can set it): the address the folder will be published at, so a page's own address (its QR code, its
 * schema.org `url`) is that of its file in the exported site.
 */
export interface StaticSiteContext {
  /** Absolute, without a trailing slash: `https://portal.example.vn/niem-yet`. */
  siteUrl: string;
}

export function staticSiteOf(context: AppLoadContext | undefined): StaticSiteContext | null {
  const site = (context as { staticSite?: StaticSiteContext } | undefined)?.staticSite;
  return site && typeof site.siteUrl === "string" ? site : null;
}

/** A public page's absolute address (`path` relative to the commune: "/thu-tuc/1.001"): on this server, or in the exported site. */
export function publicPageUrl(context: AppLoadContext | undefined, request: Request, base: string, path: string): string {
  const site = staticSiteOf(context);
  if (site) return `${site.siteUrl}/${fileOfPage(path, new URLSearchParams()) ?? ""}`;
  return `${new URL(request.url).origin}${base}${path}`;
}
