import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { PropertySpec } from "../../../schema/function-spec.js";
import { normaliseType } from "../../../tools/json-type.js";
import { fakeValue, fitsType } from "../value-faker.js";
import { messageText, readSection, type BoundTool, type SimRequest, type SimSkill, type SimToolCall } from "../sim-request.js";
import { extractEntities, type Entity } from "./request-entities.js";
import { isToolErrorResult } from "../../../tools/tool-error-result.js";
import { askForMissingValue, servedSubtasks, withUnservedParts } from "./negative-behaviour.js";

interface BriefSubtask {
  id: string;
  text: string;
  depends_on: string[];
  functions: string[];
  unserved?: boolean;
}

interface ToolDefinition {
  name: string;
  parameters: Record<string, PropertySpec>;
  required: string[];
}

interface DoneCall {
  name: string;
  arguments: Record<string, unknown>;
  results: unknown;
  /** The result was an error (`{"error":{…}}`): the call does not count as done. */
  failed?: boolean;
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
    if (givenUp.length > 0) return finalAnswer(subtasks, history, native, false, givenUp);
    const userText = request.messages
      .filter((message) => message.getType() === "human" && !looksLikeToolTurn(messageText(message)))
      .map(messageText)
      .join("\n");

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
      const reply = finalAnswer(servedSubtasks(subtasks), history, native, revisionRequested(request.messages, native));
      return withUnservedParts(reply, subtasks, history, native);
    }

    // Values already given to a sibling call of this turn are a weak choice for the next one.
    const usedValues = new Set<string>();
    const calls: SimToolCall[] = picked.map(({ subtask, name }) => ({
      name,
      args: fillArguments(tools.get(name)!, userText, subtask.text, inputsFor(subtask), usedValues, request),
    }));
    // A required value nobody stated is asked for, not guessed.
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
    if (native) return { content: thought, toolCalls: calls };
    const tagged = calls.map((call) => ({ name: call.name, arguments: call.args }));
    return { content: `${thought}\n<call>${JSON.stringify(tagged)}</call>` };
  },
};

