import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { PropertySpec } from "../../../schema/function-spec.js";
import { messageText, readSection, type BoundTool, type SimSkill, type SimToolCall } from "../sim-request.js";
import { isToolErrorResult } from "../../../tools/tool-error-result.js";
import { fillArguments, type DoneCall, type ToolDefinition } from "./slot-filling.js";
import { reasonAbout } from "./answer-reasoning.js";
import { referenceDate, relativeDates } from "./relative-dates.js";
import { askForMissingValue, servedSubtasks, withUnservedParts } from "./negative-behaviour.js";

interface BriefSubtask {
  id: string;
  text: string;
  depends_on: string[];
  functions: string[];
  unserved?: boolean;
}


const PARALLEL_ON_MARKER = "call multiple functions in parallel";

/**
 * Plays the privileged assistant. From the briefing in `<subtasks>` it works out which
 * sub-tasks are ready (dependencies done), calls their functions — all ready ones at once
 * when the prompt allows parallel calls, one at a time otherwise — filling arguments from
 * earlier results first and the user's words second, and finishes with a final answer that
 * reports the values the tools returned. It answers natively (tool calls) when tools are
 * bound, and in BUTTON tags otherwise. A call whose result is an error is not done: it is
 * made once more on the next turn; if that fails too, the final answer reports the failure. After a final answer, a user's follow-up (e.g. a critic's
 * feedback) gets a revised, complete answer.
 */
export const simAssistantSkill: SimSkill = {
  name: "assistant",
  matches: (request) => readSection(request.system, "subtasks") !== undefined,
  respond(request) {
    const native = request.tools.length > 0;
    const subtasks = JSON.parse(readSection(request.system, "subtasks")!) as BriefSubtask[];
    const tools = native ? fromBoundTools(request.tools) : fromToolList(request.system);
    const parallel = request.system.includes(PARALLEL_ON_MARKER);
    const made = readHistory(request.messages, native);
    const history = made.filter((call) => !call.failed);
    const failures = unresolvedFailures(made);
    // A call that failed again after its retry is given up: report what worked and what did not.
    const givenUp = failures.filter((failure) => made.filter((call) => call.failed && sameCall(call, failure)).length >= 2);
    const userText = request.messages
      .filter((message) => message.getType() === "human" && !looksLikeToolTurn(messageText(message)))
      .map(messageText)
      .join("\n");
    if (givenUp.length > 0) return finalAnswer(userText, subtasks, history, native, false, givenUp);

    const asked = request.messages.some((message) => message.getType() === "ai" && messageText(message).trim().endsWith("?"));
    if (made.length === 0 && !asked && userText.split(/\s+/).filter(Boolean).length < 8) {
      return { content: "Happy to help. Could you tell me the specific details — names, dates, places or amounts — that I should use?" };
    }

    // Attribute each call made so far to the first sub-task still needing that function,
    // so two sub-tasks served by the same function (weather here, weather there) both run.
    const remaining = new Map(subtasks.map((subtask) => [subtask.id, subtask.functions.filter((name) => tools.has(name))]));
    const ownerOf = new Map<DoneCall, string>();
    for (const call of history) {
      const owner = subtasks.find((subtask) => remaining.get(subtask.id)!.includes(call.name));
      if (owner) {
        const list = remaining.get(owner.id)!;
        list.splice(list.indexOf(call.name), 1);
        ownerOf.set(call, owner.id);
      }
    }
    // A sub-task may only consume the results of the sub-tasks it depends on (and its own).
    const upstream = (subtask: BriefSubtask): Set<string> => {
      const seen = new Set<string>([subtask.id]);
      const stack = [...subtask.depends_on];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        stack.push(...(subtasks.find((candidate) => candidate.id === id)?.depends_on ?? []));
      }
      return seen;
    };
    const inputsFor = (subtask: BriefSubtask) => {
      const allowed = upstream(subtask);
      return history.filter((call) => !ownerOf.has(call) || allowed.has(ownerOf.get(call)!));
    };
    const done = new Set(subtasks.filter((subtask) => remaining.get(subtask.id)!.length === 0 && subtask.functions.length > 0).map((subtask) => subtask.id));
    // A sub-task without functions is reasoning: done as soon as what it depends on is done.
    let changed = true;
    while (changed) {
      changed = false;
      for (const subtask of subtasks) {
        if (!done.has(subtask.id) && remaining.get(subtask.id)!.length === 0 && subtask.depends_on.every((id) => done.has(id))) {
          done.add(subtask.id);
          changed = true;
        }
      }
    }
    const ready = subtasks.filter(
      (subtask) => !done.has(subtask.id) && remaining.get(subtask.id)!.length > 0 && subtask.depends_on.every((id) => done.has(id)),
    );
    const picked = (parallel ? ready : ready.slice(0, 1)).map((subtask) => ({ subtask, name: remaining.get(subtask.id)![0]! }));
    const chosen = picked.map((entry) => entry.name);

    if (chosen.length === 0) {
      // Sub-tasks no offered function serves (a negative variant) are said to be out of reach, not done.
      const reply = finalAnswer(userText, servedSubtasks(subtasks), history, native, revisionRequested(request.messages, native));
      return withUnservedParts(reply, subtasks, history, native);
    }

    // Values already given to a sibling call of this turn are a weak choice for the next one.
    const takenBySiblings = new Set<string>();
    const filled = picked.map(({ subtask, name }) => ({
      name,
      subtask,
      ...fillArguments(tools.get(name)!, userText, subtask.text, inputsFor(subtask), takenBySiblings),
    }));
    const lacking = filled.find((entry) => entry.missing.length > 0);
    if (lacking) {
      const parameter = lacking.missing[0]!;
      const spec = tools.get(lacking.name)!.parameters[parameter] ?? {};
      const what = String(spec.description ?? parameter.replace(/_/g, " ")).replace(/\.$/, "").toLowerCase();
      // Asked once already and still not given: say what is missing instead of inventing it.
      // Once tools have run, a reply without calls ends the dialogue (native protocol), so a value
      // the results did not give is reported, not asked for.
      if (asked || history.length > 0) return finalAnswer(userText, subtasks, history, native, false, [], `I could not ${lacking.subtask.text.charAt(0).toLowerCase()}${lacking.subtask.text.slice(1)} because I do not know the ${what}.`);
      return { content: `To ${lacking.subtask.text.charAt(0).toLowerCase()}${lacking.subtask.text.slice(1)} I need one more detail: what is the ${what}?` };
    }
    const calls: SimToolCall[] = filled.map((entry) => ({ name: entry.name, args: entry.args }));
    // A required value the user only hinted at ("a certain date") is asked for, not guessed.
    const subtaskOf = (call: SimToolCall) => picked.find((entry) => entry.name === call.name)?.subtask.text;
    const question = askForMissingValue(calls, tools, { userText, history, messages: request.messages }, subtaskOf);
    if (question) return question;
    const thought =
      made.length === 0
        ? `The user wants help with a task of ${subtasks.length} step${subtasks.length === 1 ? "" : "s"}. My plan:\n${subtasks
            .map((subtask, index) => `${index + 1}. ${subtask.text}${subtask.functions.length ? ` (using ${subtask.functions.join(", ")})` : ""}`)
            .join("\n")}\nI will start with ${[...new Set(chosen)].join(" and ")}.`
        : failures.length > 0
          ? `${failures.map(describeFailure).join(" ")} I will call ${chosen.join(" and ")} again.`
          : `I have the results of ${history[history.length - 1]!.name}. Next I will call ${chosen.join(" and ")}.`;
    // A date worked out from "this Saturday" is said out loud, so the reader sees where it came from.
    const reference = referenceDate(userText);
    const resolved = relativeDates(userText).filter((date) => calls.some((call) => Object.values(call.args).includes(date.iso)));
    const dating = reference && resolved.length > 0
      ? ` Today is ${reference.iso}, so ${[...new Map(resolved.map((date) => [date.phrase.toLowerCase(), date])).values()].map((date) => `"${date.phrase}" is ${date.iso}`).join(" and ")}.`
      : "";
    const said = `${thought}${dating}`;
    if (native) return { content: said, toolCalls: calls };
    const tagged = calls.map((call) => ({ name: call.name, arguments: call.args }));
    return { content: `${said}\n<call>${JSON.stringify(tagged)}</call>` };
  },
};

