import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/NonceContext";
import { getSessionSecret } from "~/utils/env.server";

// The HTTP server (scripts/server.mjs) enforces these before any route runs; they are defined once, in TypeScript.
export { BODY_LIMITS, REQUEST_LIMITS, bodyKindOf } from "~/domain/limits";
export { isPrivatePath } from "~/domain/paths";

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

/**
 * Errors a visitor causes (a 404, a 405 for a method a route does not take, an aborted request) are answers,
 * not faults: they are not logged with a stack trace. Everything else is.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
};
