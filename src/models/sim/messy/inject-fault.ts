import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import { answerWordLimit } from "../../../agents/assistant-turn-checks.js";
import type { SeededRandom } from "../../../util/seeded-random.js";
import { messageText, type BoundTool } from "../sim-request.js";
import { renderOperation } from "../skills/construction/operation-text.js";
import { allDomains } from "../skills/construction/scenario-phrases.js";
import { reconcileValues, valueFor } from "../skills/construction/task-values.js";
import type { FaultEvidence, FaultKind } from "./fault-kinds.js";

/** A reply as the messy model edits it: text and tool calls. */
export interface DraftReply {
  content: string;
  toolCalls: Array<{ id?: string; name: string; args: Record<string, unknown> }>;
}

export interface FaultContext {
  /** The simulator skill that wrote the clean reply. */
  skill: string;
  messages: BaseMessage[];
  tools: BoundTool[];
  toolChoice?: string;
  random: SeededRandom;
  /** Hash of the request, so each fault's details are seeded by what was asked. */
  key: string;
}

export interface Spoiled {
  reply: DraftReply;
  kind: FaultKind;
  evidence: FaultEvidence;
}

type Injector = (reply: DraftReply, context: FaultContext) => Omit<Spoiled, "kind"> | undefined;

/** Sentences a clean simulator never writes, so a leaked fault can be found in the records. */
export const FAULT_TEXT = {
  trailingProse: "I hope this helps — let me know if you need anything else!",
  comment: "// here is the requested data",
  refusal: "I'm sorry, but I can't help with that request.",
  premature: "I have everything I need already, so here is my answer: it is all taken care of as you asked.",
  question: "Before I start, could you confirm all the details of your request once more?",
  filler: "To put this in context, it is worth adding a few general remarks about planning ahead and keeping records of what you arranged.",
  userNamesFunction: "Please use the {name} function for this.",
  userSolves: "I already worked it out myself: the answer is 42, so just confirm it.",
} as const;

