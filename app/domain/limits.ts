/**
 * Every size limit of the app that is not a property of one field, set once (docs/decisions/004-limits.md).
 * Field limits (`maxLength`, `maxItems`) live in schemas/ and hold wherever a document is written: the editor,
 * the catalog import and (later) the API all validate with the same schemas. The limits here are read by the
 * HTTP server (scripts/server.mjs reads them from the built entry module), the models and the CLI.
 */
import { isAdminPath } from "./paths";

const KB = 1024;
const MB = 1024 * KB;

/** Request line and headers, enforced by the HTTP server before any route runs. */
export const REQUEST_LIMITS = {
  /** Characters of the request target (path and query string): longer → 414. */
  urlChars: 2048,
  /** Bytes of all request headers together (Node's maxHeaderSize): larger → 431. */
  headerBytes: 16 * KB,
  /**
   * Seconds a client has to send a request's headers, and the whole request with its body (an upload of BODY_LIMITS.admin
   * at some 50 KB/s): past them the server answers 408 and closes the connection, so a client that sends slowly
   * (on purpose or not) cannot hold a connection. The operator may change them (HEADERS_TIMEOUT_S, REQUEST_TIMEOUT_S).
   */
  headersSeconds: 20,
  requestSeconds: 120,
  /** Seconds an idle keep-alive connection stays open: longer than clients' and proxies' own (undici 4 s, nginx 60 s). */
  keepAliveSeconds: 65,
} as const;

/**
 * Request bodies by route kind, in bytes, enforced by the server while the body arrives (413 past the limit,
 * nothing read further and nothing stored). The admin limit leaves room for one whole document of
 * DOCUMENT_MAX_BYTES sent URL-encoded (Vietnamese letters take up to 9 bytes each that way).
 */
export const BODY_LIMITS = {
  signIn: 4 * KB,
  admin: 5 * MB,
  other: 4 * KB,
} as const;

export type BodyKind = keyof typeof BODY_LIMITS;

export function bodyKindOf(pathname: string): BodyKind {
  if (pathname === "/login") return "signIn";
  if (isAdminPath(pathname)) return "admin";
  return "other";
}

/**
 * One stored document, serialised as JSON. The largest real procedure record on the national portal is about
 * 30 KB; this leaves a wide margin while keeping a page of one document small enough for a phone.
 */
export const DOCUMENT_MAX_BYTES = 512 * KB;

/** One file of a catalog folder (a document's .json or .mdx): larger files are refused unread. */
export const CATALOG_FILE_MAX_BYTES = DOCUMENT_MAX_BYTES;

/** Account fields (the sign-in and user forms, the CLI). */
/** Units of government (app/models/unit.server.ts, /admin/units, `cli unit`). */
export const UNIT_LIMITS = {
  nameMax: 200,
  /** A retirement's reason (e.g. the merger resolution's number). */
  reasonMax: 500,
} as const;

export const ACCOUNT_LIMITS = {
  usernameMin: 2,
  usernameMax: 60,
  displayNameMax: 120,
  passwordMin: 10,
  passwordMax: 200,
} as const;

/**
 * Text written to the audit log and the failed-sign-in table is cut to these sizes (in characters), so what
 * an anonymous visitor types can never grow the append-only chain by more than a fixed amount per request.
 */
export const LOGGED_TEXT_LIMITS = {
  actor: 80,
  docKind: 40,
  docKey: 120,
  summary: 1000,
  clientAddress: 64,
  /** The name typed at sign-in, as quoted in the log and kept for throttling. */
  typedUsername: 80,
} as const;

/** Cuts a text to `max` characters (code points, so a Vietnamese letter is never split), marking the cut. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * The read-only JSON API (/api/v1/…): requests per client address and minute (past it: 429 with Retry-After),
 * how many client addresses the counter remembers (the oldest forgotten first, so no visitor grows it without
 * bound), and the largest page of a list.
 */
export const API_LIMITS = {
  requestsPerMinute: 120,
  clientsTracked: 10_000,
  pageSizeMax: 100,
  pageSizeDefault: 20,
} as const;

/**
 * Files an officer imports (the national portal's record JSON, a zip of them, a province's .xlsx or .csv list),
 * the same from the CLI and from the admin upload (docs/decisions/020-imports.md). A zip is read entry by entry
 * without trusting its headers: past any limit the import stops with an error naming the file, and nothing is
 * written. One record may not be larger than a stored document.
 */
export const IMPORT_LIMITS = {
  /** One uploaded or named file (a zip counts as one file). */
  fileBytes: 4 * MB,
  /** Files in one import: named on the command line, uploaded together, or inside zips. */
  files: 500,
  /** All files together, after unzipping. */
  totalBytes: 40 * MB,
  /** One JSON record file (inside a zip or not). */
  recordBytes: DOCUMENT_MAX_BYTES * 2,
  /** Rows of one spreadsheet or CSV list, header rows included. */
  rows: 5_000,
  /** Columns of one spreadsheet or CSV list. */
  columns: 60,
  /** Characters of one spreadsheet cell. */
  cellChars: 20_000,
} as const;
