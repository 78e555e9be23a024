import { UserError } from "../errors.js";
import type { OpenAITool } from "../schema/function-spec.js";
import type { Message, ToolCall } from "../schema/trajectory.js";
import { sequentialCallId } from "./call-ids.js";
import { argumentsText, finishRecord, readToolList, textContent } from "./canonical-record.js";
import { isObject, type RecordFormat, type RecordLocation } from "./record-format.js";

/**
 * ToolBench (ToolLLaMA) DFS answer files: `{win, tree, answer_generation: {function,
 * train_messages, final_answer, finish_type, valid_data, …}}`. The longest `train_messages` list is
 * the trajectory: OpenAI's legacy `function_call` on assistant turns and `function` role results.
 * ToolBench ends a trajectory by calling `Finish`; `Finish` with `give_answer` becomes the final
 * answer text (the call's thought kept as `thought`) and `Finish` leaves the tool list. A
 * `give_up_and_restart` Finish stays a call, so the checks reject it (no final answer). The
 * AutoGPT system prompt, which only explains ToolBench's calling convention, is kept in
 * `meta.source_system`.
 */
export const toolBenchFormat: RecordFormat = {
  name: "toolbench",
  description: "ToolBench DFS answer files (answer_generation.train_messages)",

  detect(value) {
    return isObject(value) && isObject(value.answer_generation) && "function" in value.answer_generation;
  },

  read(value, location = {}) {
    const answer = isObject(value) && isObject(value.answer_generation) ? value.answer_generation : undefined;
    if (!answer) throw new UserError("a ToolBench answer needs 'answer_generation'", { ...location, field: "answer_generation" });
    const lists = Array.isArray(answer.train_messages) ? answer.train_messages.filter(Array.isArray) : [];
    if (lists.length === 0) {
      throw new UserError(
        `this ToolBench answer has no train_messages (valid_data: ${String(answer.valid_data)}); the search found no trajectory to train on`,
        { ...location, field: "answer_generation.train_messages" },
      );
    }
    const longest = lists.reduce((best, list) => (list.length > best.length ? list : best));
    const tools = readToolList(answer.function, "answer_generation.function", location).filter((tool) => tool.function.name !== "Finish");
    const { messages, system } = readTrainMessages(longest, location);
    return finishRecord(
      {
        messages,
        tools: tools as OpenAITool[],
        meta: { source: "toolbench", finish_type: answer.finish_type, win: isObject(value) ? value.win : undefined, ...(system ? { source_system: system } : {}) },
      },
      location,
    );
  },
};

function readTrainMessages(list: unknown[], location: RecordLocation): { messages: Message[]; system?: string } {
  const messages: Message[] = [];
  let system: string | undefined;
  let callCount = 0;
  let lastCall: ToolCall | undefined;
  list.forEach((raw, index) => {
    const field = `answer_generation.train_messages.${index}`;
    if (!isObject(raw)) throw new UserError("each message must be a JSON object", { ...location, field });
    const content = textContent(raw.content);
    switch (raw.role) {
      case "system":
        system = content;
        return;
      case "user":
        messages.push({ role: "user", content: (content ?? "").trim() });
        return;
      case "assistant": {
        const thought = content && content !== "None" ? content.trim() : "";
        if (raw.function_call === undefined || raw.function_call === null) {
          messages.push({ role: "assistant", content: thought });
          return;
        }
        const call = readFunctionCall(raw.function_call, `${field}.function_call`, location);
        const finish = call.name === "Finish" ? finalAnswer(call.arguments) : undefined;
        if (finish !== undefined) {
          messages.push({ role: "assistant", content: finish, ...(thought ? { thought } : {}) });
          return;
        }
        lastCall = { id: sequentialCallId(callCount++), type: "function", function: call };
        messages.push({ role: "assistant", content: thought, tool_calls: [lastCall] });
        return;
      }
      case "function":
      case "tool":
        messages.push({
          role: "tool",
          tool_call_id: lastCall?.id ?? `unmatched${index}`,
          ...(typeof raw.name === "string" ? { name: raw.name } : {}),
          content: content ?? "",
        });
        return;
      default:
        throw new UserError(`unknown role '${String(raw.role)}'`, { ...location, field: `${field}.role` });
    }
  });
  return { messages, system };
}

/** `{name, arguments}` as an object, or as Python's repr of one (`{'name': 'f', 'arguments': '{}'}`). */
function readFunctionCall(raw: unknown, field: string, location: RecordLocation): { name: string; arguments: string } {
  if (isObject(raw) && typeof raw.name === "string") return { name: raw.name, arguments: argumentsText(raw.arguments) };
  if (typeof raw === "string") {
    const match = /^\{\s*'name':\s*'([^']+)',\s*'arguments':\s*(['"])([\s\S]*)\2\s*\}$/.exec(raw.trim());
    if (match) return { name: match[1]!, arguments: match[3]!.replace(/\\n/g, "\n").replace(/\\'/g, "'") };
  }
  throw new UserError("a function_call must be {name, arguments}", { ...location, field });
}

function finalAnswer(argumentsJson: string): string | undefined {
  try {
    const parsed = JSON.parse(argumentsJson) as { return_type?: unknown; final_answer?: unknown };
    return parsed.return_type === "give_answer" && typeof parsed.final_answer === "string" ? parsed.final_answer : undefined;
  } catch {
    return undefined;
  }
}
