import type { LoaderFunctionArgs } from "@remix-run/node";

/** `robots.txt`: the public pages may be indexed; the admin and the sign-in page may not. */
export function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  const text = ["User-agent: *", "Allow: /", "Disallow: /admin", "Disallow: /login", `Sitemap: ${origin}/sitemap.xml`, ""].join("\n");
  return new Response(text, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400" } });
}
