import { describe, expect, it } from "vitest";
import { BUILT_IN_PERSONAS, nonNativePersona, vaguePersona } from "../../../src/agents/user-personas.js";
import { trajectoryGraph } from "../../../src/graphs/trajectory-graph-builder.js";
import { personaUserRole } from "../../../src/graphs/trajectory/persona-user-role.js";
import { resolveRoleModels } from "../../../src/models/resolve-model.js";
import { ScriptedChatModel } from "../../../src/models/scripted-chat-model.js";
import { bookTask, exampleTasks } from "../../helpers/fixtures.js";

const sim = () => resolveRoleModels();

describe("persona user role", () => {
  it("chooses a persona per task, deterministically by task id and seed, and records it", async () => {
    const graph = trajectoryGraph().replaceRole(personaUserRole());
    const tasks = exampleTasks().slice(0, 12);
    const personasFor = async (seed: number) => {
      const records = await Promise.all(tasks.map((task) => graph.simulate(task, { models: sim(), seed })));
      for (const record of records) expect(record.reason, record.task_id).toBeUndefined();
      return records.map((record) => (record.meta.roles as { user: { persona: string } }).user.persona);
    };
    const first = await personasFor(1);
    expect(await personasFor(1)).toEqual(first);
    expect(new Set(first)).toEqual(new Set(BUILT_IN_PERSONAS.map((persona) => persona.name)));
    expect(await personasFor(2)).not.toEqual(first);
  });

  it("puts the persona's description in the user agent's <persona> section", async () => {
    const user = new ScriptedChatModel(['Hello, please, I am needing the author of "The Silent Orchard" and his birthday.']);
    await trajectoryGraph()
      .replaceRole(personaUserRole({ personas: nonNativePersona }))
      .simulate(bookTask(), { models: { ...sim(), user } });
    const system = String(user.calls[0]!.messages[0]!.content);
    expect(system).toContain(`<persona>\n${nonNativePersona.description}\n</persona>`);
    expect(system).toContain(bookTask().task);
  });

  it("a vague user makes the assistant ask, then gives the details", async () => {
    const record = await trajectoryGraph()
      .replaceRole(personaUserRole({ personas: [vaguePersona] }))
      .simulate(bookTask(), { models: sim() });
    expect(record.reason).toBeUndefined();
    expect(record.messages.slice(1, 5).map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect((record.messages[1] as { content: string }).content).not.toContain("Silent Orchard");
    expect((record.messages[2] as { content: string }).content).toMatch(/\?$/);
    expect((record.messages[3] as { content: string }).content).toContain("The Silent Orchard");
  });

  it("accepts a choose function; undefined means a plain user", async () => {
    const role = personaUserRole({ choose: (task) => (task.id.endsWith("1-book-birthday") ? nonNativePersona : undefined) });
    const [book, weather] = exampleTasks();
    const graph = trajectoryGraph().replaceRole(role);
    const chosen = await graph.simulate(book!, { models: sim() });
    const plain = await graph.simulate(weather!, { models: sim() });
    expect(chosen.meta.roles).toEqual({ user: { persona: "non-native" } });
    expect((chosen.messages[1] as { content: string }).content).toMatch(/^Hello, please I need help\./);
    expect(plain.meta.roles).toEqual({ user: { persona: null } });
  });
});
