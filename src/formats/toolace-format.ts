import { UserError } from "../errors.js";
import { finishRecord, readToolList } from "./canonical-record.js";
import { balancedJsonAt } from "./json-scan.js";
import { isObject, type RecordFormat } from "./record-format.js";
import { shareGPTFormat } from "./sharegpt-format.js";

/**
 * ToolACE converted to ShareGPT (the `sharegpt_func_fixed.json` conversion): the tool list lives
 * only in the `system` prompt ("Here is a list of functions in JSON format that you can invoke:
 * […]"), `tools` is "[]", and observations are JSON lists of `{name, results}`. The reader takes
 * the tools from the prompt and drops the prompt itself (it only restates them with ToolACE's
 * output-format rules), keeping it in `meta.source_system`. The conversion is lossy — tool names
 * with spaces were cut to their last word — and the checks then report the calls to unknown
 * functions by name; the reader does not guess the names back.
 */
const TOOL_LIST_MARKER = "Here is a list of functions in JSON format that you can invoke:";

export const toolACEFormat: RecordFormat = {
  name: "toolace",
  description: "ToolACE in ShareGPT form (tool list inside the system prompt)",

  detect(value) {
    return isObject(value) && Array.isArray(value.conversations) && typeof value.system === "string" && value.system.includes(TOOL_LIST_MARKER);
  },

  read(value, location = {}) {
    if (!isObject(value) || typeof value.system !== "string") {
      throw new UserError("a ToolACE record needs 'system' with the tool list and 'conversations'", { ...location, field: "system" });
    }
    const listText = jsonListAfter(value.system, TOOL_LIST_MARKER);
    if (listText === undefined) {
      throw new UserError(`the system prompt has no JSON tool list after "${TOOL_LIST_MARKER}"`, { ...location, field: "system" });
    }
    const tools = readToolList(listText, "system", location);
    const { system: _system, ...rest } = value;
    const record = shareGPTFormat.read({ ...rest, tools: [] }, location);
    return finishRecord(
      { ...record, tools, parallel_tool_calls: undefined, meta: { ...record.meta, source: "toolace", source_system: value.system } },
      location,
    );
  },
};

/** The balanced JSON list that starts after `marker`. */
function jsonListAfter(text: string, marker: string): string | undefined {
  const at = text.indexOf(marker);
  const start = at < 0 ? -1 : text.indexOf("[", at);
  return start < 0 ? undefined : balancedJsonAt(text, start);
}
