import type { Message } from "../schema/trajectory.js";

/**
 * One call per assistant message: a turn with calls [A, B] and results [rA, rB] becomes
 * A, rA, B, rB (the turn's text stays with the first call). For chat templates that accept a
 * single call per message, such as Llama 3.1 JSON ("This model only supports single tool-calls
 * at once!"). The calls and their order are unchanged; only the parallel grouping is lost.
 */
export function splitParallelCalls<T extends Message>(messages: readonly T[]): T[] {
  const out: T[] = [];
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role !== "assistant" || (message.tool_calls?.length ?? 0) < 2) {
      out.push(message);
      continue;
    }
    const results: Message[] = [];
    while (index + 1 < messages.length && messages[index + 1]!.role === "tool") results.push(messages[++index]!);
    const calls = message.tool_calls!;
    calls.forEach((call, position) => {
      out.push({ ...message, content: position === 0 ? message.content : "", tool_calls: [call] } as T);
      for (const result of results) {
        if (result.role === "tool" && result.tool_call_id === call.id) out.push(result as T);
      }
    });
    // Results that answer none of the turn's calls stay, after the turn.
    for (const result of results) {
      if (result.role === "tool" && !calls.some((call) => call.id === result.tool_call_id)) out.push(result as T);
    }
  }
  return out;
}
