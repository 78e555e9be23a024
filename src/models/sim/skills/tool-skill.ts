import type { PropertySpec } from "../../../schema/function-spec.js";
import { fakeValue, fitsType } from "../value-faker.js";
import { messageText, readSection, type SimSkill } from "../sim-request.js";

/**
 * Plays the tool agent: reads the one function definition in `<function>` and the call in
 * `<call>`, and returns a JSON object with every `responses` field. A result field named like
 * an argument echoes it, so results stay consistent with the call.
 */
export const simToolSkill: SimSkill = {
  name: "tool",
  matches: (request) => request.tools.length === 0 && readSection(request.system, "function") !== undefined,
  respond(request) {
    const spec = JSON.parse(readSection(request.system, "function")!) as {
      name: string;
      responses?: Record<string, PropertySpec>;
    };
    const first = request.messages.find((message) => message.getType() === "human");
    const callText = first ? readSection(messageText(first), "call") : undefined;
    const call = callText ? (JSON.parse(callText) as { arguments?: Record<string, unknown> }) : {};
    const args = call.arguments ?? {};
    const responses = spec.responses ?? {};
    const result: Record<string, unknown> = {};
    for (const [field, fieldSpec] of Object.entries(responses)) {
      result[field] = field in args && fitsType(args[field], fieldSpec) ? args[field] : fakeValue(field, fieldSpec, request.random, spec.name, args);
    }
    if (Object.keys(responses).length === 0) result.status = "success";
    return { content: JSON.stringify(result) };
  },
};
