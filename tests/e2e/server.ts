import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresDatabase, TEST_ENGINE } from "../setup/engine";

/**
 * Starts the built app (build/server/index.js, as `npm start` serves it) on a free port with its own database
 * on the suite's engine (a SQLite file, or a new PostgreSQL database when TEST_POSTGRES_URL is set; see
 * tests/setup/engine.ts), migrated and loaded with the sample catalog by the real `setup` command.
 */

export interface RunningServer {
  baseUrl: string;
  /** The server process (its memory is read from /proc by the benchmarks). */
  pid: number;
  /** The server's DATABASE_URL: a SQLite file path, or a postgres:// URL. */
  databasePath: string;
  /** What `npm run cli -- setup` printed (it prints the first admin's password once). */
  setupOutput: string;
  /** Everything the server printed so far. */
  log(): string;
  stop(): Promise<void>;
  /** kill -9: no graceful stop, requests in flight cut off (the fault tests). */
  kill(): Promise<void>;
}

const root = process.cwd();
/** The built command line (scripts/build-cli.mjs): what the tests of the built app run for `npm run cli`. */
export const CLI_BUNDLE = join(root, "build", "cli", "main.mjs");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      // Each attempt is bounded: a connection that never answers is retried, not waited on forever.
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** The first admin's password, printed once by `npm run cli -- setup`. */
export function adminPasswordOf(server: RunningServer): string {
  const match = /mật khẩu:\s+(\S+)/.exec(server.setupOutput);
  if (!match) throw new Error(`setup did not print the admin password:\n${server.setupOutput}`);
  return match[1];
}

export const TEST_SESSION_SECRET = "test-session-secret-0123456789abcdef0123456789";

export async function startServer(
  options: {
    databasePath?: string;
    setup?: boolean;
    sessionSecret?: string;
    env?: NodeJS.ProcessEnv;
    /** `env` is the server's whole environment (besides the database, secret and port), not added to ours. */
    replaceEnv?: boolean;
    args?: string[];
  } = {},
): Promise<RunningServer> {
  for (const built of [join(root, "build", "server", "index.js"), CLI_BUNDLE]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does it).`);
  }
  let setupOutput = "";
  const databasePath =
    options.databasePath ??
    (TEST_ENGINE === "postgres" ? await createPostgresDatabase() : join(mkdtempSync(join(tmpdir(), "niemyet-e2e-")), "app.sqlite"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databasePath,
    NODE_ENV: "production",
    SESSION_SECRET: options.sessionSecret ?? TEST_SESSION_SECRET,
  };
  if (options.setup !== false) {
    const setup = spawnSync(process.execPath, [CLI_BUNDLE, "setup"], { env, encoding: "utf8" });
    if (setup.status !== 0) throw new Error(`setup failed:\n${setup.stdout}\n${setup.stderr}`);
    setupOutput = setup.stdout;
  }
  const port = await freePort();
  let log = "";
  const child = spawn(process.execPath, [join(root, "scripts", "server.mjs"), ...(options.args ?? [])], {
    env: {
      ...(options.replaceEnv ? { DATABASE_URL: databasePath, SESSION_SECRET: env.SESSION_SECRET } : env),
      ...options.env,
      PORT: String(port),
      HOST: "127.0.0.1",
    } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  let stopping = false;
  // A server that dies under a test is reported with what it printed (a test then sees only refused connections).
  child.once("exit", (code, signal) => {
    if (!stopping) console.error(`[test] server on port ${port} exited unexpectedly (${code ?? signal}):\n${log}`);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  // Any answer of /readyz: a server started on a database it cannot use still answers (503), as tests expect.
  await waitForHttp(`${baseUrl}/readyz`, child, () => log);
  return {
    baseUrl,
    pid: child.pid ?? 0,
    databasePath,
    setupOutput,
    log: () => log,
    async kill() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      });
    },
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        // A server that has not exited 10 s after SIGTERM is killed, and the log says so.
        const force = setTimeout(() => {
          log += "\n[test] server did not exit within 10 s of SIGTERM; killed\n";
          child.kill("SIGKILL");
        }, 10_000);
        child.once("exit", () => {
          clearTimeout(force);
          resolve();
        });
        child.kill("SIGTERM");
      });
    },
  };
}
