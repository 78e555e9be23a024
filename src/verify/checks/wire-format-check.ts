import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";

/** What the OpenAI API (and the chat templates that follow it) accepts as a function name. */
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The record can be sent to an OpenAI-compatible API as is: every declared and called function
 * name fits `^[a-zA-Z0-9_-]{1,64}$` (the API refuses other names).
 */
export const wireFormatCheck: TrajectoryCheck = {
  name: "wire-format",
  description: "function names fit ^[a-zA-Z0-9_-]{1,64}$",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    for (const [index, tool] of record.tools.entries()) {
      const name = tool.function?.name ?? "";
      if (!FUNCTION_NAME.test(name)) findings.push({ detail: `tool ${index} is named '${shown(name)}'; a function name is 1-64 letters, digits, '_' or '-'` });
    }
    record.messages.forEach((message, index) => {
      if (message.role === "assistant") {
        for (const call of message.tool_calls ?? []) {
          if (!FUNCTION_NAME.test(call.function.name)) {
            findings.push({ detail: `message ${index} calls '${shown(call.function.name)}'; a function name is 1-64 letters, digits, '_' or '-'` });
          }
        }
      }
    });
    return findings;
  },
};

/**
 * A tool message whose content is empty. A warning, not a rejection: real GPT-4o trajectories
 * (τ-bench's `think` tool, 18 of 181 tool messages) answer with "" by design. A tool message
 * with no content at all is refused by the reader.
 */
export const emptyToolResultCheck: TrajectoryCheck = {
  name: "empty-tool-result",
  description: "tool messages carry a result (an empty string is warned)",
  defaultSeverity: "warn",
  run(record) {
    const findings: CheckFinding[] = [];
    record.messages.forEach((message, index) => {
      if (message.role === "tool" && message.content.trim() === "") {
        findings.push({ detail: `message ${index} is a tool message with empty content (call '${message.tool_call_id}')` });
      }
    });
    return findings;
  },
};

function shown(name: string): string {
  return name.length > 70 ? `${name.slice(0, 67)}…` : name;
}
