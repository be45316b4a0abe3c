import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";

/**
 * Settings read from the environment, checked once. In production (NODE_ENV=production) SESSION_SECRET is
 * required and the server refuses to start without it; elsewhere a secret is generated once and kept in
 * data/session-secret so sessions survive restarts of the development server.
 */

export const DEV_SECRET_FILE = join("data", "session-secret");
const MIN_SECRET_LENGTH = 32;

let cached: string | undefined;

export function getSessionSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (cached) return cached;
  const fromEnv = env.SESSION_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(`SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters long.`);
    }
    cached = fromEnv;
    return cached;
  }
  if (env.NODE_ENV === "production") {
    throw new Error(
      "SESSION_SECRET is not set. In production the server refuses to start without it " +
        "(generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\").",
    );
  }
  cached = readOrCreateSecretFile(DEV_SECRET_FILE);
  return cached;
}

/** Reads a generated secret, creating it (mode 0600) on first use. Shared with scripts/start.mjs's logic. */
export function readOrCreateSecretFile(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(32).toString("hex") + "\n", { mode: 0o600 });
  }
  return readFileSync(path, "utf8").trim();
}
