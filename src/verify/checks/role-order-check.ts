import type { TrajectoryCheck, CheckFinding } from "../trajectory-check.js";

/**
 * Roles come in a sensible order: the conversation opens with the user (after an optional
 * system message); tool messages follow an assistant turn that made calls; the assistant speaks
 * after tool results before the user does.
 */
export const roleOrderCheck: TrajectoryCheck = {
  name: "role-order",
  description: "opens with a user message; tool messages follow calls; tool results are answered by the assistant",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    const messages = record.messages;
    const first = messages.findIndex((message) => message.role !== "system");
    if (first >= 0 && messages[first]!.role !== "user") {
      findings.push({ detail: `the first message after the system prompt is from the ${messages[first]!.role}; it must be from the user` });
    }
    messages.forEach((message, index) => {
      const previous = messages[index - 1];
      if (message.role === "tool") {
        const afterCalls = previous?.role === "assistant" && (previous.tool_calls?.length ?? 0) > 0;
        if (!afterCalls && previous?.role !== "tool") {
          findings.push({ detail: `message ${index} is a tool result that follows a ${previous?.role ?? "nothing"} message, not an assistant's calls` });
        }
      }
      if (message.role === "user" && previous?.role === "tool") {
        findings.push({ detail: `message ${index} is a user message right after tool results; the assistant must answer the results first` });
      }
    });
    return findings;
  },
};
