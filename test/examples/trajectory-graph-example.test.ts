import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../examples/trajectory-graph.ts", import.meta.url));

describe("examples/trajectory-graph.ts", () => {
  it("plays one example task out with one command and prints the dialogue", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", script, "ex-02-weather-compare", "--tagged"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("task ex-02-weather-compare (parallel-then-sequential)");
    expect(result.stdout).toMatch(/→ get_weather_forecast\(\{"city":"Lisbon","date":"2025-06-14"\}\)/);
    expect(result.stdout).toMatch(/→ get_weather_forecast\(\{"city":"Porto","date":"2025-06-14"\}\)/);
    expect(result.stdout.trim().split("\n").at(-1)).toMatch(/^accepted; tokens/);
  });
});
