import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { trajectorySchema } from "../../src/schema/trajectory.js";

const repository = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

describe("examples/messy-model.ts", () => {
  it("plays every example task on the messy simulator and reports no leaked fault", async () => {
    const { stdout, stderr } = await run(process.execPath, [join(repository, "node_modules/tsx/dist/cli.mjs"), "examples/messy-model.ts"], {
      cwd: repository,
      maxBuffer: 64 * 1024 * 1024,
    });
    const records = stdout
      .trim()
      .split("\n")
      .map((line) => trajectorySchema.parse(JSON.parse(line)));
    expect(records).toHaveLength(22);
    expect(stderr).toMatch(/\| \*\*all\*\* \| \d+ \| \d+ \| \d+ \| 0 \|/);
    const accepted = Number(/(\d+)\/22 accepted/.exec(stderr)![1]);
    expect(accepted).toBeGreaterThanOrEqual(18);
  });
});