function finalAnswer(userText: string, subtasks: BriefSubtask[], history: DoneCall[], native: boolean, revising: boolean, givenUp: DoneCall[] = [], blocked?: string) {
  const userless = history.filter((call) => !call.failed);
  const lines = userless.map((call) => `- ${describeCall(call, userless, revising)}`);
  const reasoning =
    givenUp.length > 0
      ? givenUp.map((call) => `- I could not complete ${call.name.replace(/_/g, " ")}: ${errorOf(call).message ?? errorOf(call).type}. Please try again later.`)
      : subtasks
          .filter((subtask) => subtask.functions.length === 0)
          .map((subtask) => {
            const conclusion = reasonAbout(subtask.text, userless, `${userText} ${subtask.text}`);
            return conclusion ? `- ${subtask.text}: ${conclusion}` : `- ${subtask.text}: the results above do not settle this, so I cannot say for sure.`;
          });
  const opening = revising ? "You are right, here is the complete summary of every result:" : "Here is what I found:";
  const answer = [opening, ...lines, ...reasoning, ...(blocked ? [blocked] : [])].join("\n");
  const thought = revising
    ? "The user asked me to revise my answer, so I will report every value the functions returned."
    : givenUp.length > 0
      ? `${givenUp.map((call) => call.name).join(" and ")} failed again after a retry, so I will report what I have and what failed.`
      : blocked
        ? "A detail I need was not given, so I will report what I have and what is missing."
        : "All steps are complete, so I can summarise the results for the user.";
  return native ? { content: `${thought}\nFinal answer: ${answer}` } : { content: `${thought}\n<final>${answer}</final>` };
}

