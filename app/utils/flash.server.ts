import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { getSessionSecret } from "./env.server";

/**
 * One-time messages after a successful POST ("Đã lưu …"), carried across the redirect that follows it
 * (post → redirect → get), so refreshing the page never submits again. A signed cookie of Remix's session
 * storage, separate from the sign-in session; it holds only the message.
 */

type FlashData = { message: string };
let storage: ReturnType<typeof createCookieSessionStorage<Record<string, never>, FlashData>> | undefined;
function flashStorage() {
  storage ??= createCookieSessionStorage<Record<string, never>, FlashData>({
    cookie: { name: "niemyet_flash", secrets: [getSessionSecret()], httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 },
  });
  return storage;
}

const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

/** A redirect that shows `message` once on the page it leads to. */
export async function redirectWithFlash(request: Request, to: string, message: string): Promise<Response> {
  const session = await flashStorage().getSession(request.headers.get("Cookie"));
  session.flash("message", message);
  return redirect(to, { headers: { "Set-Cookie": await flashStorage().commitSession(session, { secure: isHttps(request) }) } });
}

/** The message waiting for this page (if any), and the header that clears it. */
export async function takeFlash(request: Request): Promise<{ message: string | null; headers: HeadersInit }> {
  const session = await flashStorage().getSession(request.headers.get("Cookie"));
  const message = session.get("message");
  if (typeof message !== "string") return { message: null, headers: {} };
  return { message, headers: { "Set-Cookie": await flashStorage().commitSession(session, { secure: isHttps(request) }) } };
}
