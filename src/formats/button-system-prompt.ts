import type { FunctionSpec } from "../schema/function-spec.js";

/**
 * BUTTON's system prompt, byte for byte as the method's README gives it (including the
 * trailing space after "below:", the spelling "fountion" and the two empty lines at the end),
 * because models trained on BUTTONInstruct saw exactly this text.
 */
export const BUTTON_SYSTEM_TEMPLATE = `You are an expert in using functions (i.e., tools) to solve users' tasks. The functions available for you to use are detailed below: 
<tool>
{tool_list}
</tool>

In your response, you need first provide your observation and thought on the user's task, the current situation, and what you plan to do next. After your thinking, you can do following two things:
**Function Call**: For fountion calling, you need to provide the function name and its arguments. The function name must be same as its name in above function list, and the arguments must obey the format required by the function. Enclose the function call within the tag "<call></call>". {parallel}
**Final Answer**: When you believe the task is complete, you may use 'final_answer' to provide a detailed summary of the results to give to the user, enclose the final answer within the tag "<final></final>".


`;

export const PARALLEL_OFF_SENTENCE =
  "You should call one function at a time, and wait for the response before calling the next function.";
export const PARALLEL_ON_SENTENCE =
  "If possible, you can call multiple functions in parallel, be sure the functions called parallelly are independent of each other.";

/** The tool list as it appears inside `<tool>…</tool>`: a JSON array of five-key specs. */
export function buttonToolList(specs: readonly FunctionSpec[]): string {
  return JSON.stringify(specs);
}

export function buttonSystemPrompt(specs: readonly FunctionSpec[], parallel: boolean): string {
  return BUTTON_SYSTEM_TEMPLATE.replace("{tool_list}", () => buttonToolList(specs)).replace("{parallel}", () =>
    parallel ? PARALLEL_ON_SENTENCE : PARALLEL_OFF_SENTENCE,
  );
}

/** What a BUTTON system prompt says: the tool list, the parallel switch, and any text after the template. */
export interface ParsedButtonSystemPrompt {
  /** The JSON text between `<tool>` and `</tool>`. */
  toolList: string;
  parallel: boolean;
  /** Text after the template (the original system message of a converted record), or "". */
  extra: string;
  /** False when the text has a `<tool>` block but otherwise differs from the template. */
  exact: boolean;
}

/** Parse a BUTTON system prompt; undefined when the text has no `<tool>…</tool>` block. */
export function parseButtonSystemPrompt(text: string): ParsedButtonSystemPrompt | undefined {
  const [head, tail] = BUTTON_SYSTEM_TEMPLATE.split("{tool_list}") as [string, string];
  if (text.startsWith(head)) {
    for (const parallel of [true, false]) {
      const ending = tail.replace("{parallel}", parallel ? PARALLEL_ON_SENTENCE : PARALLEL_OFF_SENTENCE);
      const closing = ending.slice(0, ending.indexOf("</tool>") + "</tool>".length);
      const end = text.indexOf(closing, head.length);
      if (end < 0) continue;
      const after = text.slice(end);
      if (after.startsWith(ending)) {
        return { toolList: text.slice(head.length, end), parallel, extra: after.slice(ending.length), exact: true };
      }
    }
  }
  const open = text.indexOf("<tool>");
  const close = text.lastIndexOf("</tool>");
  if (open < 0 || close < open) return undefined;
  return {
    toolList: text.slice(open + "<tool>".length, close).trim(),
    parallel: text.includes(PARALLEL_ON_SENTENCE),
    extra: "",
    exact: false,
  };
}
