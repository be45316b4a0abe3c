import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";

/**
 * Renders every page on the server as one complete document: public pages are whole HTML for citizens
 * without JavaScript, for bots and for printing. renderToString rather than renderToPipeableStream: the
 * app streams nothing (no `defer`), and React 18's streaming encoder wrote NUL bytes into Vietnamese
 * multi-byte characters that crossed its 2 kB chunk boundary (tests/e2e/http.test.ts checks the text).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const html = renderToString(<RemixServer context={remixContext} url={request.url} />);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("X-Content-Type-Options", "nosniff");
  responseHeaders.set("Referrer-Policy", "strict-origin-when-cross-origin");
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}
