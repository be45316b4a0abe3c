import { afterAll } from "vitest";
import { dropPostgresDatabases } from "./engine";

// Setup file (vitest.config `setupFiles`): each test file drops the PostgreSQL databases it created.
afterAll(async () => {
  await dropPostgresDatabases();
});
