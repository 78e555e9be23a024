import type { Message } from "../schema/trajectory.js";
import { parseButtonSystemPrompt } from "./button-system-prompt.js";

/**
 * The record's own system text, without a BUTTON system prompt around it. Trajectories simulated
 * with the tagged protocol carry BUTTON's prompt, which restates the tools and asks for
 * `<call>` tags; other formats carry the tools in their own way, so writers keep only what
 * follows the template (often nothing). Undefined when nothing is left.
 */
export function ownSystemText(messages: readonly Message[]): string | undefined {
  const system = messages.find((message) => message.role === "system")?.content;
  if (system === undefined) return undefined;
  const parsed = parseButtonSystemPrompt(system);
  const own = parsed ? parsed.extra : system;
  return own.trim() === "" ? undefined : own;
}
