import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { trajectoryGraph } from "../../src/graphs/trajectory-graph-builder.js";
import { criticRole } from "../../src/graphs/trajectory/critic-role.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { ScriptedChatModel } from "../../src/models/scripted-chat-model.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";
import { preferencePairs } from "../../src/preferences/preference-pairs.js";
import { PREFERENCES_FILE, preferenceRecordSchema } from "../../src/preferences/preference-record.js";
import { appendPreferences, preferencesJsonl } from "../../src/preferences/preference-writer.js";
import { realTool } from "../../src/tools/real-tool.js";
import { bookTask } from "../helpers/fixtures.js";

const lookup = realTool({
  name: "get_book_author",
  input: z.object({ title: z.string() }),
  run: () => ({ author: "Ann Lee", publication_year: 1999 }),
});
const callAuthor = { content: "Looking it up.", tool_calls: [{ name: "get_book_author", args: { title: "The Silent Orchard" } }] };
const graph = trajectoryGraph().addRole(criticRole({ maxRounds: 2 }), { between: ["assistant", "end"] });
// Only the author step: the scripted answers finish after one lookup, and a final answer before every step is served is premature.
const authorTask = { ...bookTask(), subtasks: bookTask().subtasks.slice(0, 1), functions: bookTask().functions.filter((spec) => spec.name === "get_book_author") };
const simulate = (assistant: ScriptedChatModel) =>
  graph.simulate(authorTask, { models: { ...resolveRoleModels(), assistant, critic: new SimChatModel() }, realTools: { get_book_author: lookup } });

describe("preference pairs", () => {
  it("pairs each answer the critic sent back with the accepted one, on the prompt the rejected answer saw", async () => {
    const record = await simulate(new ScriptedChatModel([callAuthor, "It is by someone.", "It is by Ann Lee.", "Ann Lee wrote it in 1999."]));
    expect(record.reason).toBeUndefined();
    const pairs = preferencePairs(record);
    expect(pairs).toHaveLength(2);
    const [first, second] = pairs.map((pair) => preferenceRecordSchema.parse(pair));
    expect(first!.prompt).toEqual(record.messages.slice(0, 4));
    expect(first!.rejected).toEqual([{ role: "assistant", content: "It is by someone." }]);
    expect(first!.chosen).toEqual([{ role: "assistant", content: "Ann Lee wrote it in 1999." }]);
    expect(first!.meta).toMatchObject({ task_id: "t-book-author", trajectory_id: record.id, round: 1 });
    expect(first!.meta.feedback).toMatch(/author \(Ann Lee\)/);
    // The second rejected answer saw the first one and its feedback.
    expect(second!.prompt).toEqual(record.messages.slice(0, 6));
    expect(second!.rejected).toEqual([{ role: "assistant", content: "It is by Ann Lee." }]);
    expect(second!.meta.round).toBe(2);
    expect(second!.tools).toEqual(record.tools);
    expect(new Set(pairs.map((pair) => pair.id)).size).toBe(2);
  });

  it("keeps no pair when the assistant called functions between the two answers", async () => {
    const record = await simulate(new ScriptedChatModel([callAuthor, "It is by someone.", callAuthor, "Ann Lee wrote it in 1999."]));
    expect(record.reason).toBeUndefined();
    expect(record.messages.filter((message) => message.role === "user")).toHaveLength(2);
    expect(preferencePairs(record)).toEqual([]);
  });

  it("finds nothing in a trajectory without a critic", async () => {
    const record = await trajectoryGraph().simulate(bookTask(), { models: resolveRoleModels() });
    expect(preferencePairs(record)).toEqual([]);
  });

  it("writes validated JSONL, appending", async () => {
    const record = await simulate(new ScriptedChatModel([callAuthor, "It is by someone.", "Ann Lee wrote it in 1999."]));
    const pairs = preferencePairs(record);
    const folder = await mkdtemp(join(tmpdir(), "button-preferences-"));
    try {
      const file = join(folder, "run", PREFERENCES_FILE);
      await appendPreferences(file, pairs);
      await appendPreferences(file, pairs);
      await appendPreferences(file, []);
      const lines = (await readFile(file, "utf8")).trim().split("\n");
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[0]!)).toEqual(pairs[0]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    expect(() => preferencesJsonl([{ ...pairs[0]!, chosen: [] }])).toThrow();
  });
});