function finalAnswer(subtasks: BriefSubtask[], history: DoneCall[], native: boolean, revising: boolean, givenUp: DoneCall[] = []) {
  const lines = history.map((call) => {
    const results = call.results && typeof call.results === "object" ? (call.results as Record<string, unknown>) : { result: call.results };
    const facts = Object.entries(results)
      .slice(0, revising ? undefined : 6)
      .map(([key, value]) => `${key.replace(/_/g, " ")}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
      .join(", ");
    return `- ${call.name.replace(/_/g, " ")}: ${facts}`;
  });
  const reasoning =
    givenUp.length > 0
      ? givenUp.map((call) => `- I could not complete ${call.name.replace(/_/g, " ")}: ${errorOf(call).message ?? errorOf(call).type}. Please try again later.`)
      : subtasks.filter((subtask) => subtask.functions.length === 0).map((subtask) => `- ${subtask.text}: ${reason(subtask.text, history)}`);
  const opening = revising ? "You are right, here is the complete summary of every result:" : "Here is what I found:";
  const answer = [opening, ...lines, ...reasoning].join("\n");
  const thought = revising
    ? "The user asked me to revise my answer, so I will report every value the functions returned."
    : givenUp.length > 0
      ? `${givenUp.map((call) => call.name).join(" and ")} failed again after a retry, so I will report what I have and what failed.`
      : "All steps are complete, so I can summarise the results for the user.";
  return native ? { content: answer } : { content: `${thought}\n<final>${answer}</final>` };
}

/**
 * Logic sub-tasks (sums, comparisons) are worked out from the numbers the tools returned,
 * so the final answer states a conclusion that the results support.
 */
function reason(text: string, history: DoneCall[]): string {
  // Label each call by the argument that tells the calls apart (the city, the mode, …).
  const distinguishing = Object.keys(history[0]?.arguments ?? {}).find(
    (key) => new Set(history.map((call) => JSON.stringify(call.arguments[key]))).size > 1,
  );
  const numbers = history.flatMap((call) => {
    const label = (distinguishing ? call.arguments[distinguishing] : undefined) ?? Object.values(call.arguments).find((value) => typeof value === "string") ?? call.name;
    const results = call.results && typeof call.results === "object" ? Object.entries(call.results as Record<string, unknown>) : [];
    return results.filter(([, value]) => typeof value === "number").map(([key, value]) => ({ label: String(label), key, value: value as number }));
  });
  if (numbers.length === 0) return "worked out from the results above.";
  const lowered = text.toLowerCase();
  if (/\b(add|total|sum|together|combined)\b/.test(lowered)) {
    const money = numbers.filter((entry) => /price|total|cost|amount|minutes|fee/.test(entry.key));
    const used = money.length > 0 ? money : numbers;
    const sum = Math.round(used.reduce((total, entry) => total + entry.value, 0) * 100) / 100;
    return `${used.map((entry) => entry.value).join(" + ")} = ${sum}.`;
  }
  const byKey = new Map<string, typeof numbers>();
  for (const entry of numbers) byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
  const compared = [...byKey.values()].find((entries) => entries.length > 1);
  if (compared) {
    const lower = /faster|cheaper|less|lower|shorter/.test(lowered);
    const best = compared.reduce((left, right) => ((lower ? right.value < left.value : right.value > left.value) ? right : left));
    const listing = compared.map((entry) => `${entry.label} ${entry.value}`).join(" vs ");
    return `${listing} (${compared[0]!.key.replace(/_/g, " ")}), so the answer is ${best.label}.`;
  }
  const first = numbers[0]!;
  return `based on ${first.key.replace(/_/g, " ")} ${first.value}, worked out from the results above.`;
}

function fillArguments(
  tool: ToolDefinition,
  userText: string,
  subtaskText: string,
  history: DoneCall[],
  usedValues: Set<string>,
  request: SimRequest,
): Record<string, unknown> {
  const entities = extractEntities(userText);
  const used = new Set<number>();
  const focus = subtaskText.toLowerCase();
  const resultValues = flattenResults(history);
  const args: Record<string, unknown> = {};
  const ordered = [...tool.required, ...Object.keys(tool.parameters).filter((name) => !tool.required.includes(name))];
  for (const name of ordered) {
    const spec = tool.parameters[name] ?? { type: "string" };
    const required = tool.required.includes(name);
    const fromResults = matchResult(name, spec, resultValues);
    if (fromResults !== undefined) {
      args[name] = fromResults;
      continue;
    }
    const fromRequest = matchEntity(name, spec, entities, used, userText, focus, usedValues, required);
    if (fromRequest !== undefined) {
      args[name] = fromRequest;
      usedValues.add(String(fromRequest));
      continue;
    }
    if (required) args[name] = fakeValue(name, spec, request.random, tool.name, userText);
  }
  return args;
}

function flattenResults(history: DoneCall[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const call of history) {
    const visit = (value: unknown, depth: number) => {
      if (!value || typeof value !== "object" || depth > 1) return;
      const entries = Array.isArray(value) ? (value.length ? [[undefined, value[0]]] : []) : Object.entries(value);
      for (const [key, entry] of entries as Array<[string | undefined, unknown]>) {
        if (key !== undefined && (typeof entry !== "object" || entry === null)) values.set(key.toLowerCase(), entry);
        else if (key !== undefined && Array.isArray(entry)) values.set(key.toLowerCase(), entry);
        visit(entry, depth + 1);
      }
    };
    visit(call.results, 0);
  }
  return values;
}

function matchResult(name: string, spec: PropertySpec, values: Map<string, unknown>): unknown {
  const key = name.toLowerCase();
  const candidates = [key, key.replace(/_id$/, ""), `${key}_id`];
  for (const candidate of candidates) {
    if (values.has(candidate) && fitsType(values.get(candidate), spec)) return values.get(candidate);
  }
  // "target_currency" names a new value, not the one a result already holds.
  if (/^(target|new|to|destination)_/.test(key)) return undefined;
  // Share a meaningful word: "departure_city" takes "city", "book_title" takes "title".
  const words = key.split("_").filter((word) => word.length > 3);
  for (const [field, value] of values) {
    if (words.some((word) => field.split("_").includes(word)) && fitsType(value, spec)) return value;
  }
  return undefined;
}

/** Words that usually stand right before a value of this kind of parameter. */
const LEAD_WORDS: Array<[RegExp, string[]]> = [
  [/origin|departure|source|from/, ["from "]],
  [/destination|arrival|target|to$/, ["to ", "into "]],
  [/city|location|place|branch|venue|area/, ["in ", "at ", "for "]],
  [/name|guest|holder/, ["name ", "under "]],
];

function matchEntity(
  name: string,
  spec: PropertySpec,
  entities: Entity[],
  used: Set<number>,
  text: string,
  focus: string,
  usedValues: Set<string>,
  required: boolean,
): unknown {
  const type = normaliseType(spec.type);
  const key = name.toLowerCase();
  if (Array.isArray(spec.enum)) {
    const options = spec.enum.map(String);
    const inFocus = options.find((option) => focus.includes(option.toLowerCase()));
    const inText = options.find((option) => text.toLowerCase().includes(option.toLowerCase()));
    return inFocus ?? inText ?? undefined;
  }
  if (type === "array") {
    const items = (spec.items as PropertySpec | undefined) ?? { type: "string" };
    if (normaliseType(items.type) !== "string") return undefined;
    const kind: Entity["kind"] = /email|attendee|recipient|participant|invitee/.test(key) ? "email" : "quoted";
    const values = entities.filter((entity) => entity.kind === kind).map((entity) => entity.value);
    return values.length > 0 ? values : undefined;
  }
  if (type === "boolean" || type === "object") return undefined;
  const description = String(spec.description ?? "").toLowerCase();
  const wanted: Entity["kind"][] =
    type === "number" || type === "integer"
      ? ["number"]
      : /date|day|birthday|deadline/.test(key) || /yyyy-mm-dd|\bdate\b/.test(description)
        ? ["date"]
        : /time/.test(key) || /hh:mm/.test(description)
          ? ["time"]
          : /email|^to$|recipient/.test(key) || /email address/.test(description)
            ? ["email"]
            : /(^|_)(id|code|number|vin|ticker|reference)$/.test(key) || /_id$/.test(key)
              ? ["code", "quoted"]
              : /query|keyword|search|topic/.test(key)
                ? ["quoted"]
                : ["quoted", "code", "name"];
  const words = key.split("_").filter((word) => word.length > 2);
  const leads = LEAD_WORDS.filter(([pattern]) => pattern.test(key)).flatMap(([, lead]) => lead);
  let best: { index: number; score: number } | undefined;
  entities.forEach((entity, index) => {
    if (!wanted.includes(entity.kind) || used.has(index)) return;
    if (type === "integer" && !Number.isInteger(entity.value)) return;
    const value = String(entity.value);
    const before = text.slice(Math.max(0, entity.start - 40), entity.start).toLowerCase();
    const nearWords = words.filter((word) => before.includes(word.replace(/s$/, "")) || value.toLowerCase().includes(word)).length;
    const leadHit = leads.some((lead) => before.endsWith(lead) || before.endsWith(`${lead}"`)) ? 1 : 0;
    const inFocus = focus.includes(value.toLowerCase()) ? 1 : 0;
    // Optional parameters are filled only when the request clearly points at a value.
    if (!required && nearWords + leadHit === 0) return;
    const score =
      (wanted.length - wanted.indexOf(entity.kind)) + inFocus * 2 + nearWords * 2 + leadHit * 3 - (usedValues.has(value) ? 3 : 0);
    if (!best || score > best.score) best = { index, score };
  });
  if (!best) {
    // A free-text query is best filled with what the sub-task asks for.
    if (type === "string" && /query|keyword|search|topic/.test(key)) return focus.replace(/^(search|find|look up|get)\s+(for\s+)?/i, "");
    return undefined;
  }
  used.add(best.index);
  return entities[best.index]!.value;
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
