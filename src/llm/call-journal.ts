import { createHash } from "node:crypto";
import type { BaseMessage } from "@langchain/core/messages";

/**
 * The identity of one request: the caller (stage or role) and the whole conversation sent.
 * The tools bound for a stage are fixed by the stage, so they need not be part of the key.
 */
export function requestKey(role: string, messages: readonly BaseMessage[]): string {
  const hash = createHash("sha256");
  hash.update(role);
  for (const message of messages) {
    hash.update("\u0000");
    hash.update(message.getType());
    hash.update("\u0001");
    hash.update(typeof message.content === "string" ? message.content : JSON.stringify(message.content));
    const calls = (message as { tool_calls?: unknown }).tool_calls;
    if (Array.isArray(calls) && calls.length > 0) hash.update(JSON.stringify(calls.map((call) => [call.name, call.args])));
    const callId = (message as { tool_call_id?: unknown }).tool_call_id;
    if (typeof callId === "string") hash.update(callId);
  }
  return hash.digest("hex");
}
