import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

/** Browser and HTTP tests against the built server (see tests/setup/server.ts). */
export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
    setupFiles: ["tests/setup/postgres-cleanup.ts"],
  },
});
