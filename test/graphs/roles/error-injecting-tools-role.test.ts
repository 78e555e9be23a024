import { describe, expect, it } from "vitest";
import { z } from "zod";
import { simulateTask } from "../../../src/graphs/trajectory-graph.js";
import { trajectoryGraph } from "../../../src/graphs/trajectory-graph-builder.js";
import { errorInjectingToolsRole, type ErrorInjectionSettings } from "../../../src/graphs/trajectory/error-injecting-tools-role.js";
import { resolveRoleModels } from "../../../src/models/resolve-model.js";
import { ScriptedChatModel } from "../../../src/models/scripted-chat-model.js";
import { trajectorySchema, type Message, type TrajectoryRecord } from "../../../src/schema/trajectory.js";
import { realTool } from "../../../src/tools/real-tool.js";
import { isToolErrorResult, toolErrorResult } from "../../../src/tools/tool-error-result.js";
import { bookTask, exampleTasks } from "../../helpers/fixtures.js";

const sim = () => resolveRoleModels();
const withErrors = (settings: ErrorInjectionSettings) => trajectoryGraph().replaceRole(errorInjectingToolsRole(settings));

type Assistant = Extract<Message, { role: "assistant" }>;
type Tool = Extract<Message, { role: "tool" }>;

/** For every error result: the call it answered, and the assistant turn that came next. */
function errorsAndRecoveries(record: TrajectoryRecord) {
  const callsById = new Map<string, { name: string; arguments: string }>();
  const found: Array<{ call: { name: string; arguments: string }; type: string; retry?: { id: string; name: string; arguments: string } }> = [];
  record.messages.forEach((message, index) => {
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) callsById.set(call.id, call.function);
    if (message.role !== "tool" || !isToolErrorResult(message.content)) return;
    const call = callsById.get(message.tool_call_id)!;
    const next = record.messages.slice(index + 1).find((later) => later.role === "assistant") as Assistant;
    const retry = next.tool_calls?.find((candidate) => candidate.function.name === call.name && candidate.function.arguments === call.arguments);
    found.push({ call, type: JSON.parse(message.content).error.type, retry: retry && { id: retry.id, ...retry.function } });
  });
  return found;
}

function resultOf(record: TrajectoryRecord, callId: string): string {
  return (record.messages.find((message) => message.role === "tool" && message.tool_call_id === callId) as Tool).content;
}

