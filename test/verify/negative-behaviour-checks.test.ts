import { describe, expect, it } from "vitest";
import { applyNegativeVariants, irrelevanceVariant, missingFunctionVariant, missingInfoVariant } from "../../src/graphs/construction/negative-variants.js";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { SeededRandom } from "../../src/util/seeded-random.js";
import type { TaskRecord } from "../../src/schema/task.js";
import type { Message, TrajectoryRecord } from "../../src/schema/trajectory.js";
import { rejectionReason, verifyTrajectory } from "../../src/verify/verify-trajectory.js";
import { invoiceTask, weatherThenPackingTask } from "../helpers/negative-tasks.js";

const random = new SeededRandom("checks");
const models = resolveRoleModels({ seed: 1 });

const irrelevance = irrelevanceVariant.derive(weatherThenPackingTask(), { others: [invoiceTask()], random })!;
const missingInfo = missingInfoVariant.derive(weatherThenPackingTask(), { others: [], random })!;
const missingFunction = missingFunctionVariant.derive(weatherThenPackingTask(), { others: [], random })!;

function call(id: string, name: string, args: Record<string, unknown>): Message {
  return { role: "assistant", content: `I will call ${name}.`, tool_calls: [{ id, type: "function", function: { name, arguments: JSON.stringify(args) } }] };
}
function result(id: string, name: string, content: Record<string, unknown>): Message {
  return { role: "tool", tool_call_id: id, name, content: JSON.stringify(content) };
}

/** The simulator's (right) trajectory for the task, with its messages replaced after the system prompt when given. */
async function recordFor(task: TaskRecord, messages?: Message[]): Promise<TrajectoryRecord> {
  const record = await simulateTask(task, { models, seed: 1 });
  return messages ? { ...record, messages: [record.messages[0]!, ...messages] } : record;
}

function reasonOf(record: TrajectoryRecord, task?: TaskRecord): string | undefined {
  return rejectionReason(verifyTrajectory(record, { task }));
}

