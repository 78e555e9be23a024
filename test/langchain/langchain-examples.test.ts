import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { trajectorySchema } from "../../src/schema/trajectory.js";

const repository = fileURLToPath(new URL("../../", import.meta.url));

/** Run an example the documented way (`tsx examples/<name>.ts`). */
async function runExample(name: string, args: string[] = []): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(repository, "node_modules/tsx/dist/cli.mjs"), `examples/${name}.ts`, ...args], {
      cwd: repository,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe("LangChain examples", () => {
  it("provider-models: runs offline on sim, and names the package a provider needs", async () => {
    const offline = await runExample("provider-models");
    expect(offline.code).toBe(0);
    const record = trajectorySchema.parse(JSON.parse(offline.stdout));
    expect(record.reason).toBeUndefined();

    const missing = await runExample("provider-models", ["anthropic:some-model"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe("Model 'anthropic:some-model' needs the package @langchain/anthropic: run `npm install @langchain/anthropic`.");
  });

  it("langchain-tracing: every model call is printed with its task, role and the user's tags", async () => {
    const { stdout, code } = await runExample("langchain-tracing");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) {
      const [kind, role, taskId, ...tags] = line.split(" ");
      expect(kind).toBe("model");
      expect(tags).toEqual(["team:travel", `button:task:${taskId}`, `button:role:${role}`, "button:stage:simulate"]);
    }
    expect(new Set(lines.map((line) => line.split(" ")[1]))).toEqual(new Set(["user", "assistant", "tool"]));
  });
});
