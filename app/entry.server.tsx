import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/NonceContext";
import { getSessionSecret } from "~/utils/env.server";

// Fail at start, not at the first sign-in: in production the server refuses to run without SESSION_SECRET.
getSessionSecret();

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
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : "";
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}
