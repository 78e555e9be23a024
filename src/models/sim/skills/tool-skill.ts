import type { PropertySpec } from "../../../schema/function-spec.js";
import { messageText, readSection, type SimSkill } from "../sim-request.js";
import { synthesiseResult } from "./result-synthesis.js";

/**
 * Plays the tool agent: reads the one function definition in `<function>` and the call in
 * `<call>`, and returns a JSON object with every `responses` field, consistent with the call
 * (echoed fields equal their arguments, totals follow from quantities, …; see result-synthesis).
 */
export const simToolSkill: SimSkill = {
  name: "tool",
  matches: (request) => request.tools.length === 0 && readSection(request.system, "function") !== undefined,
  respond(request) {
    const spec = JSON.parse(readSection(request.system, "function")!) as {
      name: string;
      description?: string;
      responses?: Record<string, PropertySpec>;
    };
    const first = request.messages.find((message) => message.getType() === "human");
    const callText = first ? readSection(messageText(first), "call") : undefined;
    const call = callText ? (JSON.parse(callText) as { arguments?: Record<string, unknown> }) : {};
    const result = synthesiseResult(
      { name: spec.name, description: spec.description ?? "", args: call.arguments ?? {}, random: request.random },
      spec.responses ?? {},
    );
    return { content: JSON.stringify(result) };
  },
};