describe("behaviour checks for negative variants", () => {
  it("accept the simulator's trajectory for each variant, with or without the task at hand", async () => {
    for (const task of [irrelevance, missingInfo, missingFunction]) {
      const record = await recordFor(task);
      expect(record.reason, task.variant).toBeUndefined();
      expect(reasonOf(record, task), task.variant).toBeUndefined();
      // The facts ride in the record's meta, so `validate` on a trajectory file checks the same.
      expect(reasonOf(record), task.variant).toBeUndefined();
      const verdicts = verifyTrajectory(record, { task }).verdicts.map((verdict) => verdict.check);
      expect(verdicts).toContain(`${task.variant}-behaviour`);
    }
  });

  it("do not apply to ordinary trajectories", async () => {
    const record = await recordFor(weatherThenPackingTask());
    const checks = verifyTrajectory(record, { task: weatherThenPackingTask() }).verdicts.map((verdict) => verdict.check);
    expect(checks.filter((name) => name.endsWith("-behaviour"))).toEqual([]);
  });

  it("irrelevance: a call where none should be is rejected, naming the call", async () => {
    const user: Message = { role: "user", content: weatherThenPackingTask().task };
    const record = await recordFor(irrelevance, [
      user,
      call("c1", "get_invoice", { invoice_number: "Lisbon" }),
      result("c1", "get_invoice", { invoice_id: "INV-1", amount_due: 12 }),
      { role: "assistant", content: "I couldn't find a forecast; the invoice tool returned INV-1 instead." },
    ]);
    expect(reasonOf(record, irrelevance)).toMatch(/irrelevance-behaviour: irrelevance: message 2 calls 'get_invoice' \(call c1\), but none of the offered functions serves this request/);
  });

  it("irrelevance: a final answer that claims the work was done, or never says it cannot help, is rejected", async () => {
    const user: Message = { role: "user", content: weatherThenPackingTask().task };
    const claiming = await recordFor(irrelevance, [user, { role: "assistant", content: "I've checked the weather forecast for Lisbon: it will be sunny." }]);
    expect(reasonOf(claiming, irrelevance)).toMatch(/irrelevance: the final answer claims "I've checked the weather forecast for Lisbon/);
    const silent = await recordFor(irrelevance, [user, { role: "assistant", content: "Have a lovely trip to Lisbon!" }]);
    expect(reasonOf(silent, irrelevance)).toMatch(/irrelevance: the final answer never says that the request cannot be done/);
  });

  it("missing-info: a guessed value (a call before the user gave it) is rejected", async () => {
    const opening: Message = { role: "user", content: missingInfo.task };
    const guessed = await recordFor(missingInfo, [
      opening,
      call("c1", "get_forecast", { city: "Lisbon", date: "2025-06-15" }),
      result("c1", "get_forecast", { condition: "sunny", temperature_c: 24 }),
      call("c2", "suggest_outfit", { condition: "sunny", temperature_c: 24 }),
      result("c2", "suggest_outfit", { items: ["hat"] }),
      { role: "assistant", content: "Pack a hat." },
    ]);
    const reason = reasonOf(guessed, missingInfo);
    expect(reason).toMatch(/missing-info-behaviour: missing-info: message 2 calls 'get_forecast' \(call c1\) before the user gave the date; the value is guessed/);
    expect(reason).toMatch(/the date was never given by the user/);
  });

  it("missing-info: the withheld value used before the user gave it, or an answer ignored, is rejected", async () => {
    const opening: Message = { role: "user", content: missingInfo.task };
    const leaked = await recordFor(missingInfo, [
      opening,
      call("c1", "get_forecast", { city: "Lisbon", date: "2025-06-14" }),
      result("c1", "get_forecast", { condition: "sunny", temperature_c: 24 }),
      { role: "assistant", content: "Which date did you mean?" },
      { role: "user", content: "The date is 2025-06-14." },
      { role: "assistant", content: "Sunny; pack a hat." },
    ]);
    expect(reasonOf(leaked, missingInfo)).toMatch(/message 2 calls 'get_forecast' \(call c1\) before the user gave the date/);
    const ignored = await recordFor(missingInfo, [
      opening,
      { role: "assistant", content: "Which date should I check?" },
      { role: "user", content: "The date is 2025-06-14." },
      call("c1", "get_forecast", { city: "Lisbon", date: "2025-06-21" }),
      result("c1", "get_forecast", { condition: "sunny", temperature_c: 24 }),
      { role: "assistant", content: "Sunny; pack a hat." },
    ]);
    expect(reasonOf(ignored, missingInfo)).toMatch(/missing-info: message 4 'get_forecast' \(call c1\) sets 'date' to "2025-06-21", not the '2025-06-14' the user gave/);
    const toldUpFront = await recordFor(missingInfo, [{ role: "user", content: weatherThenPackingTask().task }, { role: "assistant", content: "Sunny." }]);
    expect(reasonOf(toldUpFront, missingInfo)).toMatch(/the opening request already states the date \('2025-06-14'\)/);
  });

  it("missing-function: a call to the withheld function is rejected, naming it", async () => {
    const user: Message = { role: "user", content: missingFunction.task };
    const record = await recordFor(missingFunction, [
      user,
      call("c1", "get_forecast", { city: "Lisbon", date: "2025-06-14" }),
      result("c1", "get_forecast", { condition: "sunny", temperature_c: 24 }),
      call("c2", "suggest_outfit", { condition: "sunny", temperature_c: 24 }),
      result("c2", "suggest_outfit", { items: ["hat"] }),
      { role: "assistant", content: "It will be sunny, 24 °C. I can't suggest clothes with my tools." },
    ]);
    expect(reasonOf(record, missingFunction)).toMatch(/missing-function-behaviour: missing-function: message 4 calls 'suggest_outfit' \(call c2\), a withheld function that is not offered/);
  });

  it("missing-function: a final answer that claims the withheld part was done is rejected", async () => {
    const user: Message = { role: "user", content: missingFunction.task };
    const done = [user, call("c1", "get_forecast", { city: "Lisbon", date: "2025-06-14" }), result("c1", "get_forecast", { condition: "sunny", temperature_c: 24 })];
    const claiming = await recordFor(missingFunction, [...done, { role: "assistant", content: "It will be sunny. Here are the clothes to pack for that forecast: a hat and shorts." }]);
    expect(reasonOf(claiming, missingFunction)).toMatch(/missing-function: the final answer claims "Here are the clothes to pack for that forecast/);
    const silent = await recordFor(missingFunction, [...done, { role: "assistant", content: "It will be sunny, 24 °C." }]);
    expect(reasonOf(silent, missingFunction)).toMatch(/missing-function: the final answer never says which part of the request cannot be done/);
  });

  it("every variant the stage makes from a batch gets an accepted simulator trajectory", async () => {
    const batch = [weatherThenPackingTask(), invoiceTask()];
    const { tasks } = applyNegativeVariants(batch, { mix: { "missing-info": 0.5, irrelevance: 0.5 }, seed: 2 });
    for (const task of tasks) {
      const record = await recordFor(task);
      expect(reasonOf(record, task), task.variant).toBeUndefined();
    }
  });
});
