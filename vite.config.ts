import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";
import remixConfig from "./remix.config.js";

export default defineConfig({
  plugins: [!process.env.VITEST && remix(remixConfig)],
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  server: { port: Number(process.env.PORT ?? 3000) },
  // Pre-bundled at dev start: discovered later, Vite re-optimises and the page ends up with two Reacts.
  optimizeDeps: { include: ["@rjsf/core", "@rjsf/utils", "react", "react-dom", "react-dom/client", "react/jsx-runtime"] },
  test: {
    include: ["app/**/*.test.ts", "tests/**/*.test.ts", "tests/**/*.test.tsx"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    server: { deps: { inline: ["kysely"] } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["tests/setup/postgres-cleanup.ts"],
  },
});

// Loader and action types follow single fetch (future.v3_singleFetch in remix.config.js).
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
