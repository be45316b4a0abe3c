/**
 * Liveness: 200 while the process answers HTTP, whatever the database does (a supervisor restarts a process that
 * stops answering; a database outage is /readyz's business). Public, no data disclosed.
 */
export function loader() {
  return new Response("ok\n", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
