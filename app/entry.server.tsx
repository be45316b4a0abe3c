import { withoutPaddingBytes } from "~/utils/react-stream.server";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { asksForHydration } from "~/root";
import { NonceProvider } from "~/components/NonceContext";
import { getSessionSecret } from "~/utils/env.server";
import { DatabaseTroubleProvider } from "~/components/DatabaseTrouble";
import { databaseTroubleOf, databaseTroubleOfRequest, noteDatabaseTrouble, TROUBLE_STATUS } from "~/utils/db-trouble.server";

// The HTTP server (scripts/server.mjs) enforces these before any route runs; they are defined once, in TypeScript.
export { API_LIMITS, BODY_LIMITS, REQUEST_LIMITS, bodyKindOf } from "~/domain/limits";
export { isApiPath, isPrivatePath, usesInlineStyles } from "~/domain/paths";
// The public pages' cache, keyed to each commune's live release, and the timer of scheduled releases.
export {
  CACHEABLE_HEADER,
  PUBLIC_CACHE_CONTROL,
  PageCache,
  activateDueReleasesNow,
  chooseEncoding,
  isNotModified,
  releaseTagOf,
} from "~/utils/page-cache.server";
// Tells a database that cannot be reached from other errors (the public pages' cache then sends its last copy).
export { databaseTroubleOf } from "~/utils/db-trouble.server";
// The static-site exporter, for `npm run cli -- export-site` (it renders pages with this same build).
export { exportSite } from "~/static-site/export.server";
import { CACHEABLE_HEADER } from "~/utils/page-cache.server";

// Fail at start, not at the first sign-in: in production the server refuses to run without SESSION_SECRET.
getSessionSecret();

/** Whether the matched routes load the client app (`handle = { hydrate: true }`, see root.tsx). */
function hydrates(context: EntryContext): boolean {
  return context.staticHandlerContext.matches.some((m) => asksForHydration(context.routeModules[m.route.id]?.handle));
}

/**
 * Every page is rendered on the server as one complete document (nothing is deferred), in one of two ways:
 * - public pages send no script, so they are rendered with renderToString: whole HTML for citizens, bots and
 *   printing, and none of the data-transfer scripts that hydration needs;
 * - pages that hydrate (the admin) are rendered with renderToPipeableStream, waiting for everything
 *   (onAllReady), because single fetch hands the loader data to the browser through the stream; without it
 *   the client never hydrates. The stream is passed on as bytes, never decoded in pieces.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : "";
  // The database failed under this request (db-trouble.server.ts): its own status and page, with no script.
  const trouble = databaseTroubleOfRequest(request);
  if (trouble) {
    responseStatusCode = TROUBLE_STATUS[trouble];
    responseHeaders.set("Retry-After", "30");
    responseHeaders.set("Cache-Control", "no-store");
  }
  const app = (
    <NonceProvider value={nonce}>
      <DatabaseTroubleProvider value={trouble}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </DatabaseTroubleProvider>
    </NonceProvider>
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  if (trouble || !hydrates(remixContext)) {
    // Complete HTML with no script and no nonce: the server may keep it for the release (page-cache.server.ts).
    if (responseStatusCode === 200) responseHeaders.set(CACHEABLE_HEADER, "1");
    return new Response(`<!DOCTYPE html>${renderToString(app)}`, { headers: responseHeaders, status: responseStatusCode });
  }
  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode;
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      onAllReady() {
        const body = withoutPaddingBytes();
        body.write("<!DOCTYPE html>");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        status = 500;
        console.error(error);
      },
    });
    // A render still running after 10 s is abandoned; the timer never holds the process open.
    setTimeout(abort, 10_000).unref();
  });
}

/**
 * Errors a visitor causes (a 404, a 405 for a method a route does not take, an aborted request) are answers,
 * not faults: they are not logged with a stack trace. Everything else is.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const trouble = databaseTroubleOf(error);
  if (trouble) {
    noteDatabaseTrouble(request, trouble);
    console.error(`[db] ${trouble === "full" ? "database full" : "database unavailable"}: ${request.method} ${new URL(request.url).pathname}: ${(error as Error)?.message ?? String(error)}`);
    return;
  }
  console.error(error);
};
