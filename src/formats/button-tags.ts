import { ModelBehaviorError } from "../errors.js";
import type { Message } from "../schema/trajectory.js";
import type { AssistantTurn, ParsedCall } from "../schema/assistant-turn.js";

/**
 * BUTTON's text tags, shared by the `tagged` assistant protocol and the BUTTON reader and writer:
 * an assistant turn is a thought, then `<call>[{"name","arguments"}]</call>` or `<final>…</final>`;
 * a tool turn is a JSON list of `{name, arguments, results}` in call order.
 */
export function parseTaggedText(text: string): AssistantTurn {
  const call = lastTagged(text, "call");
  const final = lastTagged(text, "final");
  if (call && final) {
    throw new ModelBehaviorError(
      "unparseable-output",
      "Your reply contains both <call> and <final>. Either call functions or give the final answer, not both.",
      { output: text },
    );
  }
  if (call) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(call.body);
    } catch {
      throw new ModelBehaviorError(
        "unparseable-output",
        'The content of <call></call> is not valid JSON. Write a JSON list such as <call>[{"name": "f", "arguments": {"x": 1}}]</call>.',
        { output: text },
      );
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const calls: ParsedCall[] = list.map((entry) => {
      if (!entry || typeof entry !== "object" || typeof (entry as { name?: unknown }).name !== "string") {
        throw new ModelBehaviorError(
          "unparseable-output",
          'Each entry in <call></call> must be an object with a "name" string and an "arguments" object.',
          { output: text },
        );
      }
      const { name, arguments: args } = entry as { name: string; arguments?: unknown };
      return { name, arguments: args ?? {} };
    });
    if (calls.length === 0) {
      throw new ModelBehaviorError("unparseable-output", "<call></call> holds an empty list. Call at least one function.", {
        output: text,
      });
    }
    return { kind: "calls", thought: call.before, calls };
  }
  if (final) {
    if (final.body === "") {
      throw new ModelBehaviorError("empty-output", "<final></final> is empty. Write the answer for the user inside it.", {
        output: text,
      });
    }
    return { kind: "final", thought: final.before, answer: final.body };
  }
  const trimmed = text.trim();
  if (trimmed.endsWith("?")) return { kind: "question", text: trimmed };
  if (trimmed === "") {
    throw new ModelBehaviorError("empty-output", "Your reply was empty. Call functions with <call></call> or answer with <final></final>.");
  }
  throw new ModelBehaviorError(
    "unparseable-output",
    "Your reply has neither <call></call> nor <final></final>. Call functions inside <call></call> or give the final answer inside <final></final>.",
    { output: text },
  );
}

function lastTagged(text: string, tag: string): { before: string; body: string } | undefined {
  const open = `<${tag}>`;
  const start = text.indexOf(open);
  if (start < 0) return undefined;
  const end = text.indexOf(`</${tag}>`, start + open.length);
  const body = (end < 0 ? text.slice(start + open.length) : text.slice(start + open.length, end)).trim();
  return { before: text.slice(0, start).trim(), body: stripFence(body) };
}

function stripFence(body: string): string {
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/.exec(body);
  return fenced ? fenced[1]!.trim() : body;
}

/** An assistant message in BUTTON text: thought, then `<call>[…]</call>` or `<final>…</final>`. */
export function renderTaggedAssistant(message: Extract<Message, { role: "assistant" }>): string {
  if (message.tool_calls && message.tool_calls.length > 0) {
    const calls = message.tool_calls.map((call) => ({
      name: call.function.name,
      arguments: safeParse(call.function.arguments),
    }));
    return joinParts(message.content ?? "", `<call>${JSON.stringify(calls)}</call>`);
  }
  if (message.thought !== undefined) return joinParts(message.thought, `<final>${message.content ?? ""}</final>`);
  return message.content ?? "";
}

/** A BUTTON tool turn: the results of one assistant turn, ordered as the calls were made. */
export function renderToolTurn(toolMessages: Message[], all: Message[]): string {
  const entries = toolMessages.map((message, arrival) => {
    const toolMessage = message as Extract<Message, { role: "tool" }>;
    const found = findCall(all, toolMessage.tool_call_id);
    return {
      // Results that answer no known call keep their arrival order, after the known ones.
      order: found ? found.position : Number.MAX_SAFE_INTEGER - toolMessages.length + arrival,
      entry: {
        name: found?.call.function.name ?? toolMessage.name ?? "",
        arguments: found ? safeParse(found.call.function.arguments) : {},
        results: safeParse(toolMessage.content),
      },
    };
  });
  entries.sort((left, right) => left.order - right.order);
  return JSON.stringify(entries.map((item) => item.entry));
}

function findCall(messages: Message[], id: string) {
  for (const message of messages) {
    if (message.role === "assistant") {
      const position = message.tool_calls?.findIndex((call) => call.id === id) ?? -1;
      if (position >= 0) return { call: message.tool_calls![position]!, position };
    }
  }
  return undefined;
}

function joinParts(thought: string, tagged: string): string {
  return thought.trim() === "" ? tagged : `${thought.trim()}\n${tagged}`;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

