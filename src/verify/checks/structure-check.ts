import { trajectorySchema } from "../../schema/trajectory.js";
import type { CheckFinding, TrajectoryCheck } from "../trajectory-check.js";

/** The record fits the trajectory schema and has the parts every conversation needs. */
export const structureCheck: TrajectoryCheck = {
  name: "structure",
  description: "fits the trajectory schema; has a user message; one system message at most, first; call ids unique within a turn; tool names unique",
  defaultSeverity: "reject",
  run(record) {
    const findings: CheckFinding[] = [];
    const parsed = trajectorySchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 5)) findings.push({ detail: `field '${issue.path.join(".")}': ${issue.message}` });
      return findings;
    }
    if (record.messages.length === 0) findings.push({ detail: "the record has no messages" });
    if (!record.messages.some((message) => message.role === "user")) findings.push({ detail: "the record has no user message" });
    record.messages.forEach((message, index) => {
      if (message.role === "system" && index !== 0) findings.push({ detail: `message ${index} is a system message; only the first message may be one` });
      if (message.role === "assistant" && (message.content ?? "") === "" && (message.tool_calls?.length ?? 0) === 0) {
        findings.push({ detail: `message ${index} is an assistant message with neither text nor tool calls` });
      }
    });
    // Ids must be unique within a turn; some sources (τ-bench) reuse them across turns, which
    // stays unambiguous because results follow their turn directly.
    record.messages.forEach((message, index) => {
      if (message.role !== "assistant") return;
      const ids = new Set<string>();
      for (const call of message.tool_calls ?? []) {
        if (ids.has(call.id)) findings.push({ detail: `message ${index} uses call id '${call.id}' for more than one call` });
        ids.add(call.id);
      }
    });
    const names = new Set<string>();
    for (const tool of record.tools) {
      if (names.has(tool.function.name)) findings.push({ detail: `tool '${tool.function.name}' is defined more than once` });
      names.add(tool.function.name);
    }
    return findings;
  },
};
