/**
 * A throwaway PostgreSQL cluster for the test suite and the benchmarks: `initdb` in a temp folder, `postgres`
 * on a free loopback port with durability off (fsync=off: nothing here must survive the run), one database.
 * As root (CI), the server runs as the `postgres` user, since initdb and postgres refuse root.
 * Returns null when no PostgreSQL server binaries are installed.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function postgresBinDir() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], "bin") : null;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startCluster({ database = "niemyet", maxConnections = 300, log = () => {} } = {}) {
  const bin = postgresBinDir();
  if (!bin) return null;
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "niemyet-pg-"));
  chmodSync(dir, 0o755);
  let uid;
  let gid;
  if (isRoot) {
    const id = (flag) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
    uid = id("-u");
    gid = id("-g");
    if (!Number.isInteger(uid) || Number.isNaN(uid)) throw new Error("PostgreSQL is installed but there is no postgres user to run it as");
    chownSync(dir, uid, gid);
  }
  const as = (command, args) => (isRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]);
  const data = join(dir, "data");
  const [initCmd, initArgs] = as(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const init = spawnSync(initCmd, initArgs, { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
  const port = await freePort();
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: dir,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: String(maxConnections),
    shared_buffers: "256MB",
    log_lock_waits: "on",
  };
  const [pgCmd, pgArgs] = as(join(bin, "postgres"), ["-D", data, ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])]);
  // The server's log goes to a file, never to a pipe of this process: `npm test` runs each stage with spawnSync,
  // which leaves a pipe unread for the whole stage, and once its buffer is full every PostgreSQL process that logs
  // (the checkpointer first) blocks, and with it every DROP DATABASE (the hang of the CI run of 2026-12-03).
  const logFile = join(dir, "server.log");
  const readLog = () => {
    try {
      return readFileSync(logFile, "utf8");
    } catch {
      return "";
    }
  };
  /** Starts the postgres server on the cluster's data and port and waits until it accepts connections. */
  const launch = async () => {
    const logFd = openSync(logFile, "a");
    const child = spawn(pgCmd, pgArgs, { stdio: ["ignore", logFd, logFd] });
    closeSync(logFd);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}):\n${readLog()}`);
      const ready = spawnSync(join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres"]);
      if (ready.status === 0) return;
      if (Date.now() > deadline) throw new Error(`postgres did not start within 30 s:\n${readLog()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** Stops the postgres server (fast: open sessions are ended), keeping the data; false when pg_ctl failed. */
  const halt = () => {
    const [ctlCmd, ctlArgs] = as(join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "fast", "-w", "-t", "30"]);
    return spawnSync(ctlCmd, ctlArgs, { encoding: "utf8" }).status === 0;
  };
  await launch();
  const created = spawnSync(join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", database], { encoding: "utf8" });
  if (created.status !== 0) throw new Error(`createdb failed:\n${created.stderr}`);
  log(`› PostgreSQL ${bin.split("/").at(-2)} on 127.0.0.1:${port} (throwaway cluster in ${dir})`);
  const url = `postgres://postgres@127.0.0.1:${port}/${database}`;
  // Stopped with pg_ctl (as root, signals sent to `runuser` are not passed on to postgres, so killing the child
  // would leave the server running and a caller awaiting its exit would wait forever). Also on any exit of this
  // process (a failing test stage exits at once), so no cluster outlives its run.
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    // What the server said about waits that held up the run (a drop waiting on a backend, a lock): shown once.
    const waits = readLog().split("\n").filter((line) => /still waiting|deadlock|canceling statement due to statement timeout/.test(line));
    if (waits.length) log(`› PostgreSQL reported waits during the run:\n${waits.slice(0, 40).join("\n")}`);
    if (!halt()) {
      // pg_ctl could not stop it: end the postmaster itself (its pid is the first line of postmaster.pid).
      try {
        process.kill(Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]), "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopNow);
  const stop = async () => stopNow();
  // For the fault tests: the database server going away (`halt`, as an operator's restart or a crash of it would)
  // and coming back (`resume`) on the same port with the same data.
  const resume = () => {
    if (stopped) throw new Error("the cluster was stopped for good");
    return launch();
  };
  return { url, port, stop, halt: () => Promise.resolve(halt()), resume, output: readLog };
}