describe("error-injecting tools role", () => {
  it("fails every fresh call once at rate 1; the simulated assistant retries and recovers (both protocols)", async () => {
    for (const protocol of ["native", "tagged"] as const) {
      for (const task of exampleTasks().slice(0, 8)) {
        const record = await withErrors({ rate: 1 }).simulate(task, { models: sim(), protocol });
        trajectorySchema.parse(record);
        expect(record.reason, `${task.id} ${protocol}`).toBeUndefined();
        const errors = errorsAndRecoveries(record);
        expect(errors.length, task.id).toBeGreaterThan(0);
        for (const error of errors) {
          expect(error.retry, `${task.id}: ${error.call.name} was not retried`).toBeDefined();
          expect(isToolErrorResult(resultOf(record, error.retry!.id))).toBe(false);
        }
        const injected = (record.meta.roles as { tools: { injected: Array<{ type: string }> } }).tools.injected;
        expect(injected.map((entry) => entry.type)).toEqual(errors.map((error) => error.type));
      }
    }
  });

  it("writes realistic error results of the configured types", async () => {
    const record = await withErrors({ rate: 1, types: ["rate_limited"] }).simulate(bookTask(), { models: sim() });
    const errors = record.messages.filter((message) => message.role === "tool" && isToolErrorResult(message.content)) as Tool[];
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      const parsed = JSON.parse(error.content);
      expect(Object.keys(parsed)).toEqual(["error"]);
      expect(parsed.error.type).toBe("rate_limited");
      expect(parsed.error.message).toMatch(/^Too many requests to get_(book_author|person_birthday)\. Retry after \d seconds\.$/);
      expect(parsed.error.retry_after_seconds).toBeGreaterThanOrEqual(1);
    }
    const assistantAfterError = record.messages[4] as Assistant;
    expect(assistantAfterError.content).toMatch(/^The call to get_book_author failed \(rate_limited: Too many requests/);
  });

  it("is deterministic per seed and call, and at rate 0 changes nothing", async () => {
    const tasks = exampleTasks().slice(0, 10);
    const run = (seed: number) => Promise.all(tasks.map((task) => withErrors({ rate: 0.4 }).simulate(task, { models: sim(), seed })));
    const pattern = (records: TrajectoryRecord[]) => records.map((record) => errorsAndRecoveries(record).map((error) => `${error.call.name}:${error.type}`));
    const first = await run(3);
    expect(JSON.stringify(await run(3))).toBe(JSON.stringify(first));
    expect(pattern(await run(4))).not.toEqual(pattern(first));
    expect(pattern(first).flat().length).toBeGreaterThan(0);
    for (const task of tasks.slice(0, 3)) {
      const none = await withErrors({ rate: 0 }).simulate(task, { models: sim() });
      expect(none.messages).toEqual((await simulateTask(task, { models: sim() })).messages);
      expect(none.meta.roles).toBeUndefined();
    }
  });

  it("never caches an error: the retry runs for real, a later repeat gets the cached success", async () => {
    const call = { content: "Trying.", tool_calls: [{ name: "get_book_author", args: { title: "A" } }] };
    const assistant = new ScriptedChatModel([call, call, call, "Done."]);
    const tool = new ScriptedChatModel(['{"author":"Ann Lee","publication_year":1999}']);
    const record = await withErrors({ rate: 1 }).simulate(bookTask(), { models: { ...sim(), assistant, tool } });
    expect(record.reason).toBeUndefined();
    const results = record.messages.filter((message) => message.role === "tool").map((message) => (message as Tool).content);
    expect(isToolErrorResult(results[0])).toBe(true);
    expect(results.slice(1)).toEqual(['{"author":"Ann Lee","publication_year":1999}', '{"author":"Ann Lee","publication_year":1999}']);
    expect(tool.calls).toHaveLength(1);
  });

  it("never runs a real tool for an injected failure; past one retry the assistant reports the failure", async () => {
    let runs = 0;
    const lookup = realTool({
      name: "get_book_author",
      input: z.object({ title: z.string() }),
      run: () => {
        runs++;
        return { author: "Ann Lee", publication_year: 1999 };
      },
    });
    const authorResults = (record: TrajectoryRecord) =>
      (record.messages.filter((message) => message.role === "tool" && message.name === "get_book_author") as Tool[]).map((message) => message.content);
    const once = await withErrors({ rate: 1, errorsPerCall: 1 }).simulate(bookTask(), { models: sim(), realTools: { get_book_author: lookup } });
    expect(once.reason).toBeUndefined();
    expect(authorResults(once).map((content) => isToolErrorResult(content))).toEqual([true, false]);
    expect(JSON.parse(authorResults(once)[1]!)).toEqual({ author: "Ann Lee", publication_year: 1999 });
    expect(runs).toBe(1);

    const twice = await withErrors({ rate: 1, errorsPerCall: 2 }).simulate(bookTask(), { models: sim(), realTools: { get_book_author: lookup } });
    expect(twice.reason).toBeUndefined();
    expect(authorResults(twice).map((content) => isToolErrorResult(content))).toEqual([true, true]);
    expect(runs).toBe(1);
    expect((twice.messages.at(-1) as Assistant).content).toMatch(/I could not complete get book author: /);
  });

  it("lets a real tool report a failure by returning an error result, which is passed on and not cached", async () => {
    const calls: string[] = [];
    const lookup = realTool({
      name: "get_book_author",
      input: z.object({ title: z.string() }),
      run: ({ title }) => {
        calls.push(title);
        return toolErrorResult("not_found", `No book titled ${JSON.stringify(title)} in the catalogue.`);
      },
    });
    const record = await simulateTask(bookTask(), { models: sim(), realTools: { get_book_author: lookup } });
    expect(record.reason).toBeUndefined();
    const results = record.messages.filter((message) => message.role === "tool") as Tool[];
    expect(results.map((message) => JSON.parse(message.content))).toEqual([
      { error: { type: "not_found", message: 'No book titled "The Silent Orchard" in the catalogue.' } },
      { error: { type: "not_found", message: 'No book titled "The Silent Orchard" in the catalogue.' } },
    ]);
    expect(calls).toEqual(["The Silent Orchard", "The Silent Orchard"]);
    expect((record.messages.at(-1) as Assistant).content).toContain('I could not complete get book author: No book titled "The Silent Orchard" in the catalogue.');
  });

  it("rejects settings it cannot use, saying which", () => {
    expect(() => errorInjectingToolsRole({ rate: 1.5 })).toThrow(/rate must be between 0 and 1, got 1.5/);
    expect(() => errorInjectingToolsRole({ rate: 0.1, types: [] })).toThrow(/at least one error type/);
  });
});
