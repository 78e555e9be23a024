/**
 * Compile-time checks that the package's entry points are really typed (not `any`): each
 * marked line must fail to type-check. `npm run typecheck` passes only if they all do.
 */
import { criticRole, realTool, resolveRoleModels, simulateTask, trajectoryGraph, type TaskRecord } from "button-synth";
import { z } from "zod";

// @ts-expect-error maxRounds is a number
criticRole({ maxRounds: "twice" });

declare const task: TaskRecord;
// @ts-expect-error models are required
void simulateTask(task, {});

const tool = realTool({ name: "add", input: z.object({ a: z.number(), b: z.number() }), run: ({ a, b }) => ({ sum: a + b }) });
// @ts-expect-error the input is inferred from the zod schema
void tool.run({ a: "1", b: 2 }, {});

// @ts-expect-error a placement names an existing route as a pair
trajectoryGraph().addRole(criticRole(), { between: "assistant" });

export const models: ReturnType<typeof resolveRoleModels> = resolveRoleModels();

// The scripted test model comes from its own entry point, typed.
import { ScriptedChatModel } from "button-synth/testing";
export const scripted = new ScriptedChatModel(["Hello."]);
// @ts-expect-error replies are strings or message-like objects, not numbers
new ScriptedChatModel([42]);
