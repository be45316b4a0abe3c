import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";

/**
 * Settings read from the environment, checked once. The session secret comes from SESSION_SECRET, or from
 * the file named by SESSION_SECRET_FILE (created with a random secret on first use: `npm start`'s demo mode
 * points it at data/session-secret). In production (NODE_ENV=production) with neither, the server refuses to
 * start; in development it uses data/session-secret.
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
  const file = env.SESSION_SECRET_FILE?.trim();
  if (file) {
    cached = readOrCreateSecretFile(file);
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

/** Reads a generated secret, creating it (mode 0600) on first use. */
function readOrCreateSecretFile(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(32).toString("hex") + "\n", { mode: 0o600 });
  }
  return readFileSync(path, "utf8").trim();
}
