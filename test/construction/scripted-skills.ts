import type { SimRequest, SimSkill } from "../../src/models/sim/sim-request.js";
import { SimChatModel } from "../../src/models/sim/sim-chat-model.js";
import type { StageContext } from "../../src/graphs/construction/stage-context.js";

/**
 * A skill that answers one forced tool with scripted replies, in order (the last repeats):
 * an object becomes the tool call's arguments, a string a plain-text reply without a call.
 * It records the prompts it saw, so tests can check what the model was shown.
 */
export function scriptedSkill(tool: string, replies: Array<Record<string, unknown> | string>): SimSkill & { prompts: string[] } {
  let calls = 0;
  const prompts: string[] = [];
  return {
    name: `scripted-${tool}`,
    prompts,
    matches: (request: SimRequest) => request.toolChoice === tool,
    respond(request: SimRequest) {
      prompts.push(request.messages.map((message) => String(message.content)).join("\n---\n"));
      const reply = replies[Math.min(calls++, replies.length - 1)]!;
      return typeof reply === "string" ? { content: reply } : { content: "", toolCalls: [{ name: tool, args: reply }] };
    },
  };
}

export function stageContext(skills: SimSkill[], maxRetries = 1, seed = 1): StageContext {
  return { model: new SimChatModel({ seed, skills }), limit: (work) => work(), maxRetries };
}