/** One call's results in words: "get tide times (Whitby): high tides 05:12 and 17:37, …". */
function describeCall(call: DoneCall, all: DoneCall[], complete: boolean): string {
  const distinguishing = Object.keys(call.arguments).find(
    (key) => all.filter((other) => other.name === call.name).length > 1 && new Set(all.filter((other) => other.name === call.name).map((other) => JSON.stringify(other.arguments[key]))).size > 1,
  );
  const label = distinguishing ? ` (${String(call.arguments[distinguishing])})` : "";
  const results = call.results && typeof call.results === "object" && !Array.isArray(call.results) ? (call.results as Record<string, unknown>) : { result: call.results };
  const facts = Object.entries(results)
    .slice(0, complete ? undefined : 8)
    .map(([key, value]) => `${key.replace(/_/g, " ")}: ${showValue(value)}`)
    .join(", ");
  return `${call.name.replace(/_/g, " ")}${label}: ${facts}`;
}

function showValue(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.every((entry) => typeof entry !== "object" || entry === null)) return value.map(String).join(", ");
    return value.map((entry) => `(${Object.entries(entry as Record<string, unknown>).map(([key, inner]) => `${key.replace(/_/g, " ")} ${showValue(inner)}`).join(", ")})`).join("; ");
  }
  if (value && typeof value === "object") return Object.entries(value as Record<string, unknown>).map(([key, inner]) => `${key.replace(/_/g, " ")} ${showValue(inner)}`).join(", ");
  return String(value);
}


function fromBoundTools(tools: BoundTool[]): Map<string, ToolDefinition> {
  return new Map(
    tools.map((tool) => {
      const parameters = (tool.function.parameters ?? {}) as { properties?: Record<string, PropertySpec>; required?: string[] };
      return [tool.function.name, { name: tool.function.name, parameters: parameters.properties ?? {}, required: parameters.required ?? [] }];
    }),
  );
}

function fromToolList(system: string): Map<string, ToolDefinition> {
  const list = readSection(system, "tool");
  const specs = list ? (JSON.parse(list) as Array<{ name: string; parameters?: Record<string, PropertySpec>; required?: string[] }>) : [];
  return new Map(specs.map((spec) => [spec.name, { name: spec.name, parameters: spec.parameters ?? {}, required: spec.required ?? [] }]));
}

function looksLikeToolTurn(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[")) return false;
  try {
    const parsed = JSON.parse(trimmed);
    return Array.isArray(parsed) && parsed.every((entry) => entry && typeof entry === "object" && "name" in entry && "results" in entry);
  } catch {
    return false;
  }
}

/** The calls made so far and their results, from either protocol's history. */
function readHistory(messages: BaseMessage[], native: boolean): DoneCall[] {
  const done: DoneCall[] = [];
  if (native) {
    const byId = new Map<string, { name: string; args: Record<string, unknown> }>();
    for (const message of messages) {
      if (AIMessage.isInstance(message)) for (const call of message.tool_calls ?? []) byId.set(call.id ?? "", { name: call.name, args: call.args });
      if (message.getType() === "tool") {
        const id = (message as unknown as { tool_call_id: string }).tool_call_id;
        const call = byId.get(id);
        if (call) {
          const results = safeJson(messageText(message));
          done.push({ name: call.name, arguments: call.args, results, failed: isToolErrorResult(results) });
        }
      }
    }
    return done;
  }
  for (const message of messages) {
    const text = messageText(message);
    if (message.getType() === "human" && looksLikeToolTurn(text)) {
      for (const entry of JSON.parse(text) as DoneCall[]) done.push({ ...entry, failed: isToolErrorResult(entry.results) });
    }
  }
  return done;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sameCall(left: DoneCall, right: DoneCall): boolean {
  return left.name === right.name && JSON.stringify(left.arguments) === JSON.stringify(right.arguments);
}

/** The latest failure of each call not yet followed by a success of the same call. */
function unresolvedFailures(calls: DoneCall[]): DoneCall[] {
  return calls.filter((call, index) => call.failed && !calls.slice(index + 1).some((later) => sameCall(later, call)));
}

function errorOf(call: DoneCall): { type: string; message?: string } {
  return (call.results as { error: { type: string; message?: string } }).error;
}

function describeFailure(call: DoneCall): string {
  const error = errorOf(call);
  return `The call to ${call.name} failed (${error.type}${error.message ? `: ${error.message}` : ""}).`;
}

/** The last turn is the user's, and the assistant's turn before it was a final answer. */
function revisionRequested(messages: BaseMessage[], native: boolean): boolean {
  const last = messages[messages.length - 1];
  if (!last || last.getType() !== "human" || looksLikeToolTurn(messageText(last))) return false;
  const previous = [...messages].reverse().find((message) => message.getType() === "ai");
  if (!previous) return false;
  const text = messageText(previous).trim();
  if (!native) return text.includes("<final>");
  return !(AIMessage.isInstance(previous) && (previous.tool_calls?.length ?? 0) > 0) && !text.endsWith("?");
}
