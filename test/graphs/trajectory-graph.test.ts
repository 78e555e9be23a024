import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { parseTask } from "../../src/schema/task.js";
import { trajectorySchema } from "../../src/schema/trajectory.js";

const task = parseTask(JSON.parse(readFileSync(new URL("../fixtures/book-task.json", import.meta.url), "utf8")));

describe("trajectory graph on the simulator", () => {
  for (const protocol of ["native", "tagged"] as const) {
    it(`plays a sequential task to a final answer (${protocol})`, async () => {
      const record = await simulateTask(task, { models: resolveRoleModels(), protocol });
      expect(record.reason).toBeUndefined();
      expect(trajectorySchema.parse(record)).toBeTruthy();
      const roles = record.messages.map((message) => message.role);
      expect(roles).toEqual(["system", "user", "assistant", "tool", "assistant", "tool", "assistant"]);
      const calls = record.messages.flatMap((message) => (message.role === "assistant" ? (message.tool_calls ?? []) : []));
      expect(calls.map((call) => call.function.name)).toEqual(["get_book_author", "get_person_birthday"]);
      expect(JSON.parse(calls[0]!.function.arguments)).toEqual({ title: "The Silent Orchard" });
      // The second call consumes the first call's output.
      const author = JSON.parse((record.messages[3] as { content: string }).content).author;
      expect(JSON.parse(calls[1]!.function.arguments)).toEqual({ author });
      expect(record.usage?.total.prompt_tokens).toBeGreaterThan(0);
    });
  }
});
