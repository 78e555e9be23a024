import type { TrajectoryRecord } from "../../schema/trajectory.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";
import { callTurns, describeCall, leafValues, parseArguments, parseJsonOrText } from "../record-view.js";

/**
 * Calls made together in one turn run in parallel, so none can use another's output. The rule:
 * a call is flagged when one of its argument values appears in the result of a sibling call from
 * the same turn and nowhere in the conversation before that turn (so the model could only have
 * known it from the sibling's output). Trivial values (booleans, integers up to 10, strings under
 * four characters) are ignored. A record that switches parallel calling off
 * (`parallel_tool_calls: false`) may not make several calls in one turn at all.
 */
export const parallelSanityCheck: TrajectoryCheck = {
  name: "parallel-sanity",
  description: "calls in one parallel turn do not use each other's outputs",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    for (const turn of callTurns(record)) {
      if (turn.calls.length < 2) continue;
      if (!record.parallel_tool_calls) {
        findings.push({ detail: `message ${turn.index} makes ${turn.calls.length} calls at once, but the record has parallel calls off` });
      }
      const before = textBefore(record, turn.index);
      for (const call of turn.calls) {
        const parsed = parseArguments(call.function.arguments);
        if ("problem" in parsed) continue;
        const used = leafValues(parsed.value).filter(isDistinctive);
        for (const sibling of turn.calls) {
          if (sibling.id === call.id) continue;
          const result = turn.results.find((message) => message.tool_call_id === sibling.id);
          if (!result) continue;
          const produced = new Set(leafValues(parseJsonOrText(result.content)).filter(isDistinctive).map(String));
          for (const value of used) {
            if (produced.has(String(value)) && !before.includes(String(value).toLowerCase())) {
              findings.push({
                detail: `call ${describeCall(call)} uses ${JSON.stringify(value)}, which first appears in the result of ${describeCall(sibling)} made in the same parallel turn`,
              });
            }
          }
        }
      }
    }
    return findings;
  },
};

function isDistinctive(value: unknown): boolean {
  if (typeof value === "string") return value.trim().length >= 4;
  if (typeof value === "number") return !(Number.isInteger(value) && Math.abs(value) <= 10);
  return false;
}

function textBefore(record: TrajectoryRecord, index: number): string {
  const parts: string[] = [];
  // The turn's own thought is written before its calls (e.g. "this Saturday is 2025-03-22").
  const own = record.messages[index];
  if (own?.role === "assistant" && own.content) parts.push(own.content);
  for (const message of record.messages.slice(0, index)) {
    if (message.content) parts.push(message.content);
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) parts.push(call.function.arguments);
  }
  return parts.join("\n").toLowerCase();
}
