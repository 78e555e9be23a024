import type { Message, ToolMessage } from "../schema/trajectory.js";

/**
 * The tool messages of one turn, ordered as their calls were made in the assistant message that
 * precedes them; results that answer none of its calls keep their order, at the end. Formats
 * that pair results with calls by position (ShareGPT, Hermes, BUTTON) need this.
 */
export function resultsInCallOrder(group: readonly Message[], messages: readonly Message[]): ToolMessage[] {
  const first = messages.indexOf(group[0]!);
  let position = new Map<string, number>();
  for (let index = first - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role === "assistant") {
      position = new Map((message.tool_calls ?? []).map((call, order) => [call.id, order]));
      break;
    }
  }
  return (group as ToolMessage[])
    .map((message, arrival) => ({ message, order: position.get(message.tool_call_id) ?? position.size + arrival }))
    .sort((left, right) => left.order - right.order)
    .map(({ message }) => message);
}
