import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { trajectorySchema } from "../../src/schema/trajectory.js";

const repository = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

describe("examples/negative-variants.ts", () => {
  it("makes every variant asked for, and every trajectory passes its checks", async () => {
    const { stdout, stderr } = await run(process.execPath, [join(repository, "node_modules/tsx/dist/cli.mjs"), "examples/negative-variants.ts"], {
      cwd: repository,
      maxBuffer: 64 * 1024 * 1024,
    });
    const records = stdout.trim().split("\n").map((line) => trajectorySchema.parse(JSON.parse(line)));
    const made = JSON.parse(/variants made: (\{.*\})/.exec(stderr)![1]!) as Record<string, number>;
    for (const name of ["irrelevance", "missing-info", "missing-function", "retired-service"]) expect(made[name], name).toBeGreaterThan(0);
    expect(records.filter((record) => record.reason !== undefined)).toEqual([]);
    const retired = records.filter((record) => record.tools.some((tool) => tool.function.name === "get_service_status"));
    expect(retired).toHaveLength(made["retired-service"]!);
    for (const record of retired) expect(record.messages.some((message) => message.role === "assistant" && message.tool_calls?.length)).toBe(false);
  });
});
