import { describe, expect, it } from "vitest";
import { isUserError } from "../../src/errors.js";
import { simulateTask } from "../../src/graphs/trajectory-graph.js";
import { trajectoryGraph } from "../../src/graphs/trajectory-graph-builder.js";
import { defineTrajectoryRole, roleMeta } from "../../src/graphs/trajectory/trajectory-role.js";
import { resolveRoleModels } from "../../src/models/resolve-model.js";
import { ScriptedChatModel } from "../../src/models/scripted-chat-model.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";
import { bookTask } from "../helpers/fixtures.js";

const sim = () => resolveRoleModels();
const task = bookTask();

/** A role that counts its visits in its meta entry and ends the graph. */
const auditor = defineTrajectoryRole({
  name: "auditor",
  routes: ["end"],
  async run(state) {
    const visits = (roleMeta<{ visits: number }>(state, "auditor")?.visits ?? 0) + 1;
    return { meta: { auditor: { visits, saw: state.messages.at(-1)?.role } }, next: "end" };
  },
});

function expectUserError(action: () => unknown, pattern: RegExp) {
  try {
    action();
    throw new Error("expected a UserError");
  } catch (error) {
    expect(isUserError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
  }
}

describe("trajectory graph builder", () => {
  it("builds the standard graph: the same record as simulateTask", async () => {
    const viaBuilder = await trajectoryGraph().simulate(task, { models: sim(), seed: 4 });
    const viaFunction = await simulateTask(task, { models: sim(), seed: 4 });
    expect(JSON.stringify(viaBuilder)).toBe(JSON.stringify(viaFunction));
    expect(trajectoryGraph().roleNames).toEqual(["user", "assistant", "tools"]);
    expect(viaBuilder.meta.roles).toBeUndefined();
  });

  it("replaces a role by name and keeps its meta in the record", async () => {
    const cannedUser = defineTrajectoryRole({
      name: "user",
      routes: ["assistant"],
      async run() {
        return { messages: [{ role: "user", content: 'Who wrote "The Silent Orchard", and when was that author born?' }], meta: { user: { canned: true } }, next: "assistant" };
      },
    });
    const userModel = new ScriptedChatModel([]);
    const record = await trajectoryGraph().replaceRole(cannedUser).simulate(task, { models: { ...sim(), user: userModel } });
    expect(record.reason).toBeUndefined();
    expect(record.messages[1]).toEqual({ role: "user", content: 'Who wrote "The Silent Orchard", and when was that author born?' });
    expect(record.meta.roles).toEqual({ user: { canned: true } });
    expect(userModel.calls).toHaveLength(0);
  });

  it("places an added role on a route: assistant → auditor → end", async () => {
    const base = trajectoryGraph();
    const audited = base.addRole(auditor, { between: ["assistant", "end"] });
    const record = await audited.simulate(task, { models: sim() });
    expect(record.reason).toBeUndefined();
    expect(record.meta.roles).toEqual({ auditor: { visits: 1, saw: "assistant" } });
    // Builders are immutable: the base graph has no auditor.
    expect(base.roleNames).toEqual(["user", "assistant", "tools"]);
    expect(audited.roleNames).toEqual(["user", "assistant", "tools", "auditor"]);
  });

  it("never visits an added role after a rejection", async () => {
    const assistant = new ScriptedChatModel(["no tags", "none again"]);
    const record = await trajectoryGraph()
      .addRole(auditor, { between: ["assistant", "end"] })
      .simulate(task, { models: { ...sim(), assistant }, protocol: "tagged", maxRetries: 1 });
    expect(record.reason).toMatch(/^unparseable-output/);
    expect(record.meta.roles).toBeUndefined();
  });

  it("gives an added role its own model when one is named, else the assistant's", async () => {
    const seen: string[] = [];
    const probe = defineTrajectoryRole({
      name: "probe",
      routes: ["end"],
      async run(state, { model, call }) {
        seen.push(`${(model as SimChatModel).seed}:${call.role}`);
        return { next: "end" };
      },
    });
    const graph = trajectoryGraph().addRole(probe, { between: ["assistant", "end"] });
    await graph.simulate(task, { models: { ...sim(), assistant: new SimChatModel({ seed: 0 }), probe: new SimChatModel({ seed: 9 }) } });
    await graph.simulate(task, { models: { ...sim(), assistant: new SimChatModel({ seed: 0 }) } });
    expect(seen).toEqual(["9:probe", "0:probe"]);
  });

  it("resolves models for added roles named in the settings", () => {
    const models = resolveRoleModels({ roles: { critic: "sim:5" } });
    expect((models.critic as SimChatModel).seed).toBe(5);
    expect(resolveRoleModels().critic).toBeUndefined();
  });

  it("says what to do when roles or routes do not fit", async () => {
    expectUserError(() => trajectoryGraph().replaceRole({ ...auditor }), /no role 'auditor' to replace .*use addRole/);
    expectUserError(() => trajectoryGraph().addRole({ ...auditor, name: "user" }), /already has a role 'user'; use replaceRole/);
    expectUserError(() => trajectoryGraph().addRole(auditor, { between: ["tools", "end"] }), /Role 'tools' never routes to 'end'/);
    expectUserError(() => trajectoryGraph().redirect("assistant", "end", "missing"), /add that role first/);
    expectUserError(() => trajectoryGraph().startAt("nobody"), /Cannot start at 'nobody'/);
    const lost = defineTrajectoryRole({ name: "lost", routes: ["nowhere"], run: async () => ({ next: "nowhere" }) });
    expectUserError(() => trajectoryGraph().addRole(lost).compile({ models: sim() }), /routes to 'nowhere', which is not in the graph/);
    const liar = defineTrajectoryRole({ name: "liar", routes: ["end"], run: async () => ({ next: "user" }) });
    await expect(trajectoryGraph().addRole(liar, { between: ["assistant", "end"] }).simulate(task, { models: sim() })).rejects.toThrow(
      /Role 'liar' asked to go to 'user', which is not among its routes/,
    );
  });
});