function jsonText(reply: DraftReply): string | undefined {
  if (reply.toolCalls.length === 1 && reply.content.trim() === "") return JSON.stringify(reply.toolCalls[0]!.args, null, 2);
  if (reply.toolCalls.length === 0 && /^\s*[[{]/.test(reply.content)) return reply.content;
  return undefined;
}

/** Format faults: the JSON a model meant to give, written as text with the usual slips. */
const formatFaults: Partial<Record<FaultKind, Injector>> = {
  "code-fence": (reply) => {
    const json = jsonText(reply);
    return json === undefined ? undefined : { reply: { content: `\`\`\`json\n${json}\n\`\`\``, toolCalls: [] }, evidence: { text: "```" } };
  },
  "trailing-prose": (reply) => {
    const json = jsonText(reply);
    return json === undefined ? undefined : { reply: { content: `${json}\n\n${FAULT_TEXT.trailingProse}`, toolCalls: [] }, evidence: { text: FAULT_TEXT.trailingProse } };
  },
  "single-quotes": (reply) => {
    const json = jsonText(reply);
    if (json === undefined || json.includes("'") || json.includes('\\"')) return undefined;
    const quoted = json.replace(/"/g, "'");
    return { reply: { content: quoted, toolCalls: [] }, evidence: { text: quoted.slice(0, 40) } };
  },
  comments: (reply) => {
    const json = jsonText(reply);
    if (json === undefined || !json.trimStart().startsWith("{")) return undefined;
    const content = json.replace("{", `{\n  ${FAULT_TEXT.comment}\n`);
    return { reply: { content, toolCalls: [] }, evidence: { text: FAULT_TEXT.comment } };
  },
};

const toolFaults: Partial<Record<FaultKind, Injector>> = {
  ...formatFaults,
  "numeric-string": (reply) => {
    const value = parseObject(reply.content);
    const field = value && Object.keys(value).find((key) => typeof value[key] === "number");
    if (!value || !field) return undefined;
    const text = String(value[field]);
    return { reply: { content: JSON.stringify({ ...value, [field]: text }), toolCalls: [] }, evidence: { text: `"${field}":"${text}"` } };
  },
};

const assistantCallFaults: Partial<Record<FaultKind, Injector>> = {
  "empty-thought": (reply) => (reply.content.trim() === "" ? undefined : { reply: { ...reply, content: "" }, evidence: { empty_thought: true } }),
  "missing-argument": (reply, context) => {
    for (const [index, call] of reply.toolCalls.entries()) {
      const required = requiredOf(context.tools, call.name).filter((name) => name in call.args);
      if (required.length === 0) continue;
      const dropped = context.random.pick(required, "missing", context.key);
      const { [dropped]: _removed, ...args } = call.args;
      return { reply: withCall(reply, index, { ...call, args }), evidence: { call: call.name, missing: dropped } };
    }
    return undefined;
  },
  "unknown-function": (reply) => {
    const call = reply.toolCalls[0]!;
    const noun = call.name.split("_").slice(1).join("_") || call.name;
    const name = `lookup_${noun}_info`;
    return { reply: withCall(reply, 0, { ...call, name }), evidence: { call: name } };
  },
  "numeric-string": (reply) => {
    for (const [index, call] of reply.toolCalls.entries()) {
      const field = Object.keys(call.args).find((key) => typeof call.args[key] === "number");
      if (!field) continue;
      const value = String(call.args[field]);
      return { reply: withCall(reply, index, { ...call, args: { ...call.args, [field]: value } }), evidence: { call: call.name, argument: field, value } };
    }
    return undefined;
  },
  // Before any result: answering from knowledge (a later early answer is caught by the coverage check instead).
  "premature-final": (_reply, context) =>
    context.messages.some((message) => message.getType() === "tool")
      ? undefined
      : { reply: { content: FAULT_TEXT.premature, toolCalls: [] }, evidence: { text: FAULT_TEXT.premature } },
  refusal: () => ({ reply: { content: FAULT_TEXT.refusal, toolCalls: [] }, evidence: { text: FAULT_TEXT.refusal } }),
  "clarifying-question": (_reply, context) =>
    context.messages.some((message) => message.getType() === "ai" || message.getType() === "tool")
      ? undefined
      : { reply: { content: FAULT_TEXT.question, toolCalls: [] }, evidence: { text: FAULT_TEXT.question } },
};

const assistantFinalFaults: Partial<Record<FaultKind, Injector>> = {
  refusal: () => ({ reply: { content: FAULT_TEXT.refusal, toolCalls: [] }, evidence: { text: FAULT_TEXT.refusal } }),
  "over-long": (reply, context) => {
    const resultWords = context.messages
      .filter((message) => message.getType() === "tool")
      .reduce((sum, message) => sum + words(messageText(message)), 0);
    const target = 2 * answerWordLimit(resultWords);
    const padding: string[] = [];
    while (words(reply.content) + words(padding.join(" ")) <= target) padding.push(FAULT_TEXT.filler);
    const content = reply.content.includes("</final>")
      ? reply.content.replace("</final>", `\n${padding.join(" ")}</final>`)
      : `${reply.content}\n\n${padding.join(" ")}`;
    return { reply: { ...reply, content }, evidence: { text: FAULT_TEXT.filler } };
  },
};

const userFaults: Partial<Record<FaultKind, Injector>> = {
  "user-names-function": (reply) => {
    const nouns = reply.content
      .toLowerCase()
      .replace(/[^a-z\s]/g, " ")
      .split(/\s+/)
      .filter((word) => word.length > 3 && !["would", "like", "please", "could", "help", "with", "that", "this", "then", "need"].includes(word));
    const name = `${nouns[0] ?? "find"}_${nouns[1] ?? "details"}`;
    const sentence = FAULT_TEXT.userNamesFunction.replace("{name}", name);
    return { reply: { content: `${reply.content} ${sentence}`, toolCalls: [] }, evidence: { text: sentence } };
  },
  "user-solves-task": (reply) => ({
    reply: { content: `${reply.content} ${FAULT_TEXT.userSolves}`, toolCalls: [] },
    evidence: { text: FAULT_TEXT.userSolves },
  }),
};

const constructionFaults: Record<string, Partial<Record<FaultKind, Injector>>> = {
  compose_task: {
    ...formatFaults,
    "unrelated-subtask": (reply, context) => {
      const call = reply.toolCalls[0];
      const subtasks = (call?.args.subtasks ?? []) as Array<{ id: string; text: string }>;
      if (!call || subtasks.length === 0) return undefined;
      const domain = context.random.pick(allDomains(), "unrelated-domain", context.key);
      const starters = domain.operations.filter((operation) => operation.starter);
      const operation = context.random.pick(starters.length > 0 ? starters : domain.operations, "unrelated-operation", context.key);
      const values = reconcileValues(Object.fromEntries(operation.inputs.map((field) => [field, valueFor(field, context.random, "unrelated", context.key)])));
      const text = renderOperation(operation, values, []);
      const changed = subtasks.map((subtask, index) => (index === subtasks.length - 1 ? { ...subtask, text } : subtask));
      return { reply: withCall(reply, 0, { ...call, args: { ...call.args, subtasks: changed } }), evidence: { stage: "compose" } };
    },
  },
  define_functions: {
    ...formatFaults,
    "inconsistent-functions": (reply, context) => {
      const call = reply.toolCalls[0];
      if (!call) return undefined;
      const functions = (call.args.functions ?? []) as Array<{ name: string; parameters: Record<string, unknown>; required: string[]; responses: Record<string, unknown> }>;
      // Rename the parameters a later function shares with an earlier one's results, so the data no longer connects.
      for (const [index, consumer] of functions.entries()) {
        const produced = new Set(functions.slice(0, index).flatMap((producer) => Object.keys(producer.responses ?? {})));
        const shared = Object.keys(consumer.parameters ?? {}).filter((name) => produced.has(name));
        if (index === 0 || shared.length === 0) continue;
        const rename = (name: string) => (shared.includes(name) ? `opaque_token_${shared.indexOf(name) + 1}` : name);
        const changed = {
          ...consumer,
          parameters: Object.fromEntries(Object.entries(consumer.parameters).map(([name, spec]) => [rename(name), spec])),
          required: consumer.required.map(rename),
        };
        const all = functions.map((spec, position) => (position === index ? changed : spec));
        return { reply: withCall(reply, 0, { ...call, args: { ...call.args, functions: all } }), evidence: { stage: "generate-functions" } };
      }
      return undefined;
    },
  },
};

/** The injectors that fit this reply, by kind. */
export function applicableFaults(reply: DraftReply, context: FaultContext): Partial<Record<FaultKind, Injector>> {
  if (context.skill === "tool") return toolFaults;
  if (context.skill === "user") return userFaults;
  if (context.skill.startsWith("construction-")) {
    const name = context.toolChoice ?? "";
    return constructionFaults[name] ?? formatFaults;
  }
  if (context.skill === "assistant") {
    const native = context.tools.length > 0;
    if (native) return reply.toolCalls.length > 0 ? assistantCallFaults : reply.content.trim().endsWith("?") ? {} : assistantFinalFaults;
    // Tagged replies carry calls in text: only the faults that do not touch the call JSON.
    if (reply.content.includes("<call>")) {
      const { refusal, "premature-final": premature, "clarifying-question": question } = assistantCallFaults;
      return { refusal, "premature-final": premature, "clarifying-question": question };
    }
    return reply.content.includes("<final>") ? assistantFinalFaults : {};
  }
  return {};
}

/** Try the applicable kinds in a seeded order; the first that fits this reply spoils it. */
export function injectFault(reply: DraftReply, context: FaultContext, allowed: ReadonlySet<FaultKind>): Spoiled | undefined {
  const injectors = Object.entries(applicableFaults(reply, context)).filter(
    (entry): entry is [FaultKind, Injector] => entry[1] !== undefined && allowed.has(entry[0] as FaultKind),
  );
  const ordered = injectors
    .map((entry) => ({ entry, rank: context.random.unit("fault-kind", context.key, entry[0]) }))
    .sort((left, right) => left.rank - right.rank);
  for (const { entry } of ordered) {
    const [kind, inject] = entry;
    const spoiled = inject(reply, context);
    if (spoiled) return { ...spoiled, kind };
  }
  return undefined;
}

function withCall(reply: DraftReply, index: number, call: DraftReply["toolCalls"][number]): DraftReply {
  return { ...reply, toolCalls: reply.toolCalls.map((existing, position) => (position === index ? call : existing)) };
}

function requiredOf(tools: BoundTool[], name: string): string[] {
  const tool = tools.find((candidate) => candidate.function.name === name);
  return ((tool?.function.parameters as { required?: string[] } | undefined)?.required ?? []).slice();
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function words(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}

export function toAIMessage(reply: DraftReply, original: AIMessage): AIMessage {
  return new AIMessage({
    content: reply.content,
    tool_calls: reply.toolCalls.map((call, index) => ({ id: call.id ?? `call_messy_${index}`, name: call.name, args: call.args, type: "tool_call" as const })),
    usage_metadata: original.usage_metadata,
    response_metadata: original.response_metadata,
  });
}
