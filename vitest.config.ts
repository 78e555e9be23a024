import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generous limits: a test must pass on a loaded 2-core machine, so no test relies on a time margin;
    // these only stop a test that hangs.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
