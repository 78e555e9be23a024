import type { TrajectoryCheck } from "../trajectory-check.js";

/** The record ships real tool definitions, not none and not ones inferred from its calls. */
export const toolsDeclaredCheck: TrajectoryCheck = {
  name: "tools-declared",
  description: "the record declares its tools (not inferred from the calls)",
  defaultSeverity: "warn",
  run(record) {
    const calls = record.messages.some((message) => message.role === "assistant" && (message.tool_calls?.length ?? 0) > 0);
    if (record.meta.tools_inferred === true) {
      return { detail: "the source declares no tools; names and arguments were checked against tools inferred from the calls" };
    }
    if (calls && record.tools.length === 0) return { detail: "the record makes calls but declares no tools" };
    return [];
  },
};
